// The siting workspace against the real server: a planner places a candidate near 大吉山镇 and reads the
// villages and poor population in reach (checked against POST /api/analysis/site), a second candidate for
// the comparison table, two villages assigned with the capacity bar, the scenario saved, the page reloaded
// and the scenario reopened with the same assignments; a radius of 0 shows the server's message; a site
// outline drawn with terra-draw is evaluated like a point (and a self-intersecting one shows the server's refusal).
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, createAccount, health, launchBrowser, mapReady, newContext, shot, startServer, waitFor,
  type ApiClient, type TestServer,
} from './harness'

const RUN = Date.now().toString(36).slice(-5)
const PLANNER = `siting_planner_${RUN}`
const PASSWORD = 'siting-planner-pass-1'
const DAJISHAN: [number, number] = [114.36, 24.86]
const COUNTY_SEAT: [number, number] = [114.53, 24.74]
const SCENARIO = `大吉山安置方案 ${RUN}`

let server: TestServer
let browser: Browser
let page: Page
let planner: ApiClient

interface Evaluation {
  site: { type: string; areaM2: number }
  catchment: {
    villages: { code: string; relocationHouseholds: number | null }[]
    totals: { villages: number; households: number; population: number; poorPopulation: number }
  }
}

/** What the siting store holds (read through the app's Pinia). */
async function storeCandidates(): Promise<{ key: string; geometry: { type: string; coordinates: unknown } }[]> {
  return page.evaluate(() => {
    const app = (document.querySelector('#app') as unknown as { __vue_app__?: { config: { globalProperties: Record<string, unknown> } } }).__vue_app__
    const pinia = app?.config.globalProperties.$pinia as { _s: Map<string, { candidates?: unknown }> } | undefined
    return JSON.parse(JSON.stringify(pinia?._s.get('siting')?.candidates ?? []))
  })
}

/**
 * Draws a polygon with terra-draw: one click on each corner (given as lon/lat, centred at `center`), then a
 * click on the first corner closes it. Returns the corners as the map unprojects the clicked pixels.
 */
async function drawPolygon(center: [number, number], corners: [number, number][]): Promise<[number, number][]> {
  const pixels = await page.evaluate(async ({ center, corners }) => {
    const map = window.__map!
    map.jumpTo({ center, zoom: 12.5 })
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    const box = map.getCanvas().getBoundingClientRect()
    return corners.map((c) => {
      const p = map.project(c)
      return [Math.round(box.left + p.x), Math.round(box.top + p.y)] as [number, number]
    })
  }, { center, corners })
  for (const [x, y] of [...pixels, pixels[0]]) {
    await page.mouse.move(x, y, { steps: 4 })
    await page.mouse.click(x, y)
    await page.waitForTimeout(150)
  }
  return page.evaluate((pixels) => {
    const map = window.__map!
    const box = map.getCanvas().getBoundingClientRect()
    return pixels.map(([x, y]) => {
      const ll = map.unproject([x - box.left, y - box.top])
      return [Math.round(ll.lng * 1e7) / 1e7, Math.round(ll.lat * 1e7) / 1e7] as [number, number]
    })
  }, pixels)
}

/** Clicks the map at a place (after centring on it, clear of the side panel); returns the clicked position. */
async function clickMapAt(at: [number, number]): Promise<[number, number]> {
  const point = await page.evaluate(async ([lng, lat]) => {
    const map = window.__map!
    map.jumpTo({ center: [lng, lat], zoom: 11.5 })
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    const p = map.project([lng, lat])
    const box = map.getCanvas().getBoundingClientRect()
    return { x: box.left + p.x, y: box.top + p.y }
  }, at)
  await page.mouse.click(point.x, point.y)
  return page.evaluate(({ x, y }) => {
    const map = window.__map!
    const box = map.getCanvas().getBoundingClientRect()
    const ll = map.unproject([x - box.left, y - box.top])
    return [Math.round(ll.lng * 1e7) / 1e7, Math.round(ll.lat * 1e7) / 1e7] as [number, number]
  }, point)
}

async function waitEvaluated(key: string): Promise<void> {
  await page.locator(`[data-testid="siting-candidate"][data-key="${key}"][data-state="done"]`).waitFor({ timeout: 30_000 })
}

const tab = (name: string) => page.locator(`.siting-tab[data-tab="${name}"]`).click()

beforeAll(async () => {
  server = await startServer()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 120_000, 'the database', server.log)
  const admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  const created = await createAccount(admin, server.baseUrl, { username: PLANNER, password: PASSWORD, role: 'planner', regionCode: COUNTY, displayName: '县规划员' })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  planner = await apiLogin(server.baseUrl, PLANNER, PASSWORD)
  browser = await launchBrowser()
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, PLANNER, PASSWORD)
  page = await context.newPage()
  await page.goto(`${server.baseUrl}/#/siting?county=${COUNTY}`)
  await mapReady(page)
  await page.getByTestId('siting-panel').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('siting workspace', () => {
  let assigned: string[] = []

  it('places a candidate and reads the catchment the server computes', async () => {
    await page.getByTestId('siting-place').click()
    const at = await clickMapAt(DAJISHAN)
    await waitEvaluated('C1')
    const expected = await planner.call<Evaluation>('POST', '/api/analysis/site', { geometry: { type: 'Point', coordinates: at }, radiusM: 5000, metric: 'straight' })
    expect(expected.status).toBe(200)
    const codes = await page.locator('[data-testid="siting-villages"] li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))
    expect(codes).toEqual(expected.body.catchment.villages.map((v) => v.code))
    expect(expected.body.catchment.totals.villages).toBeGreaterThan(0)
    const villagesText = await page.getByTestId('siting-fig-villages').locator('.figure-value').textContent()
    expect(villagesText).toContain(String(expected.body.catchment.totals.villages))
    const poorText = (await page.getByTestId('siting-fig-poor').locator('.figure-value').textContent()) ?? ''
    expect(poorText.replace(/[^\d]/g, '')).toBe(String(expected.body.catchment.totals.poorPopulation))
    expect(await page.locator('[data-testid="siting-checks"] li').count()).toBeGreaterThanOrEqual(6)
    await page.waitForTimeout(400)
    await shot(page, 'siting-candidate.png')
    assigned = expected.body.catchment.villages.filter((v) => (v.relocationHouseholds ?? 0) > 0).slice(0, 2).map((v) => v.code)
    expect(assigned.length).toBe(2)
  })

  it('compares two candidates, the best value of each row marked', async () => {
    await page.getByTestId('siting-place').click()
    const placed = await clickMapAt(COUNTY_SEAT)
    await waitEvaluated('C2')
    // Drag C2 a little to the east: the candidate follows the mouse and is evaluated again.
    const from = await page.evaluate((at) => {
      const map = window.__map!
      const p = map.project(at)
      const box = map.getCanvas().getBoundingClientRect()
      return { x: box.left + p.x, y: box.top + p.y }
    }, placed)
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    await page.mouse.move(from.x + 20, from.y, { steps: 5 })
    await page.mouse.move(from.x + 40, from.y, { steps: 5 })
    await page.mouse.up()
    const moved = await page.evaluate(() => {
      const f = window.__map!.querySourceFeatures('siting-candidates').find((x) => x.properties?.key === 'C2')
      return f?.geometry.type === 'Point' ? f.geometry.coordinates[0] : null
    })
    expect(moved).toBeGreaterThan(placed[0])
    await waitEvaluated('C2')
    await tab('compare')
    const table = page.getByTestId('siting-compare')
    await table.locator('tr[data-row="score"]').waitFor()
    expect(await table.locator('thead th').count()).toBe(3)
    expect(await table.locator('td[data-best]').count()).toBeGreaterThan(0)
    await page.evaluate(() => window.__map!.jumpTo({ center: [114.445, 24.8], zoom: 10.6 }))
    await page.waitForTimeout(400)
    await shot(page, 'siting-compare.png')
  })

  it('assigns two villages to C1 and shows the capacity bar', async () => {
    await page.locator('.chip[data-key="C1"]').click()
    await tab('candidates')
    await waitEvaluated('C1')
    await page.getByTestId('siting-cap-persons').fill('60')
    await page.getByTestId('siting-cap-persons').press('Tab')
    for (const code of assigned) await page.locator(`[data-testid="siting-villages"] li[data-code="${code}"] input[type=checkbox]`).check()
    await tab('assign')
    const site = page.locator('[data-testid="siting-assign-site"][data-key="C1"]')
    await expect.poll(() => site.locator('[data-testid="siting-assignment"]').count()).toBe(2)
    const bar = site.getByTestId('siting-capacity-bar')
    expect(await bar.getAttribute('data-pct')).not.toBe('')
    await page.evaluate((at) => window.__map!.jumpTo({ center: at, zoom: 11.5 }), DAJISHAN)
    await page.waitForTimeout(400)
    await shot(page, 'siting-assign.png')
  })

  it('saves the scenario, and after a reload reopens it with the same assignments', async () => {
    await tab('scenarios')
    await page.getByTestId('siting-scenario-name').fill(SCENARIO)
    await page.getByTestId('siting-save').click()
    await page.getByTestId('siting-notice').waitFor({ timeout: 30_000 })
    const list = await planner.get<{ id: number; name: string; version: number }[]>(`/api/scenarios?county=${COUNTY}`)
    const saved = list.find((s) => s.name === SCENARIO)
    expect(saved?.version).toBe(1)

    await page.reload()
    await mapReady(page)
    await page.getByTestId('siting-panel').waitFor()
    await tab('scenarios')
    const row = page.locator(`[data-testid="siting-scenario-list"] li[data-id="${saved!.id}"]`)
    await row.waitFor()
    await row.getByTestId('siting-open').click()
    await page.getByTestId('siting-scenario-name').waitFor()
    await expect.poll(() => page.getByTestId('siting-scenario-name').inputValue()).toBe(SCENARIO)
    await shot(page, 'siting-scenarios.png')
    await tab('assign')
    const codes = await page.locator('[data-testid="siting-assign-site"][data-key="C1"] [data-testid="siting-assignment"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))
    expect(codes.sort()).toEqual([...assigned].sort())
    // Saved and unchanged: the distances come from the scenario, by road too.
    const detail = await planner.get<{ assignments: { villageCode: string }[] }>(`/api/scenarios/${saved!.id}`)
    expect(detail.assignments.map((a) => a.villageCode).sort()).toEqual([...assigned].sort())
  })

  it('exports the saved scenario to Excel: the site’s load, each assignment with its distance, the totals', async () => {
    await tab('scenarios')
    const list = await planner.get<{ id: number; name: string }[]>(`/api/scenarios?county=${COUNTY}`)
    const saved = list.find((s) => s.name === SCENARIO)!
    const detail = await planner.get<{
      sites: { key: string; load: { households: number; persons: number } }[]
      assignments: { villageCode: string; persons: number; straightM: number }[]
      totals: { persons: number; subsidyCny: number }
    }>(`/api/scenarios/${saved.id}`)
    const row = page.locator(`[data-testid="siting-scenario-list"] li[data-id="${saved.id}"]`)
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('siting-excel').click()])
    expect(download.suggestedFilename()).toBe(`${SCENARIO.replace(/\s+/g, '_')}_安置方案.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await download.path())!)
    const sites = workbook.getWorksheet('安置点')!
    const c1 = detail.sites.find((s) => s.key === 'C1')!
    expect(sites.getRow(4).getCell(1).value).toBe('C1')
    expect(sites.getRow(4).getCell(6).value).toBe(c1.load.households)
    expect(sites.getRow(4).getCell(7).value).toBe(c1.load.persons)
    const assignments = workbook.getWorksheet('搬迁分配')!
    const exported = assignments.getRows(4, detail.assignments.length)!.map((r) => [r.getCell(1).value, r.getCell(5).value, r.getCell(7).value])
    expect(exported).toEqual(detail.assignments.map((a) => [a.villageCode, a.persons, a.straightM / 1000]))
    const totals = workbook.getWorksheet('汇总')!
    const byItem = new Map(totals.getRows(4, 12)!.map((r) => [r.getCell(1).value, r.getCell(2).value]))
    expect(byItem.get('搬迁人数')).toBe(detail.totals.persons)
    expect(byItem.get('补助资金(万元)')).toBeCloseTo(detail.totals.subsidyCny / 10_000, 2)
  })

  it('prints the scenario: the map, the assignment totals and each site’s villages as the saved scenario has them', async () => {
    const list = await planner.get<{ id: number; name: string }[]>(`/api/scenarios?county=${COUNTY}`)
    const saved = list.find((s) => s.name === SCENARIO)!
    const detail = await planner.get<{
      sites: { key: string; load: { households: number; persons: number } }[]
      assignments: { villageCode: string; siteKey: string }[]
    }>(`/api/scenarios/${saved.id}`)
    await page.getByTestId('siting-print').click()
    const view = page.getByTestId('siting-print-view')
    await view.waitFor()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="siting-print-view"]')?.dataset.map !== 'loading', null, { timeout: 20_000 })
    expect(await view.getAttribute('data-map')).toBe('done')
    expect(await view.locator('h1').textContent()).toContain(SCENARIO)
    const rows = await page.locator('[data-testid="siting-print-assignments"] tr[data-code]')
      .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.site}/${(e as HTMLElement).dataset.code}`))
    expect(rows.sort()).toEqual(detail.assignments.map((a) => `${a.siteKey}/${a.villageCode}`).sort())
    const c1 = detail.sites.find((s) => s.key === 'C1')!
    const subtotal = await page.locator('[data-testid="siting-print-assignments"] tr[data-site-total="C1"] td').allTextContents()
    expect(subtotal.slice(2, 4).map((c) => c.replace(/,/g, ''))).toEqual([String(c1.load.households), String(c1.load.persons)])
    await shot(page, 'siting-print.png')
    await page.getByTestId('siting-print-close').click()
    await view.waitFor({ state: 'detached' })
  })

  it('shows the server message for a radius of 0', async () => {
    await tab('candidates')
    await page.locator('.chip[data-key="C1"]').click()
    await page.getByTestId('siting-radius').fill('0')
    const error = page.getByTestId('siting-error')
    await error.waitFor({ timeout: 10_000 })
    expect(await error.textContent()).toContain('radiusM')
    await shot(page, 'siting-error.png')
  })

  it('draws a site outline; its catchment is the server’s for that polygon and its area shows', async () => {
    await tab('candidates')
    await page.getByTestId('siting-draw').click()
    await expect.poll(() => page.getByTestId('siting-draw').getAttribute('aria-pressed')).toBe('true')
    const d = 0.008
    const [lon, lat] = DAJISHAN
    const corners = await drawPolygon(DAJISHAN, [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]])
    await waitEvaluated('C3')
    expect(await page.getByTestId('siting-draw').getAttribute('aria-pressed')).toBe('false')
    // terra-draw is gone from the map once the outline is a candidate.
    expect(await page.evaluate(() => window.__map!.getStyle().layers.some((l) => l.id.startsWith('siting-td')))).toBe(false)

    const stored = (await storeCandidates()).find((c) => c.key === 'C3')
    expect(stored?.geometry.type).toBe('Polygon')
    const ring = (stored!.geometry.coordinates as [number, number][][])[0]
    expect(ring.length).toBe(5)
    for (const [i, c] of corners.entries()) {
      expect(ring[i][0]).toBeCloseTo(c[0], 5)
      expect(ring[i][1]).toBeCloseTo(c[1], 5)
    }
    const expected = await planner.call<Evaluation>('POST', '/api/analysis/site', { geometry: stored!.geometry, radiusM: 5000, metric: 'straight' })
    expect(expected.status).toBe(200)
    expect(expected.body.site.type).toBe('Polygon')
    expect(expected.body.site.areaM2).toBeGreaterThan(1_000_000)
    const totals = expected.body.catchment.totals
    expect(totals.villages).toBeGreaterThan(0)
    const digits = async (id: string) => ((await page.getByTestId(id).locator('.figure-value').textContent()) ?? '').replace(/[^\d]/g, '')
    expect(await digits('siting-fig-villages')).toBe(String(totals.villages))
    expect(await digits('siting-fig-poor')).toBe(String(totals.poorPopulation))
    const codes = await page.locator('[data-testid="siting-villages"] li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))
    expect(codes).toEqual(expected.body.catchment.villages.map((v) => v.code))
    // About 1.6 km × 1.8 km: shown in hectares, two decimals.
    const ha = (expected.body.site.areaM2 / 10_000).toFixed(2)
    const areaText = (await page.getByTestId('siting-area').textContent()) ?? ''
    expect(areaText.replace(/,/g, '')).toContain(`${ha} 公顷`)

    // Drawn on the map in the candidate's colour.
    const drawn = await page.evaluate(() => window.__map!.querySourceFeatures('siting-candidates')
      .filter((f) => f.properties?.key === 'C3' && f.geometry.type === 'Polygon').map((f) => f.properties?.color))
    expect(drawn.length).toBeGreaterThan(0)
    expect(drawn[0]).toBe(await page.locator('.chip[data-key="C3"]').evaluate((el) => getComputedStyle(el).getPropertyValue('--chip').trim()))
    await page.waitForTimeout(600)
    await shot(page, 'siting-polygon.png')

    // A self-intersecting outline (a bow tie): the server refuses it and its message shows.
    await page.getByTestId('siting-draw').click()
    await drawPolygon(DAJISHAN, [[lon - d, lat - d], [lon + d, lat + d], [lon + d, lat - d], [lon - d, lat + d]])
    const error = page.locator('[data-testid="siting-candidate"][data-key="C4"] [data-testid="siting-error"]')
    await error.waitFor({ timeout: 15_000 })
    expect(await error.textContent()).toMatch(/Invalid geometry|intersection/i)
    await shot(page, 'siting-polygon-invalid.png')
  })
})
