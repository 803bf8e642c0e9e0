// The Build-out workspace against the real server: the project table, a road moved to under construction
// through the progress form (and the township's start rate in the rollup, checked against the summary API
// before and after), a bad entry refused next to its field with nothing changed, a county funding source
// added through the form (and in the summary's funding totals), a road drawn on the map, and what a viewer sees.
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, createAccount, health, launchBrowser, mapReady, newContext, shot as shotOf, startServer, waitFor,
  type ApiClient, type TestServer,
} from './harness'

interface Row { layer: string; code: string; name: string | null; townshipCode: string | null; status: string; noGeometry: boolean; version: number }
interface Rollup { projects: number; started: number; startRate: number | null }
interface Summary { total: Rollup & { funding: Record<string, number> }; townships: { code: string; total: Rollup }[] }
interface Detail { version: number; log: unknown[]; funding: { id: number; source: string; amountCny: number }[]; feature: { properties: Record<string, unknown> } }

let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient
const shot = (name: string) => shotOf(page, name)
/** Names of this run: a reused PostgreSQL database (DATABASE_URL) may hold those of an earlier one. */
const RUN = Date.now().toString(36).slice(-5)

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
    const context = await newContext(browser)
    try {
      await contextLogin(context, server.baseUrl, username, password)
      const viewerPage = await context.newPage()
      await viewerPage.goto(`${server.baseUrl}/#/buildout?county=${COUNTY}`)
      await mapReady(viewerPage)
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
      await context.close()
    }
  })
})
