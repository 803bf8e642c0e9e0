// The map above map.tilesAboveFeatures: with the setting lowered below the sample county's villages,
// the villages (and facilities) are drawn from vector tiles with the same styles, a click selects a
// village by its code and opens its card and popup, and zoomed out the villages gather in clusters.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, launchBrowser, mapReady, newContext, shot as shotOf,
  startServer, waitFor, health, type ApiClient, type TestServer,
} from './harness'

let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient
const tileRequests: string[] = []
const collectionRequests: string[] = []

interface VillageFeature {
  geometry: { type: 'Point'; coordinates: [number, number] }
  properties: { code: string; name: string; population: number }
}

beforeAll(async () => {
  server = await startServer()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 150_000, 'the database to be ready', server.log)
  admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  const put = await admin.call('PUT', '/api/settings/map.tilesAboveFeatures', { value: 80, scope: '' })
  expect(put.status).toBe(200)
  // A second county in another province (Guizhou, 52), for the picker's groups.
  const imported = await admin.call('POST', '/api/layers/regions/import', { type: 'FeatureCollection', features: [{
    type: 'Feature', properties: { code: '520999', name: '黔北示范县', level: 'county' },
    geometry: { type: 'Polygon', coordinates: [[[106.8, 27.3], [107.2, 27.3], [107.2, 27.7], [106.8, 27.7], [106.8, 27.3]]] },
  }] })
  expect(imported.status).toBe(200)
  browser = await launchBrowser()
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  page = await context.newPage()
  page.on('request', (request) => {
    const url = request.url()
    if (url.includes('/api/tiles/')) tileRequests.push(url)
    if (/\/api\/layers\/[a-z]+\?/.test(url)) collectionRequests.push(url)
  })
}, 200_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('map from vector tiles', () => {
  it('draws the villages from tiles, not from their GeoJSON, with the same layers', async () => {
    const counts = await admin.get<{ layer: string; count: number; tiles: boolean }[]>(`/api/layers?region=${COUNTY}`)
    const villages = counts.find((c) => c.layer === 'villages')!
    expect(villages.tiles).toBe(true)
    expect(counts.find((c) => c.layer === 'roads')!.tiles).toBe(false)
    await page.goto(`${server.baseUrl}/`)
    await mapReady(page)
    const state = await page.evaluate(() => {
      const map = window.__map!
      return {
        circleSource: (map.getLayer('villages-circle') as { source: string }).source,
        labelSource: (map.getLayer('villages-label') as { source: string }).source,
        roadSource: (map.getLayer('roads-line') as { source: string }).source,
        hasTiles: Boolean(map.getSource('villages-tiles')),
      }
    })
    expect(state).toEqual({ circleSource: 'villages-tiles', labelSource: 'villages-tiles', roadSource: 'roads', hasTiles: true })
    expect(tileRequests.some((u) => u.includes('/api/tiles/villages/'))).toBe(true)
    expect(tileRequests.some((u) => u.includes('/api/tiles/facilities/'))).toBe(true)
    // The villages' GeoJSON is asked beside the counts at a first visit and dropped when they say tiles:
    // at most that one request, and nothing of it is kept (tiles_workspaces.test.ts: none at the next visit).
    expect(collectionRequests.filter((u) => u.includes('/api/layers/villages?')).length).toBeLessThanOrEqual(1)
    const kept = await page.evaluate(() => {
      const app = (document.querySelector('#app') as unknown as { __vue_app__?: { config: { globalProperties: Record<string, unknown> } } }).__vue_app__
      const pinia = app?.config.globalProperties.$pinia as { _s: Map<string, { collections?: Record<string, unknown> }> } | undefined
      return Object.keys(pinia?._s.get('layers')?.collections ?? {})
    })
    expect(kept).not.toContain('villages')
    expect(kept).toContain('roads')
    expect(collectionRequests.some((u) => u.includes('/api/layers/roads?'))).toBe(true)
    // The panel counts what the server counted.
    const count = await page.locator('[data-layer="villages"] .item-count').textContent()
    expect(count?.replace(/[^\d]/g, '')).toBe(String(villages.count))
  })

  it('selects a village drawn from tiles by its code: card and popup', async () => {
    const fc = await admin.get<{ features: VillageFeature[] }>(`/api/layers/villages?region=${COUNTY}`)
    const village = fc.features.find((f) => f.properties.name === '田心村')!
    await page.evaluate(([lng, lat]) => window.__map?.jumpTo({ center: [lng, lat], zoom: 12.5 }), village.geometry.coordinates)
    await page.waitForFunction(() => window.__map?.loaded() && !window.__map.isMoving() && window.__map.areTilesLoaded(), null, { timeout: 30_000 })
    await page.waitForFunction((code) => (window.__map?.queryRenderedFeatures({ layers: ['villages-circle'] }) ?? [])
      .some((f) => f.properties.code === code), village.properties.code, { timeout: 30_000 })
    const point = await page.evaluate(([lng, lat]) => {
      const p = window.__map!.project([lng, lat])
      return { x: p.x, y: p.y }
    }, village.geometry.coordinates)
    const box = (await page.getByTestId('map').boundingBox())!
    await page.mouse.click(box.x + point.x, box.y + point.y)
    const card = page.getByTestId('feature-card')
    await expect.poll(() => card.getAttribute('data-code')).toBe(village.properties.code)
    await expect(page.getByTestId('feature-card-title').textContent()).resolves.toBe('田心村')
    const popup = page.locator('.maplibregl-popup')
    await expect.poll(() => popup.count()).toBe(1)
    await expect(popup.locator('[data-prop="population"]').textContent())
      .resolves.toBe(`${new Intl.NumberFormat('zh-CN').format(village.properties.population)} 人`)
    await shotOf(page, 'tiles-village.png')
  })

  it('groups the county picker by province, in both languages', async () => {
    const groups = () => page.locator('#county-picker optgroup').evaluateAll((els) => els.map((g) => ({
      label: g.getAttribute('label'), counties: [...g.querySelectorAll('option')].map((o) => o.value),
    })))
    expect(await groups()).toEqual([{ label: '江西省', counties: [COUNTY] }, { label: '贵州省', counties: ['520999'] }])
    await page.locator('[data-locale="en"]').click()
    await expect.poll(async () => (await groups()).map((g) => g.label)).toEqual(['Jiangxi', 'Guizhou'])
    await page.locator('[data-locale="zh-CN"]').click()
    await expect.poll(async () => (await groups()).map((g) => g.label)).toEqual(['江西省', '贵州省'])
  })

  it('gathers the villages in clusters with their number when zoomed out, and a click on one zooms in', async () => {
    await page.locator('.card-close').click()
    const fc = await admin.get<{ features: VillageFeature[] }>(`/api/layers/villages?region=${COUNTY}`)
    const [lng, lat] = fc.features[0].geometry.coordinates
    await page.evaluate(([x, y]) => window.__map?.jumpTo({ center: [x, y], zoom: 8.2 }), [lng, lat])
    await page.waitForFunction(() => window.__map?.loaded() && !window.__map.isMoving() && window.__map.areTilesLoaded()
      && window.__map.queryRenderedFeatures({ layers: ['villages-cluster'] }).length > 0, null, { timeout: 30_000 })
    const clusters = await page.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['villages-cluster'] })
      .map((f) => ({ count: f.properties.count as number, at: (f.geometry as unknown as { coordinates: [number, number] }).coordinates })))
    expect(clusters.every((c) => c.count > 1)).toBe(true)
    // No cluster is drawn as a village.
    const asVillages = await page.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['villages-circle'] })
      .filter((f) => f.properties.cluster).length)
    expect(asVillages).toBe(0)
    await shotOf(page, 'tiles-clusters.png')
    const before = await page.evaluate(() => window.__map!.getZoom())
    const point = await page.evaluate((at) => {
      const p = window.__map!.project(at)
      return { x: p.x, y: p.y }
    }, clusters[0].at)
    const box = (await page.getByTestId('map').boundingBox())!
    await page.mouse.click(box.x + point.x, box.y + point.y)
    await page.waitForFunction((z) => (window.__map?.getZoom() ?? 0) > z + 1 && !window.__map!.isMoving(), before, { timeout: 10_000 })
    expect(await page.getByTestId('feature-card').count()).toBe(0)
  })
})
