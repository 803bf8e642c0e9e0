// The web app against the real server: startup state, the login screen, villages on the map, a click,
// search, the English switch, the URL restoring the view; then accounts and roles (roles_suite.ts) on the
// same server. Screenshots go to screenshots/ (gitignored).
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, health, launchBrowser, loginThroughScreen, mapReady,
  newContext, shot as shotOf, shots, startServer, waitFor, type ApiClient, type TestServer,
} from './harness'
import { rolesSuite, type SuiteEnv } from './roles_suite'

const TIANXIN = '田心村'

let server: TestServer
let baseUrl = ''
let browser: Browser
let page: Page
let admin: ApiClient
/** Requests the page made to any other host: the app must work offline. */
const foreignRequests: string[] = []

async function adminApi(): Promise<ApiClient> {
  admin ??= await apiLogin(baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  return admin
}

async function api<T>(path: string): Promise<T> {
  return (await adminApi()).get<T>(path)
}

interface VillageFeature {
  geometry: { type: 'Point'; coordinates: [number, number] }
  properties: { code: string; name: string; population: number; households: number }
}

async function findTianxin(): Promise<VillageFeature> {
  const fc = await api<{ features: VillageFeature[] }>(`/api/layers/villages?region=${COUNTY}`)
  const village = fc.features.find((f) => f.properties.name === TIANXIN)
  if (!village) throw new Error(`${TIANXIN} is not in the sample county`)
  return village
}

const shot = (name: string) => shotOf(page, name)

beforeAll(async () => {
  server = await startServer()
  baseUrl = server.baseUrl
  browser = await launchBrowser()
  const context = await newContext(browser)
  page = await context.newPage()
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url)
  })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('map workspace', () => {
  it('shows the startup state while the database starts, then draws the villages', async () => {
    const startedBefore = (await health(baseUrl)) === 503
    await page.goto(`${baseUrl}/`)
    if (startedBefore) {
      // The overlay names what is loading; it may already be gone on a fast PostgreSQL start.
      const overlay = page.getByTestId('startup-overlay')
      if (await overlay.isVisible()) {
        await expect(overlay.textContent()).resolves.toContain('PostGIS')
        await shot('01-startup.png')
      }
    }
    await waitFor(async () => (await health(baseUrl)) === 200, 150_000, 'the database to be ready', server.log)
    // Health is open; everything else needs an account: the login screen comes next.
    await page.getByTestId('login-screen').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('startup-overlay').count()).toBe(0)
    await shot('09-login.png')
    await loginThroughScreen(page, ADMIN_USER, ADMIN_PASSWORD)
    await mapReady(page)

    const rendered = await page.evaluate(() => {
      const map = window.__map
      if (!map) return 0
      const codes = new Set(map.queryRenderedFeatures({ layers: ['villages-circle'] }).map((f) => f.properties.code))
      return codes.size
    })
    expect(rendered).toBeGreaterThan(50)
    expect(await page.locator('#county-picker').inputValue()).toBe(COUNTY)
    await shot('02-map.png')
  })

  it('prints the county map with its legends and a table by township that adds up to the layers', async () => {
    interface Fc { features: { properties: Record<string, unknown> }[] }
    const villages = await api<Fc>(`/api/layers/villages?region=${COUNTY}`)
    const sites = await api<Fc>(`/api/layers/sites?region=${COUNTY}`)
    await page.getByTestId('map-print').click()
    const view = page.getByTestId('map-print-view')
    await view.waitFor()
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="map-print-view"]')?.dataset.map !== 'loading', null, { timeout: 20_000 })
    expect(await view.getAttribute('data-map')).toBe('done')
    const table = page.getByTestId('map-print-townships')
    const cells = async (code: string) => (await table.locator(`tr[data-code="${code}"] td`).allTextContents()).map((c) => c.replace(/,/g, ''))
    expect((await cells('total')).slice(1, 2)).toEqual([String(villages.features.length)])
    expect((await cells('total')).slice(5)).toEqual([String(sites.features.length)])
    const township = '360729100'
    const inTownship = villages.features.filter((f) => String(f.properties.code).startsWith(township))
    const population = inTownship.reduce((sum, f) => sum + (typeof f.properties.population === 'number' ? f.properties.population : 0), 0)
    const row = await cells(township)
    expect(row[1]).toBe(String(inTownship.length))
    expect(row[4]).toBe(String(population))
    expect(row[5]).toBe(String(sites.features.filter((f) => f.properties.townshipCode === township).length))
    await shot('map-print.png')
    await page.getByTestId('map-print-close').click()
    await view.waitFor({ state: 'detached' })
  })

  it('opens the card and a popup when a village is clicked', async () => {
    const village = await findTianxin()
    await page.evaluate(([lng, lat]) => window.__map?.jumpTo({ center: [lng, lat], zoom: 12.5 }), village.geometry.coordinates)
    await page.waitForFunction(() => window.__map?.loaded() && !window.__map.isMoving(), null, { timeout: 30_000 })
    const point = await page.evaluate(([lng, lat]) => {
      const p = window.__map?.project([lng, lat])
      return p ? { x: p.x, y: p.y } : null
    }, village.geometry.coordinates)
    expect(point).not.toBeNull()
    const box = await page.getByTestId('map').boundingBox()
    expect(box).not.toBeNull()
    await page.mouse.click(box!.x + point!.x, box!.y + point!.y)

    const population = `${new Intl.NumberFormat('zh-CN').format(village.properties.population)} 人`
    const card = page.getByTestId('feature-card')
    await expect.poll(() => card.getAttribute('data-code')).toBe(village.properties.code)
    await expect(page.getByTestId('feature-card-title').textContent()).resolves.toBe(TIANXIN)
    await expect(card.locator('[data-prop="population"]').first().textContent()).resolves.toContain(population)

    const popup = page.locator('.maplibregl-popup')
    await expect.poll(() => popup.count()).toBe(1)
    await expect(popup.textContent()).resolves.toContain(TIANXIN)
    await expect(popup.locator('[data-prop="population"]').textContent()).resolves.toBe(population)
    await expect(page.locator('.crumbs').textContent()).resolves.toContain(TIANXIN)
    expect(page.url()).toContain(`sel=villages:${village.properties.code}`)
    await shot('03-village-card.png')
  })

  it('finds a village by name and flies to it', async () => {
    const village = await findTianxin()
    await page.locator('.card-close').click()
    await expect.poll(() => page.getByTestId('feature-card').count()).toBe(0)
    await page.evaluate(() => window.__map?.jumpTo({ center: [114.5, 24.75], zoom: 9 }))

    await page.locator('#search-input').fill('田心')
    const result = page.locator(`.search-result[data-code="${village.properties.code}"]`)
    await result.waitFor({ timeout: 15_000 })
    await shot('04-search.png')
    await result.click()

    await expect.poll(() => page.getByTestId('feature-card').getAttribute('data-code')).toBe(village.properties.code)
    await page.waitForFunction(() => !window.__map?.isMoving(), null, { timeout: 30_000 })
    const center = await page.evaluate(() => window.__map?.getCenter().toArray())
    expect(center).toBeDefined()
    expect(Math.abs(center![0] - village.geometry.coordinates[0])).toBeLessThan(0.01)
    expect(Math.abs(center![1] - village.geometry.coordinates[1])).toBeLessThan(0.01)
  })

  it('shows search text as text, never as markup', async () => {
    await page.locator('#search-input').fill('<script>alert(1)</script>')
    const note = page.locator('.search-note')
    await expect.poll(() => note.textContent(), { timeout: 15_000 }).toContain('<script>alert(1)</script>')
    expect(await page.locator('.search-panel script').count()).toBe(0)
    await page.locator('#search-input').fill('')
  })

  it('switches to English, remembers it, and restores the view from the URL on reload', async () => {
    await page.locator('[data-locale="en"]').click()
    await expect(page.locator('[data-workspace="map"].tab').textContent()).resolves.toBe('Map')
    await expect(page.locator('[data-layer="villages"] .item-name').textContent()).resolves.toBe('Villages')
    await expect(page.locator('.card-section-title').first().textContent()).resolves.toBe('General')
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en')
    // No i18n key may show through untranslated.
    const text = await page.locator('body').innerText()
    expect(text).not.toMatch(/\b(card|layers|legend|props|enums|units|workspace)\.[a-zA-Z]/)
    await shot('05-english.png')

    const url = page.url()
    await page.reload()
    await mapReady(page)
    expect(page.url()).toBe(url)
    await expect(page.locator('[data-workspace="map"].tab').textContent()).resolves.toBe('Map')
    await expect.poll(() => page.getByTestId('feature-card-title').textContent()).toBe(TIANXIN)
    await expect(page.locator('[data-prop="population"] .figure-label, [data-prop="population"] dt').first().textContent()).resolves.toContain('Population')
  })

  it('switches workspace in the side panel, keeping the map and the URL in step', async () => {
    await page.locator('[data-workspace="siting"].tab').click()
    await page.locator('aside.side-panel[data-workspace="siting"]').waitFor()
    expect(page.url()).toContain('#/siting')
    expect(await page.getByTestId('coming-soon').count()).toBe(0)
    expect(await page.getByTestId('map').count()).toBe(1)
    await shot('06-siting-workspace.png')
    await page.locator('[data-locale="zh-CN"]').click()
    await page.locator('[data-workspace="map"].tab').click()
  })

  it('says what to do when a layer fails to load, and retries', async () => {
    const context = await newContext(browser)
    await contextLogin(context, baseUrl, ADMIN_USER, ADMIN_PASSWORD)
    const failing = await context.newPage()
    let fail = true
    await failing.route('**/api/layers/roads?*', (route) => (fail
      ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'boom', details: null } }) })
      : route.continue()))
    await failing.goto(`${baseUrl}/#/map?county=${COUNTY}`)
    await failing.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 60_000 })
    const item = failing.locator('[data-layer="roads"].item')
    await item.locator('[role="alert"]').waitFor({ timeout: 15_000 })
    await expect(item.textContent()).resolves.toContain('道路加载失败')
    await failing.screenshot({ path: join(shots, '07-layer-error.png') })
    fail = false
    await item.locator('.error-retry').click()
    await expect.poll(() => item.locator('.item-count').count(), { timeout: 15_000 }).toBe(1)
    expect(await item.locator('[role="alert"]').count()).toBe(0)
    await context.close()
  })

  it('shows a name with markup in it as text', async () => {
    const code = '360729100299'
    const name = '<script>alert(1)</script>'
    const response = await (await adminApi()).call('POST', '/api/layers/villages/import', {
      type: 'FeatureCollection',
      features: [{
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [114.56, 24.72] },
        properties: { code, name, townshipCode: '360729100', households: 10, population: 40 },
      }],
    })
    expect(response.status).toBe(200)

    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.goto(`${baseUrl}/#/map?county=${COUNTY}&sel=villages:${code}`)
    await page.reload()
    await mapReady(page)
    await expect.poll(() => page.getByTestId('feature-card-title').textContent()).toBe(name)
    await expect.poll(() => page.locator('.maplibregl-popup .popup-title').textContent()).toBe(name)
    await expect(page.locator('.crumbs-current').textContent()).resolves.toBe(name)
    expect(dialogs).toEqual([])
    await shot('08-markup-name.png')
  })

  it('prints the whole county whatever the screen is zoomed to, fits A3 in the window, and puts the view back', async () => {
    const county = (await api<{ code: string; bbox: [number, number, number, number] }[]>('/api/counties')).find((c) => c.code === COUNTY)!.bbox
    await page.goto(`${baseUrl}/#/map?county=${COUNTY}`)
    await mapReady(page)
    // The user has zoomed into one township.
    await page.evaluate(() => window.__map!.jumpTo({ center: [114.56, 24.74], zoom: 13 }))
    await page.waitForFunction(() => !window.__map!.isMoving())
    const userView = () => page.evaluate(() => ({ center: window.__map!.getCenter().toArray(), zoom: window.__map!.getZoom() }))
    const before = await userView()
    // What the map shows each time it settles: the print's own frame must be among them.
    await page.evaluate(() => {
      const w = window as unknown as { settledOn: number[][] }
      w.settledOn = []
      window.__map!.on('idle', () => w.settledOn.push(window.__map!.getBounds().toArray().flat()))
    })
    await page.getByTestId('map-print').click()
    const view = page.getByTestId('map-print-view')
    const imageOf = async () => {
      await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="map-print-view"]')?.dataset.map === 'done', null, { timeout: 60_000 })
      return page.getByTestId('map-print-map').getAttribute('src')
    }
    const a4 = await imageOf()
    const frames = await page.evaluate(() => (window as unknown as { settledOn: number[][] }).settledOn)
    const [west, south, east, north] = county
    expect(frames.some(([w, s, e, n]) => w <= west && s <= south && e >= east && n >= north), JSON.stringify(frames)).toBe(true)
    expect(await page.getByTestId('map-print-go').isEnabled()).toBe(true)

    // A3 is wider than the window: the preview is scaled to fit it, and the map drawn anew for the paper.
    await page.getByTestId('map-print-paper').selectOption('A3')
    const a3 = await imageOf()
    expect(a3).not.toBe(a4)
    const paperBox = await page.getByTestId('map-print-page').boundingBox()
    const width = await page.evaluate(() => window.innerWidth)
    expect(paperBox!.x).toBeGreaterThanOrEqual(0)
    expect(paperBox!.x + paperBox!.width).toBeLessThanOrEqual(width)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    await shot('map-print-a3.png')

    await page.getByTestId('map-print-close').click()
    await view.waitFor({ state: 'detached' })
    const after = await userView()
    expect(after.zoom).toBeCloseTo(before.zoom, 6)
    expect(after.center[0]).toBeCloseTo(before.center[0], 6)
    expect(after.center[1]).toBeCloseTo(before.center[1], 6)
    expect(page.url()).toContain('view=114.56000,24.74000,13.00')
  })

  it('keeps the county and the zoom buttons clear of a wide panel, and opens each workspace on its own view', async () => {
    const county = (await api<{ code: string; bbox: [number, number, number, number] }[]>('/api/counties')).find((c) => c.code === COUNTY)!.bbox
    const settled = () => page.waitForFunction(() => window.__map!.loaded() && !window.__map!.isMoving(), null, { timeout: 30_000 })
    /** Where the panel, the map, the zoom buttons and the county's corners are on the screen. */
    const layout = () => page.evaluate(([w, s, e, n]) => {
      const map = window.__map!
      const canvas = map.getCanvas().getBoundingClientRect()
      const panel = document.querySelector('aside.side-panel')!.getBoundingClientRect()
      const zoomIn = document.querySelector('.maplibregl-ctrl-zoom-in')!.getBoundingClientRect()
      const sw = map.project([w, s])
      const ne = map.project([e, n])
      return {
        padding: map.getPadding().right, covered: Math.round(canvas.right - panel.left), panelLeft: panel.left, zoomInRight: zoomIn.right,
        countyWest: canvas.left + sw.x, countyEast: canvas.left + ne.x, countyNorth: canvas.top + ne.y, countySouth: canvas.top + sw.y,
        canvasLeft: canvas.left, canvasTop: canvas.top, canvasBottom: canvas.bottom, zoom: map.getZoom(),
      }
    }, county)
    const mapZoom = (await page.evaluate(() => window.__map!.getZoom()))

    // Data: its panel lies over the east of the map.
    await page.locator('[data-workspace="data"].tab').click()
    await page.getByTestId('data-panel').waitFor()
    await page.waitForFunction(() => (window.__map?.getPadding().right ?? 0) > 0)
    await settled()
    const data = await layout()
    expect(data.covered).toBeGreaterThan(0)
    expect(data.padding).toBe(data.covered)
    expect(data.zoomInRight).toBeLessThanOrEqual(data.panelLeft)
    // It opens on the county, in the part of the map the panel leaves open.
    expect(data.countyWest).toBeGreaterThanOrEqual(data.canvasLeft)
    expect(data.countyEast).toBeLessThanOrEqual(data.panelLeft)
    expect(data.countyNorth).toBeGreaterThanOrEqual(data.canvasTop)
    expect(data.countySouth).toBeLessThanOrEqual(data.canvasBottom)
    await shot('workspace-data-framed.png')

    // Exit, opened after a zoomed map: the county, not the zoom the last workspace was left at.
    await page.locator('[data-workspace="exit"].tab').click()
    await page.getByTestId('exit-panel').waitFor()
    await settled()
    const exit = await layout()
    expect(exit.padding).toBe(0)
    expect(exit.zoom).toBeLessThan(mapZoom)
    expect(exit.countyWest).toBeGreaterThanOrEqual(exit.canvasLeft)
    expect(exit.countyEast).toBeLessThanOrEqual(exit.panelLeft)

    // The user's own view of a workspace is kept: zoomed in the exit workspace, then back to the map and to exit.
    await page.evaluate(() => window.__map!.jumpTo({ center: [114.45, 24.85], zoom: 11.5 }))
    await settled()
    await page.locator('[data-workspace="map"].tab').click()
    await settled()
    expect(await page.evaluate(() => window.__map!.getZoom())).toBeCloseTo(mapZoom, 6)
    await page.locator('[data-workspace="exit"].tab').click()
    await settled()
    const back = await page.evaluate(() => ({ zoom: window.__map!.getZoom(), center: window.__map!.getCenter().toArray() }))
    expect(back.zoom).toBeCloseTo(11.5, 6)
    expect(back.center[0]).toBeCloseTo(114.45, 6)
    await page.locator('[data-workspace="map"].tab').click()
    await settled()
  })

  it('shows a township’s villages, population, poor villages and exits on its card', async () => {
    interface Village { properties: { code: string; population?: number; isPoorVillage?: boolean; exitYear?: number | null } }
    const township = '360729100'
    const villages = (await api<{ features: Village[] }>(`/api/layers/villages?region=${COUNTY}`)).features
      .filter((v) => v.properties.code.startsWith(township))
    const sites = (await api<{ features: { properties: { townshipCode?: string } }[] }>(`/api/layers/sites?region=${COUNTY}`)).features
      .filter((s) => s.properties.townshipCode === township)
    await page.goto(`${baseUrl}/#/map?county=${COUNTY}&sel=regions:${township}`)
    await mapReady(page)
    const figures = page.getByTestId('region-figures')
    await figures.waitFor({ timeout: 15_000 })
    const value = (prop: string) => figures.locator(`[data-prop="${prop}"] .figure-value`).textContent()
    const n = (x: number) => new Intl.NumberFormat('zh-CN').format(x)
    expect(await value('villages')).toBe(`${n(villages.length)} 个`)
    expect(await value('population')).toBe(`${n(villages.reduce((s, v) => s + (v.properties.population ?? 0), 0))} 人`)
    expect(await value('poorVillages')).toBe(`${villages.filter((v) => v.properties.isPoorVillage === true).length} 个`)
    expect(await value('exitedVillages')).toBe(`${villages.filter((v) => v.properties.isPoorVillage === true && (v.properties.exitYear ?? 0) > 0).length} 个`)
    expect(await value('sites')).toBe(`${sites.length} 个`)
    await shot('township-card.png')
  })

  it('never asks another host for anything', () => {
    expect(foreignRequests).toEqual([])
  })
})

const env: SuiteEnv = {
  get baseUrl() { return baseUrl },
  get browser() { return browser },
  admin: adminApi,
}
rolesSuite(env)
