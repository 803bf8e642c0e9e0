// The 退出监测 (Exit) workspace against the real server: the big numbers from /api/exit/summary, a
// township drilled into from the list with its villages coloured by state on the map, a village's
// criteria as /api/exit/villages gives them, the year slider, breadcrumbs back, the print view.
// Screenshots go to screenshots/ (gitignored).
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, health, launchBrowser, waitFor, mapReady, newContext, shot as shotOf, shots, startServer,
  type ApiClient, type TestServer,
} from './harness'

interface Rollup { code: string; name: string; poorVillages: number; states: Record<string, number>; incidence: number | null }
interface Summary { region: Rollup; groups: Rollup[] }
interface Village { code: string; name: string; townshipCode: string; state: string; criteria: { id: string; pass: boolean | null }[]; dataProblems: string[] }

let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient
/** The exit routes the page asked, in order (path and query). */
const exitRequests: string[] = []
const shot = (name: string) => shotOf(page, name)

const panel = () => page.getByTestId('exit-panel')
const figure = async (key: string) => page.locator(`[data-testid="exit-figures"] [data-figure="${key}"]`).getAttribute('data-value')
const waitLoaded = (year?: number) => page.waitForFunction((y) => {
  const el = document.querySelector<HTMLElement>('[data-testid="exit-panel"]')
  return el?.dataset.status === 'done' && (y === null || el.dataset.year === String(y))
}, year ?? null, { timeout: 30_000 })
/** Waits for the map to finish drawing (the overlays' data is set, the camera has stopped). */
const mapIdle = () => page.evaluate(() => new Promise<void>((resolve) => {
  const map = window.__map!
  if (!map.isMoving() && map.loaded()) map.once('idle', () => resolve())
  else map.once('idle', () => resolve())
  map.triggerRepaint()
}))

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  // The embedded database takes a while to start: log in once it answers.
  await waitFor(async () => (await health(server.baseUrl)) === 200, 120_000, 'the database', server.log)
  admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  page = await context.newPage()
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.pathname.startsWith('/api/exit/')) exitRequests.push(`${url.pathname}${url.search}`)
  })
  await page.goto(`${server.baseUrl}/#/exit?county=${COUNTY}`)
  await mapReady(page)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('exit workspace', () => {
  let summary: Summary
  let villages: Village[]
  let township: Rollup

  it('shows the county’s big numbers as /api/exit/summary counts them, and the township choropleth', async () => {
    summary = await admin.get<Summary>(`/api/exit/summary?region=${COUNTY}`)
    villages = await admin.get<Village[]>(`/api/exit/villages?region=${COUNTY}`)
    await panel().waitFor()
    await waitLoaded()
    expect(await panel().getAttribute('data-level')).toBe('county')
    expect(await figure('poor')).toBe(String(summary.region.poorVillages))
    expect(await figure('exited')).toBe(String(summary.region.states.exited))
    expect(await figure('ready')).toBe(String(summary.region.states.ready))
    expect(await figure('behind')).toBe(String(summary.region.states.behind))
    expect(Number(await figure('incidence'))).toBeCloseTo(summary.region.incidence ?? Number.NaN, 9)
    expect(await page.getByTestId('exit-township-row').count()).toBe(summary.groups.length)
    await mapIdle()
    const filled = await page.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['exit-township-fill'] }).length)
    expect(filled).toBeGreaterThan(0)
    await shot('exit-county.png')
  })

  it('drills into a township from the list and colours its villages by state on the map', async () => {
    township = summary.groups.find((g) => g.states.behind > 0) ?? summary.groups[0]
    await page.locator(`[data-testid="exit-township-row"][data-code="${township.code}"] button`).click()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="exit-panel"]')?.dataset.level === 'township')
    const expected = villages.filter((v) => v.townshipCode === township.code)
    const rows = page.getByTestId('exit-village-row')
    expect(await rows.count()).toBe(expected.length)
    const shown = await rows.evaluateAll((els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.code, (e as HTMLElement).dataset.state])))
    expect(shown).toEqual(Object.fromEntries(expected.map((v) => [v.code, v.state])))
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="township"]').textContent()).toBe(township.name)

    await page.waitForTimeout(1200) // the camera flies to the township
    await mapIdle()
    const onMap = await page.evaluate((code) => window.__map!
      .queryRenderedFeatures({ layers: ['exit-village-circle'] })
      .filter((f) => f.properties.townshipCode === code && f.properties.dimmed === false)
      .map((f) => [f.properties.code as string, f.properties.state as string]), township.code)
    expect(onMap.length).toBeGreaterThan(0)
    for (const [code, state] of onMap) expect(state).toBe(expected.find((v) => v.code === code)?.state)
    await shot('exit-township.png')
  })

  it('opens a village card with the criteria checklist of /api/exit/villages', async () => {
    const inTownship = villages.filter((v) => v.townshipCode === township.code)
    const village = inTownship.find((v) => v.state === 'behind') ?? inTownship.find((v) => v.dataProblems.length > 0) ?? inTownship[0]
    await page.locator(`[data-testid="exit-village-row"][data-code="${village.code}"] button`).click()
    const card = page.getByTestId('exit-village-card')
    await card.waitFor()
    expect(await card.getAttribute('data-code')).toBe(village.code)
    expect(await card.getAttribute('data-state')).toBe(village.state)
    const criteria = await card.locator('tr[data-criterion]').evaluateAll((els) =>
      els.map((e) => ({ id: (e as HTMLElement).dataset.criterion, pass: (e as HTMLElement).dataset.pass })))
    expect(criteria).toEqual(village.criteria.map((c) => ({ id: c.id, pass: String(c.pass) })))
    const problems = await card.locator('[data-problem]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.problem))
    expect(problems).toEqual(village.dataProblems)
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="village"]').textContent()).toBe(village.name)
    // Each note is said from its code in Chinese: no sentence of the server's English is left.
    const notes = await card.locator('tr[data-criterion] .note').allTextContents()
    expect(notes).toHaveLength(village.criteria.length)
    for (const note of notes) {
      expect(note.trim()).not.toBe('')
      expect(note, note).not.toMatch(/[A-Za-z]{3,}/)
    }
    await shot('exit-village.png')
  })

  it('goes back to the county by the breadcrumb and follows the year slider', async () => {
    await page.locator('[data-testid="exit-crumbs"] [data-crumb="township"]').click()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="exit-panel"]')?.dataset.level === 'township')
    await page.locator('[data-testid="exit-crumbs"] [data-crumb="county"]').click()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="exit-panel"]')?.dataset.level === 'county')

    const in2017 = await admin.get<Summary>(`/api/exit/summary?region=${COUNTY}&year=2017`)
    expect(in2017.region.states.exited).not.toBe(summary.region.states.exited)
    exitRequests.length = 0
    await page.getByTestId('exit-year').fill('2017')
    await waitLoaded(2017)
    // One request per year: the summary and the villages come from one judgement.
    expect(exitRequests).toEqual([`/api/exit/dashboard?region=${COUNTY}&year=2017`])
    expect(await figure('exited')).toBe(String(in2017.region.states.exited))
    expect(await figure('behind')).toBe(String(in2017.region.states.behind))
    expect(await page.getByTestId('exit-year-value').textContent()).toBe('2017年')
    await shot('exit-county-2017.png')

    await page.getByTestId('exit-chart-years').scrollIntoViewIfNeeded()
    await shot('exit-charts.png')
  })

  it('exports the ledger of the year on the slider to Excel: every village, the townships', async () => {
    const in2017 = await admin.get<Summary>(`/api/exit/summary?region=${COUNTY}&year=2017`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('exit-export').click()])
    expect(download.suggestedFilename()).toBe('全南县贫困村退出台账_2017年.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await download.path())!)
    const ledger = workbook.getWorksheet('村级台账')!
    expect(String(ledger.getCell('A1').value)).toContain('2017')
    const rows = ledger.getRows(4, villages.length)!.map((r) => r.values as unknown[])
    expect(rows.map((r) => r[1]).sort()).toEqual(villages.map((v) => v.code).sort())
    const states = rows.map((r) => r[4])
    expect(states.filter((s) => s === '已退出')).toHaveLength(in2017.region.states.exited)
    expect(states.filter((s) => s === '滞后')).toHaveLength(in2017.region.states.behind)
    const townships = workbook.getWorksheet('乡镇汇总')!
    expect(townships.rowCount).toBe(3 + in2017.groups.length)
    expect(await page.getByTestId('exit-export-error').count()).toBe(0)
  })

  it('opens the print view with the map as an image', async () => {
    await page.getByTestId('exit-print').click()
    const view = page.getByTestId('exit-print-view')
    await view.waitFor()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="exit-print-view"]')?.dataset.map !== 'loading', null, { timeout: 20_000 })
    expect(await view.getAttribute('data-map')).toBe('done')
    const src = await page.getByTestId('exit-print-map').getAttribute('src')
    expect(src?.startsWith('data:image/png')).toBe(true)
    expect(await page.locator('[data-testid="exit-print-summary"] tbody tr').count()).toBe(summary.groups.length + 1)
    const notices = await page.getByTestId('exit-print-notices').locator('li').allTextContents()
    expect(notices).toHaveLength(3)
    expect(notices[0]).toContain('2017年底')
    for (const notice of notices) expect(notice, notice).not.toMatch(/[A-Za-z]{3,}/)
    await shot('exit-print.png')
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: join(shots, 'exit-print-media.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    await page.getByTestId('exit-print-close').click()
    await view.waitFor({ state: 'detached' })
  })

  it('prints the year just set on the slider: the map waits for that year and is drawn for it', async () => {
    const year = 2019
    const answer = await admin.get<Village[]>(`/api/exit/villages?region=${COUNTY}&year=${year}`)
    const county = (await admin.get<{ code: string; bbox: [number, number, number, number] }[]>('/api/counties')).find((c) => c.code === COUNTY)!.bbox
    // The year's answer is held back until the print view is open.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const route = `**/api/exit/dashboard?*year=${year}*`
    await page.route(route, async (r) => {
      await held
      await r.continue()
    })
    // Each time the map settles: its size, what it shows, and the village states drawn.
    const screenWidth = await page.evaluate(() => window.__map!.getContainer().clientWidth)
    await page.evaluate(() => {
      const w = window as unknown as { settledOn: { width: number; bounds: number[]; states: Record<string, string> }[] }
      w.settledOn = []
      window.__map!.on('idle', () => {
        const map = window.__map!
        const states = Object.fromEntries(map.querySourceFeatures('exit-villages').map((f) => [f.properties.code, f.properties.state]))
        w.settledOn.push({ width: map.getContainer().clientWidth, bounds: map.getBounds().toArray().flat(), states })
      })
    })
    await page.getByTestId('exit-year').fill(String(year))
    await page.getByTestId('exit-print').click()
    const view = page.getByTestId('exit-print-view')
    await view.waitFor()
    await page.waitForTimeout(2500) // time enough to have drawn a map, were it drawn before the year arrived
    expect(await view.getAttribute('data-map')).toBe('loading')
    expect(await page.getByTestId('exit-print-go').isDisabled()).toBe(true)
    expect(await page.getByTestId('exit-print-map').count()).toBe(0)
    release()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="exit-print-view"]')?.dataset.map === 'done', null, { timeout: 60_000 })
    await page.unroute(route)
    expect(await view.getAttribute('data-map-key')).toContain(`|${COUNTY}|${year}|`)
    expect(await page.getByTestId('exit-print-go').isEnabled()).toBe(true)
    expect(await view.locator('h1').textContent()).toContain(`${year}年`)
    // The map drawn for the paper (its own size) framed the whole county with that year's states.
    const [west, south, east, north] = county
    const frames = await page.evaluate(() => (window as unknown as { settledOn: { width: number; bounds: number[]; states: Record<string, string> }[] }).settledOn)
    const printed = frames.filter((f) => f.width !== screenWidth)
    expect(printed.length).toBeGreaterThan(0)
    for (const { bounds: [w, s, e, n], states } of printed) {
      expect(w <= west && s <= south && e >= east && n >= north).toBe(true)
      expect(states).toEqual(Object.fromEntries(answer.map((v) => [v.code, v.state])))
    }
    await shot('exit-print-year.png')
    await page.getByTestId('exit-print-close').click()
    await view.waitFor({ state: 'detached' })
  })

  it('keeps every name of the villages behind plan on one line, in the panel and in print', async () => {
    await page.getByTestId('exit-year').fill((await page.getByTestId('exit-year').getAttribute('max'))!)
    await waitLoaded(Number(await page.getByTestId('exit-year').getAttribute('max')))
    /** Cells of the village and township names whose text takes more than one line. */
    const wrapped = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="exit-behind"] tbody tr')].flatMap((tr) =>
      [...tr.querySelectorAll('td')].slice(0, 2).filter((td) => {
        const range = document.createRange()
        range.selectNodeContents(td)
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)))
        return lines.size > 1
      }).map((td) => td.textContent)))
    const rows = page.locator('[data-testid="exit-behind"] tbody tr')
    expect(await rows.count()).toBeGreaterThan(0)
    expect(await wrapped()).toEqual([])
    await page.getByTestId('exit-print').click()
    await page.getByTestId('exit-print-view').waitFor()
    expect(await page.locator('[data-testid="exit-print-view"] [data-testid="exit-behind"] tbody tr').count()).toBeGreaterThan(0)
    expect(await wrapped()).toEqual([])
    await page.getByTestId('exit-print-close').click()
  })
})
