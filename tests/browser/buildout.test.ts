// The Build-out workspace against the real server: the project table, a road moved to under construction
// through the progress form (and the township's start rate in the rollup, checked against the summary API
// before and after), a bad entry refused next to its field with nothing changed, a county funding source
// added through the form (and in the summary's funding totals), a road drawn on the map, and what a viewer sees.
// Then what a county user trips over: a new road filed under the township it was drawn in (one it does not
// touch refused before sending), a township engineer's list opening on the township, the sample's dated
// history in the chart, money with two decimals in every table, tables that fit (or keep the name in view),
// and the geometry actions in view while editing.
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, createAccount, health, launchBrowser, mapReady, newContext, openSignedIn, shot as shotOf, startServer,
  waitFor,
  type ApiClient, type TestServer,
} from './harness'

interface Row { layer: string; code: string; name: string | null; townshipCode: string | null; status: string; noGeometry: boolean; version: number }
interface Rollup { projects: number; started: number; startRate: number | null }
interface Summary { total: Rollup & { funding: Record<string, number> }; townships: { code: string; total: Rollup }[] }
interface Detail {
  version: number
  log: { date: string; status: string; progressPct: number | null; source: string }[]
  funding: { id: number; source: string; amountCny: number }[]
  feature: { properties: Record<string, unknown> }
}

let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient
const shot = (name: string) => shotOf(page, name)
/** Names of this run: a reused PostgreSQL database (DATABASE_URL) may hold those of an earlier one. */
const RUN = Date.now().toString(36).slice(-5)
const JINLONG = '360729103'
const LONGXIA = '360729202'
const CHENGXIANG = '360729100'
/** Money in a table: 万元 with two decimals. */
const WAN = /^\d{1,3}(,\d{3})*\.\d{2}$/

/** The rate as the rollup shows it: a percentage with one decimal. */
const pct = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`)

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 150_000, 'the database', server.log)
  admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  page = await context.newPage()
  await page.goto(`${server.baseUrl}/#/buildout?county=${COUNTY}`)
  await mapReady(page)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('build-out workspace', () => {
  let road: Row
  let before: Rollup

  it('lists the county projects in a table, planned ones without geometry marked to draw', async () => {
    await page.getByTestId('buildout-table').waitFor({ timeout: 30_000 })
    const rows = await admin.get<Row[]>(`/api/projects?region=${COUNTY}`)
    expect(await page.locator('.bt-row').count()).toBe(rows.length)
    const undrawn = rows.filter((r) => r.noGeometry).length
    expect(await page.getByTestId('to-draw').count()).toBe(undrawn)
    const candidates = rows.filter((r) => r.layer === 'roads' && !r.noGeometry && r.townshipCode && (r.status === 'tendered' || r.status === 'planned'))
    expect(candidates.length).toBeGreaterThan(0)
    road = candidates.find((r) => r.status === 'tendered') ?? candidates[0]
    await shot('buildout-table.png')
  })

  it('shows the township start rate from the summary API in the rollup', async () => {
    const summary = await admin.get<Summary>(`/api/projects/summary?region=${road.townshipCode}`)
    before = summary.townships.find((t) => t.code === road.townshipCode)!.total
    await page.getByTestId('buildout-region').selectOption(road.townshipCode!)
    await page.locator('.bo-tab[data-tab="rollup"]').click()
    await expect.poll(() => page.getByTestId('rollup-start-rate').textContent(), { timeout: 15_000 }).toBe(pct(before.startRate))
  })

  it('opens a road from the table, with its panel, timeline and chart', async () => {
    await page.locator('.bo-tab[data-tab="projects"]').click()
    await page.locator(`.bt-row[data-code="${road.code}"]`).click()
    await page.locator(`[data-testid="buildout-project"][data-code="${road.code}"] [data-testid="progress-form"]`).waitFor({ timeout: 15_000 })
    await page.getByTestId('buildout-chart').waitFor()
    expect(await page.locator(`.bt-row[data-code="${road.code}"]`).getAttribute('class')).toContain('open')
    // The shared selection follows: the map highlights the road.
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain(road.code)
    await page.waitForTimeout(1000)
    await shot('buildout-project.png')
  })

  it('refuses progress 100 while under construction, next to the field, changing nothing', async () => {
    const detailBefore = await admin.get<Detail>(`/api/projects/roads/${encodeURIComponent(road.code)}`)
    const form = page.getByTestId('progress-form')
    await form.locator('select[name="status"]').selectOption('under_construction')
    await form.locator('input[name="progressPct"]').fill('100')
    if (road.status === 'planned') await form.locator('input[name="reason"]').fill('立项招标一并完成')
    await page.getByTestId('progress-submit').click()
    const message = page.getByTestId('field-error-progressPct')
    await message.waitFor({ timeout: 10_000 })
    // The server's reason in the reader's language (the status and the refused figure), never its English.
    expect(await message.textContent()).toBe('“在建”的项目进度应在 0.0%–99.9% 之间,不是 100.0%。')
    const detailAfter = await admin.get<Detail>(`/api/projects/roads/${encodeURIComponent(road.code)}`)
    expect(detailAfter.version).toBe(detailBefore.version)
    expect(detailAfter.log.length).toBe(detailBefore.log.length)
    await shot('buildout-bad-entry.png')
  })

  it('moves the road to under construction and the township start rate rises in the rollup', async () => {
    const form = page.getByTestId('progress-form')
    await form.locator('input[name="progressPct"]').fill('15')
    await form.locator('input[name="note"]').fill('开工')
    await page.getByTestId('progress-submit').click()
    await expect.poll(async () => (await admin.get<Detail>(`/api/projects/roads/${encodeURIComponent(road.code)}`)).feature.properties.status, { timeout: 10_000 })
      .toBe('under_construction')
    await page.locator('[data-testid="timeline"] li').first().waitFor()
    expect(await page.locator('[data-testid="timeline"] li').first().textContent()).toContain('在建')
    await page.waitForTimeout(500)
    await shot('buildout-project-after.png')
    await page.getByTestId('buildout-chart').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await shot('buildout-project-chart.png')

    const summary = await admin.get<Summary>(`/api/projects/summary?region=${road.townshipCode}`)
    const after = summary.townships.find((t) => t.code === road.townshipCode)!.total
    expect(after.started).toBe(before.started + 1)
    expect(after.startRate).not.toBe(before.startRate)
    await page.locator('.bo-tab[data-tab="rollup"]').click()
    await expect.poll(() => page.getByTestId('rollup-start-rate').textContent(), { timeout: 15_000 }).toBe(pct(after.startRate))
    await page.getByTestId('rollup-chart').waitFor()
    await shot('buildout-rollup.png')
  })

  it('adds a county funding source to the road through the form; the summary counts it under its name', async () => {
    const source = `县衔接资金${RUN}`
    const summaryBefore = await admin.get<Summary>(`/api/projects/summary?region=${COUNTY}`)
    expect(summaryBefore.total.funding[source]).toBeUndefined()
    await page.locator('.bo-tab[data-tab="projects"]').click()
    const panel = page.locator(`[data-testid="buildout-project"][data-code="${road.code}"]`)
    const form = panel.getByTestId('funding-form')
    await form.waitFor({ timeout: 15_000 })

    // A blank name is refused, with the server's message next to the field.
    await form.locator('input[name="amountCny"]').fill('12.5')
    await form.getByTestId('funding-add').click()
    await panel.getByTestId('funding-error-source').waitFor({ timeout: 10_000 })
    expect(await panel.getByTestId('funding-line').count()).toBe(0)

    await form.locator('input[name="source"]').fill(source)
    await form.locator('input[name="amountCny"]').fill('12.5')
    await form.getByTestId('funding-add').click()
    const line = panel.locator(`[data-testid="funding-line"][data-source="${source}"]`)
    await line.waitFor({ timeout: 10_000 })
    expect(await line.textContent()).toContain('12.5')
    const detail = await admin.get<Detail>(`/api/projects/roads/${encodeURIComponent(road.code)}`)
    expect(detail.funding).toEqual([expect.objectContaining({ source, amountCny: 125_000 })])
    const summaryAfter = await admin.get<Summary>(`/api/projects/summary?region=${COUNTY}`)
    expect(summaryAfter.total.funding[source]).toBe(125_000)

    // A second line, removed again after confirming.
    await form.locator('input[name="source"]').fill(`临时来源${RUN}`)
    await form.locator('input[name="amountCny"]').fill('1')
    await form.getByTestId('funding-add').click()
    const extra = panel.locator(`[data-testid="funding-line"][data-source="临时来源${RUN}"]`)
    await extra.waitFor({ timeout: 10_000 })
    await extra.getByTestId('funding-remove').click()
    await page.getByTestId('funding-remove-confirm').click()
    await extra.waitFor({ state: 'detached', timeout: 10_000 })
    expect((await admin.get<Detail>(`/api/projects/roads/${encodeURIComponent(road.code)}`)).funding.map((f) => f.source)).toEqual([source])

    await panel.getByTestId('funding').evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await page.waitForTimeout(300)
    await shot('buildout-funding.png')
  })

  it('exports the listed projects and the township rollup to Excel, the county funding source among the columns', async () => {
    const source = `县衔接资金${RUN}`
    const region = await page.getByTestId('buildout-region').inputValue()
    expect(region).toBe(road.townshipCode)
    const summary = await admin.get<Summary>(`/api/projects/summary?region=${region}`)
    const listed = await page.locator('.bt-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code))
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('buildout-export').click()])
    expect(download.suggestedFilename()).toMatch(/^全南县.+建设项目台账_\d{4}-\d{2}-\d{2}\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await download.path())!)
    const projects = workbook.getWorksheet('项目台账')!
    expect(projects.rowCount).toBe(3 + listed.length)
    expect(projects.getRows(4, listed.length)!.map((r) => r.getCell(1).value)).toEqual(listed)
    const roadRow = projects.getRows(4, listed.length)!.find((r) => r.getCell(1).value === road.code)!
    expect(roadRow.getCell(5).value).toBe('在建')
    const rollup = workbook.getWorksheet('汇总')!
    const header = (rollup.getRow(3).values as unknown[]).map(String)
    const column = header.indexOf(`${source}(万元)`)
    expect(column).toBeGreaterThan(0)
    const total = rollup.getRow(rollup.rowCount - (summary as unknown as { notes: string[] }).notes.length - 1)
    expect(total.getCell(1).value).toBe('合计')
    expect(total.getCell(2).value).toBe(summary.townships.find((t) => t.code === region)!.total.projects)
    expect(total.getCell(column).value).toBeCloseTo((summary.townships.find((t) => t.code === region)!.total as Summary['total']).funding[source] / 10_000, 6)
  })

  it('opens the print view: the map as an image, the township’s start rate and rollup by type as the summary API counts them', async () => {
    const region = road.townshipCode!
    const summary = await admin.get<{ townships: { code: string; total: Rollup; byType: Record<string, Rollup> }[] }>(`/api/projects/summary?region=${region}`)
    const town = summary.townships.find((t) => t.code === region)!
    await page.getByTestId('buildout-print').click()
    const view = page.getByTestId('buildout-print-view')
    await view.waitFor()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="buildout-print-view"]')?.dataset.map !== 'loading', null, { timeout: 20_000 })
    expect(await view.getAttribute('data-map')).toBe('done')
    expect((await page.getByTestId('buildout-print-map').getAttribute('src'))?.startsWith('data:image/png')).toBe(true)
    await expect.poll(() => page.getByTestId('buildout-print-start-rate').textContent(), { timeout: 15_000 }).toBe(pct(town.total.startRate))
    expect(await page.locator('[data-testid="buildout-print-rollup"] tbody tr').count()).toBe(Object.keys(town.byType).length + 1)
    await shot('buildout-print.png')
    await page.getByTestId('buildout-print-close').click()
    await view.waitFor({ state: 'detached' })
  })

  it('draws a new road on the map and saves it; the server measures it', async () => {
    await page.locator('.bo-tab[data-tab="projects"]').click()
    await page.getByTestId('create-open').click()
    await page.getByTestId('create-type').selectOption('road')
    await page.getByTestId('create-start').click()
    const box = (await page.getByTestId('map').boundingBox())!
    const points = [[box.x + 120, box.y + 300], [box.x + 220, box.y + 360], [box.x + 330, box.y + 330]]
    for (const [x, y] of points) {
      await page.mouse.move(x, y, { steps: 4 })
      await page.mouse.click(x, y)
      await page.waitForTimeout(150)
    }
    await page.mouse.move(box.x + 360, box.y + 300, { steps: 4 })
    await shot('buildout-drawing.png')
    // Clicking the last point again finishes the line.
    await page.mouse.move(points[2][0], points[2][1], { steps: 4 })
    await page.mouse.click(points[2][0], points[2][1])
    const form = page.getByTestId('create-form')
    await form.waitFor({ timeout: 10_000 })
    const code = await form.locator('input[name="code"]').inputValue()
    expect(code).toMatch(new RegExp(`^${COUNTY}-RD-NEW-\\d{3}$`))
    await form.locator('input[name="name"]').fill('测试新建村道')
    await page.getByTestId('create-save').click()
    await page.locator(`[data-testid="buildout-project"][data-code="${code}"]`).waitFor({ timeout: 15_000 })
    const created = await admin.get<Detail>(`/api/projects/roads/${encodeURIComponent(code)}`)
    expect(created.feature.properties.status).toBe('planned')
    expect(Number(created.feature.properties.lengthM)).toBeGreaterThan(0)
    await page.waitForTimeout(800)
    await shot('buildout-drawn.png')
  })

  it('shows a viewer the table, the project and the rollup, with nothing to change', async () => {
    const username = `bo_viewer_${RUN}`
    const password = 'buildout-viewer-secret-1'
    const created = await createAccount(admin, server.baseUrl, { username, password, role: 'viewer', regionCode: COUNTY, displayName: '建设进度查看员' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const viewerPage = await openSignedIn(browser, server.baseUrl, username, password, `#/buildout?county=${COUNTY}`)
    try {
      await viewerPage.getByTestId('buildout-table').waitFor({ timeout: 30_000 })
      expect(await viewerPage.locator('.bt-row').count()).toBeGreaterThan(0)
      expect(await viewerPage.getByTestId('create-open').count()).toBe(0)

      await viewerPage.locator(`.bt-row[data-code="${road.code}"]`).click()
      const panel = viewerPage.locator(`[data-testid="buildout-project"][data-code="${road.code}"]`)
      await panel.getByTestId('timeline').waitFor({ timeout: 15_000 })
      // The county's own funding source is listed, read-only.
      await panel.getByTestId('funding-line').first().waitFor()
      for (const id of ['progress-form', 'geometry-tools', 'funding-form', 'funding-remove']) {
        expect(await viewerPage.getByTestId(id).count(), id).toBe(0)
      }
      expect(await viewerPage.getByTestId('create-open').count()).toBe(0)
      await shotOf(viewerPage, 'buildout-viewer.png')

      await viewerPage.locator('.bo-tab[data-tab="rollup"]').click()
      await viewerPage.getByTestId('buildout-rollup').waitFor()
      await viewerPage.getByTestId('rollup-start-rate').waitFor({ timeout: 15_000 })
    } finally {
      await viewerPage.context().close()
    }
  })
})

/** Clicks the map at lon/lat positions, after bringing them into view. */
async function screenPoints(lonLats: number[][]): Promise<[number, number][]> {
  return page.evaluate((pts) => {
    const map = window.__map!
    map.jumpTo({ center: [114.4, 24.74], zoom: 11 })
    const box = map.getCanvas().getBoundingClientRect()
    return pts.map(([x, y]) => {
      const p = map.project([x, y])
      return [box.left + p.x, box.top + p.y] as [number, number]
    })
  }, lonLats)
}

describe('build-out: what a county user trips over', () => {
  beforeAll(async () => {
    // Back to the whole county's project list, nothing open.
    await page.locator('.bo-tab[data-tab="projects"]').click()
    await page.getByTestId('buildout-region').selectOption(COUNTY)
    await page.keyboard.press('Escape')
    await page.getByTestId('buildout-project').waitFor({ state: 'detached' })
  })

  it('files a road drawn in 金龙镇 and 龙下乡 under 金龙镇, says why, and refuses 城厢镇 before sending', async () => {
    await page.getByTestId('create-open').click()
    await page.getByTestId('create-type').selectOption('road')
    await page.getByTestId('create-start').click()
    // 湖坑村 → 大田村 (金龙镇) → 大湾村 → 布心村 (龙下乡): about 8.3 km in 金龙镇, 3.6 km in 龙下乡.
    const points = await screenPoints([[114.410163, 24.790155], [114.394501, 24.726113], [114.393235, 24.708618], [114.416512, 24.697571]])
    for (const [x, y] of points) {
      await page.mouse.move(x, y, { steps: 4 })
      await page.mouse.click(x, y)
      await page.waitForTimeout(150)
    }
    const [lx, ly] = points[points.length - 1]
    await page.mouse.move(lx + 3, ly, { steps: 2 })
    await page.mouse.move(lx, ly, { steps: 2 })
    await page.mouse.click(lx, ly)
    const form = page.getByTestId('create-form')
    await form.waitFor({ timeout: 10_000 })
    const township = form.locator('select[name="townshipCode"]')
    expect(await township.inputValue()).toBe(JINLONG)
    const rule = await page.getByTestId('create-township-rule').textContent()
    expect(rule).toMatch(/^按所画线路在各乡镇境内的长度确定,取境内最长的乡镇:金龙镇 8\.\d km、龙下乡 3\.\d km。也可改为图形经过的其他乡镇。$/)
    await shot('buildout-create-township.png')

    const before = (await admin.get<Row[]>(`/api/projects?region=${COUNTY}`)).length
    await township.selectOption(CHENGXIANG)
    expect(await page.getByTestId('create-township-error').textContent()).toBe('所画图形不在城厢镇境内,只能归入它所在的乡镇:金龙镇、龙下乡。')
    expect(await page.getByTestId('create-save').isDisabled()).toBe(true)
    await shot('buildout-create-township-refused.png')
    // The other township the road crosses may be chosen.
    await township.selectOption(LONGXIA)
    expect(await page.getByTestId('create-township-error').count()).toBe(0)
    expect((await admin.get<Row[]>(`/api/projects?region=${COUNTY}`)).length).toBe(before)

    await township.selectOption(JINLONG)
    const code = await form.locator('input[name="code"]').inputValue()
    await form.locator('input[name="name"]').fill(`金龙至龙下连通公路${RUN}`)
    await page.getByTestId('create-save').click()
    await page.locator(`[data-testid="buildout-project"][data-code="${code}"]`).waitFor({ timeout: 15_000 })
    const created = await admin.get<Detail>(`/api/projects/roads/${encodeURIComponent(code)}`)
    expect(created.feature.properties.townshipCode).toBe(JINLONG)
    await page.getByRole('button', { name: '返回列表' }).click()
  })

  it('shows the sample’s dated history in a project’s chart and log, not an entry of today', async () => {
    const rows = await admin.get<Row[]>(`/api/projects?region=${COUNTY}`)
    const site = rows.find((r) => r.layer === 'sites' && r.status === 'accepted')!
    const detail = await admin.get<Detail>(`/api/projects/sites/${site.code}`)
    await page.locator(`.bt-row[data-code="${site.code}"]`).click()
    const chart = page.getByTestId('buildout-chart')
    await chart.waitFor({ timeout: 15_000 })
    // A point per dated entry with progress, and the actual line through them.
    expect(await chart.locator('circle').count()).toBe(new Set(detail.log.map((e) => e.date)).size)
    expect(await chart.locator('circle').count()).toBeGreaterThanOrEqual(6)
    expect((await chart.locator('path.actual').getAttribute('d'))!.split('V').length).toBeGreaterThanOrEqual(4)
    const dates = await page.locator('[data-testid="timeline"] li strong').allTextContents()
    expect(dates).toEqual([...detail.log].reverse().map((e) => e.date))
    expect(dates.every((d) => d <= '2018-12-31')).toBe(true)
    await chart.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.waitForTimeout(300)
    await shot('buildout-history-chart.png')
  })

  it('keeps the geometry actions in view while editing, however far the card is scrolled, and only for its own session', async () => {
    const rows = await admin.get<Row[]>(`/api/projects?region=${COUNTY}`)
    const road = rows.find((r) => r.layer === 'roads' && !r.noGeometry && r.status === 'completed')!
    await page.locator(`.bt-row[data-code="${road.code}"]`).click()
    await page.locator(`[data-testid="buildout-project"][data-code="${road.code}"] [data-testid="geometry-edit"]`).click()
    await page.getByTestId('geometry-save').waitFor()
    for (const top of [0, 400, 100_000]) {
      await page.locator('.bo-project').evaluate((el, y) => { el.scrollTop = y }, top)
      await page.waitForTimeout(150)
      const visible = await page.getByTestId('geometry-save').evaluate((button) => {
        const r = button.getBoundingClientRect()
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
        return r.bottom <= window.innerHeight && (hit === button || button.contains(hit))
      })
      expect(visible, `scrolled to ${top}`).toBe(true)
    }
    await page.locator('.bo-project').evaluate((el) => { el.scrollTop = 0 })
    await shot('buildout-editing.png')
    await page.getByTestId('geometry-cancel').click()
    await page.getByTestId('geometry-save').waitFor({ state: 'detached' })
    // Drawing a new project meanwhile takes the map over: the open road offers no save of that drawing.
    await page.locator(`[data-testid="buildout-project"][data-code="${road.code}"] [data-testid="geometry-edit"]`).click()
    await page.getByTestId('geometry-save').waitFor()
    await page.getByTestId('create-open').click()
    await page.getByTestId('create-start').click()
    await page.getByTestId('create-drawing').waitFor()
    expect(await page.getByTestId('geometry-save').count()).toBe(0)
    await page.getByTestId('create-drawing').getByRole('button').click()
    await page.getByTestId('create-drawing').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: '返回列表' }).click()
  })

  it('writes money as 万元 with two decimals in the project table, the rollup and the print view', async () => {
    // The budget and spent columns, found by their sort buttons.
    const columns = await page.locator('[data-testid="buildout-table"] thead th').evaluateAll((ths) =>
      ths.flatMap((th, i) => (['budget', 'spent'].includes(th.querySelector<HTMLElement>('[data-sort]')?.dataset.sort ?? '') ? [i] : [])))
    expect(columns.length).toBe(2)
    const cells = await page.locator('.bt-row').evaluateAll((trs, cols) =>
      trs.flatMap((tr) => cols.map((i) => (tr as HTMLTableRowElement).cells[i].textContent!.trim())), columns)
    const money = cells.filter((c) => c !== '')
    expect(money.length).toBeGreaterThan(100)
    expect(money.filter((c) => !WAN.test(c))).toEqual([])

    await page.locator('.bo-tab[data-tab="rollup"]').click()
    await page.getByTestId('rollup-table').waitFor({ timeout: 15_000 })
    const rollup = await page.locator('[data-testid="rollup-table"] td[data-col="budget"], [data-testid="rollup-table"] td[data-col="spent"]').allTextContents()
    expect(rollup.length).toBe(20)
    expect(rollup.filter((c) => !WAN.test(c.trim()))).toEqual([])

    await page.getByTestId('buildout-print').click()
    const table = page.getByTestId('buildout-print-rollup')
    await table.locator('tbody tr').first().waitFor({ timeout: 15_000 })
    const heads = await table.locator('thead th').allTextContents()
    const printColumns = heads.flatMap((h, i) => (h.includes('万元') ? [i] : []))
    expect(printColumns.length).toBe(2)
    const printed = await table.locator('tbody tr').evaluateAll((trs, cols) =>
      trs.flatMap((tr) => cols.map((i) => (tr as HTMLTableRowElement).cells[i].textContent!.trim())), printColumns)
    expect(printed.filter((c) => !WAN.test(c))).toEqual([])
    await page.getByTestId('buildout-print-close').click()
  })

  it('fits the rollup table in the panel, and keeps the project name in view while the project table scrolls sideways', async () => {
    await page.locator('.bo-tab[data-tab="rollup"]').click()
    await page.getByTestId('rollup-table').waitFor({ timeout: 15_000 })
    const wrap = page.locator('[data-testid="buildout-rollup"] .table-wrap')
    const fit = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
    expect(fit.scroll).toBeLessThanOrEqual(fit.client)
    await shot('buildout-rollup-fits.png')

    await page.locator('.bo-tab[data-tab="projects"]').click()
    await page.getByTestId('buildout-table').waitFor()
    const scroller = page.locator('.bt-scroll')
    await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth })
    await page.waitForTimeout(150)
    const seen = await scroller.evaluate((el) => {
      const box = el.getBoundingClientRect()
      const name = el.querySelector('.bt-row td.bt-name')!.getBoundingClientRect()
      const last = el.querySelector('thead th:last-child')!.getBoundingClientRect()
      return { scrolled: el.scrollLeft, nameLeft: name.left - box.left, nameRight: name.right, lastRight: last.right, right: box.right }
    })
    expect(seen.scrolled).toBeGreaterThan(0)
    expect(Math.abs(seen.nameLeft)).toBeLessThanOrEqual(1)
    expect(seen.lastRight).toBeLessThanOrEqual(seen.right + 1)
    await shot('buildout-table-scrolled.png')
  })

  it('opens a township engineer’s list on the township, and keeps the user’s own choice after that', async () => {
    const username = `bo_jinlong_${RUN}`
    const password = 'buildout-engineer-secret-1'
    const made = await createAccount(admin, server.baseUrl, { username, password, role: 'engineer', regionCode: JINLONG, displayName: '金龙镇工程员' })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const own = await openSignedIn(browser, server.baseUrl, username, password, `#/buildout?county=${COUNTY}`)
    try {
      await own.getByTestId('buildout-table').waitFor({ timeout: 30_000 })
      expect(await own.getByTestId('buildout-region').inputValue()).toBe(JINLONG)
      const townships = await own.locator('.bt-row').evaluateAll((rows) => rows.map((r) => r.children[2].textContent))
      expect(townships.length).toBeGreaterThan(0)
      expect(new Set(townships)).toEqual(new Set(['金龙镇']))
      await shotOf(own, 'buildout-township-engineer.png')

      // The whole county, chosen by the user, stays chosen through another workspace and back.
      await own.getByTestId('buildout-region').selectOption(COUNTY)
      await own.locator('[data-workspace="map"]').click()
      await own.getByTestId('buildout-panel').waitFor({ state: 'detached' })
      await own.locator('[data-workspace="buildout"]').click()
      await own.getByTestId('buildout-table').waitFor({ timeout: 15_000 })
      expect(await own.getByTestId('buildout-region').inputValue()).toBe(COUNTY)
      expect(await own.locator('.bt-row').count()).toBe((await admin.get<Row[]>(`/api/projects?region=${COUNTY}`)).length)
    } finally {
      await own.context().close()
    }
  })
})
