// The exit dashboard above the county: the province and the whole instance rolled up by county (as
// /api/exit/summary counts them), drilling province → county → township → village by the panel and the
// map, the breadcrumb back to the province, in Chinese and in English.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, createAccount, health, openSignedIn, launchBrowser, mapReady, newContext, shot as shotOf,
  startServer, waitFor, importOtherCounty, OTHER_COUNTY, type ApiClient, type TestServer,
} from './harness'

interface Rollup { code: string; name: string; villages: number; poorVillages: number; states: Record<string, number> }
interface Summary { region: Rollup; groups: Rollup[] }

const OTHER = OTHER_COUNTY
const RUN = Date.now().toString(36).slice(-5)
let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient

const panel = () => page.getByTestId('exit-panel')
const figure = (key: string) => page.locator(`[data-testid="exit-figures"] [data-figure="${key}"]`).getAttribute('data-value')
const rows = () => page.locator('[data-testid="exit-township-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))
const waitLoaded = () => page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="exit-panel"]')?.dataset.status === 'done', null, { timeout: 30_000 })


beforeAll(async () => {
  server = await startServer()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 150_000, 'the database', server.log)
  admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  // A second county in another province (Guizhou, 52), with a township and two poor villages.
  expect(await importOtherCounty(admin)).toBe(200)
  const villages = await admin.call('POST', '/api/layers/villages/import', { type: 'FeatureCollection', features: ['201', '202'].map((s, i) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [107.01 + i * 0.02, 27.51 - i * 0.02] },
    properties: {
      code: `${OTHER}100${s}`, name: `示范${s}村`, townshipCode: `${OTHER}100`, households: 300, population: 1100,
      poorHouseholds: 30, poorPopulation: 95, isPoorVillage: true,
    },
  })) })
  expect(villages.status).toBe(200)
  browser = await launchBrowser()
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  page = await context.newPage()
  await page.goto(`${server.baseUrl}/#/exit?county=${COUNTY}`)
  await mapReady(page)
  await panel().waitFor()
  await waitLoaded()
}, 200_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('exit above the county', () => {
  it('rolls up the province and the whole instance by county, as the API counts them', async () => {
    await page.locator('[data-testid="exit-area"] [data-area="province"]').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="exit-area"] [data-area="province"]')?.getAttribute('aria-pressed') === 'true')
    await waitLoaded()
    const province = await admin.get<Summary>('/api/exit/summary?region=36')
    await expect.poll(rows).toEqual([COUNTY])
    expect(await figure('poor')).toBe(String(province.region.poorVillages))
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="county"]').textContent()).toBe('江西省')
    expect(await page.locator('.block-title').first().textContent()).toBe('各县')

    await page.locator('[data-testid="exit-area"] [data-area="instance"]').click()
    await waitLoaded()
    const all = await admin.get<Summary>('/api/exit/summary')
    await expect.poll(rows).toEqual([COUNTY, OTHER])
    await expect.poll(() => figure('poor')).toBe(String(all.region.poorVillages))
    expect(all.region.poorVillages).toBe(province.region.poorVillages + 2)
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="county"]').textContent()).toBe('全部县')
    await shotOf(page, 'exit-instance.png')
  })

  it('drills from the instance into a county on the map, then township and village, and back to the province', async () => {
    // The other county's fill on the map opens it.
    await page.waitForFunction(() => (window.__map?.queryRenderedFeatures({ layers: ['exit-township-fill'] }) ?? [])
      .some((f) => f.properties.code === '520999'), null, { timeout: 30_000 })
    await page.evaluate(() => window.__map!.jumpTo({ center: [107.0, 27.62], zoom: 9 }))
    await page.waitForFunction(() => window.__map?.loaded() && !window.__map.isMoving(), null, { timeout: 30_000 })
    const point = await page.evaluate(() => {
      const p = window.__map!.project([107.0, 27.62])
      return { x: p.x, y: p.y }
    })
    const box = (await page.getByTestId('map').boundingBox())!
    await page.mouse.click(box.x + point.x, box.y + point.y)
    await expect.poll(() => page.locator('#county-picker').inputValue()).toBe(OTHER)
    await waitLoaded()
    await expect.poll(() => page.locator('[data-testid="exit-area"] [data-area="county"]').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(rows).toEqual([`${OTHER}100`])
    expect(await figure('poor')).toBe('2')
    // Township, then village, from the panel.
    await page.locator(`[data-testid="exit-township-row"][data-code="${OTHER}100"] button`).click()
    await expect.poll(() => panel().getAttribute('data-level')).toBe('township')
    await page.locator(`[data-testid="exit-village-row"][data-code="${OTHER}100201"] button`).click()
    await expect.poll(() => panel().getAttribute('data-level')).toBe('village')
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="village"]').textContent()).toBe('示范201村')
    // The breadcrumb goes back up to the province.
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="province"]').textContent()).toBe('贵州省')
    await page.locator('[data-testid="exit-crumbs"] [data-crumb="province"]').click()
    await waitLoaded()
    await expect.poll(rows).toEqual([OTHER])
    await expect.poll(() => panel().getAttribute('data-level')).toBe('county')
  })

  it('says the same in English', async () => {
    await page.locator('[data-locale="en"]').click()
    await expect.poll(() => page.locator('[data-testid="exit-area"] [data-area="province"]').textContent()).toBe('Province')
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="county"]').textContent()).toBe('Guizhou')
    expect(await page.locator('.block-title').first().textContent()).toBe('Counties')
    await page.locator('[data-testid="exit-area"] [data-area="instance"]').click()
    await waitLoaded()
    expect(await page.locator('[data-testid="exit-crumbs"] [data-crumb="county"]').textContent()).toBe('All counties')
    await shotOf(page, 'exit-instance-en.png')
    await page.locator('[data-locale="zh-CN"]').click()
  })

  it('offers a county or township account no rollup above its county', async () => {
    for (const [regionCode, name] of [[COUNTY, '县级查看员'], [`${COUNTY}100`, '乡镇查看员']] as const) {
      const username = `exit_${regionCode.length}_${RUN}`
      const password = 'exit-above-secret-1'
      const created = await createAccount(admin, server.baseUrl, { username, password, role: 'viewer', regionCode, displayName: name })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const viewer = await openSignedIn(browser, server.baseUrl, username, password, `#/exit?county=${COUNTY}`)
      try {
        await viewer.getByTestId('exit-panel').waitFor({ timeout: 30_000 })
        await viewer.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="exit-panel"]')?.dataset.status === 'done', null, { timeout: 30_000 })
        const areas = await viewer.locator('[data-testid="exit-area"] [data-area]').evaluateAll((els) => els.map((e) => e.getAttribute('data-area')))
        expect(areas, regionCode).toEqual(['county'])
        expect(await viewer.locator('[data-testid="exit-crumbs"] [data-crumb="province"]').count(), regionCode).toBe(0)
      } finally {
        await viewer.context().close()
      }
    }
  })
})
