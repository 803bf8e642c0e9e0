// Every workspace and panel in zh-CN speaks Chinese: no server English, no untranslated key, no
// English label. The page's visible text (and its tooltips and placeholders) is scanned for Latin
// words; a short list of units, formats and product names is allowed, and codes (words with digits)
// pass. Screenshots of every panel go to screenshots/locale-*.png.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, health, launchBrowser, mapReady, newContext, shot,
  startServer, waitFor, type ApiClient, type TestServer,
} from './harness'

/** Latin words a Chinese county office writes as they are. */
const ALLOWED = new Set([
  'km', 'm', 'MB', 'KB', 'GB', 'GeoJSON', 'Excel', 'xlsx', 'API', 'HTTP', 'PostGIS', 'WebAssembly', 'EPSG', 'CGCS',
  'WGS', 'OpenStreetMap', 'OSM', 'English', 'CSV', 'KML', 'QGIS', 'JSON', 'json', 'geojson', 'FeatureCollection', 'ISO',
  'UTF', 'PGlite', 'PostgreSQL', 'ArcGIS',
  // Import formats as their files are named
  'Shapefile', 'KMZ', 'GeoPackage', 'GBK', 'WKT', 'csv', 'zip', 'kml', 'kmz', 'gpkg', 'dbf', 'prj',
  ADMIN_USER,
])

let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient
const offenders = new Map<string, string[]>()

/** Latin words on the page outside the allowed list, each with the text it stands in. */
async function latinWords(): Promise<string[]> {
  const texts = await page.evaluate(() => {
    // Text set as code (a layer's file name, a property's own name) is a code, not a word.
    const hide = document.createElement('style')
    hide.textContent = 'code, kbd, samp { display: none !important; }'
    document.head.append(hide)
    const out: string[] = [document.body.innerText]
    hide.remove()
    for (const el of Array.from(document.querySelectorAll('[title], [placeholder], [aria-label]'))) {
      const style = getComputedStyle(el as HTMLElement)
      if (style.display === 'none' || style.visibility === 'hidden') continue
      for (const attr of ['title', 'placeholder', 'aria-label']) {
        const v = el.getAttribute(attr)
        if (v) out.push(v)
      }
    }
    return out
  })
  const found: string[] = []
  for (const text of texts) {
    for (const line of text.split('\n')) {
      for (const raw of line.split(/[\s,;:!?()[\]{}"'“”‘’、,。;:!?()【】《》·/|=+<>…—–]+/)) {
        const token = raw.replace(/^[.-]+|[.-]+$/g, '')
        // Codes pass: words with digits (360729-RD-001, C1) and setting keys (exit.roadAccessM).
        if (!/[A-Za-z]{2,}/.test(token) || /\d/.test(token) || /^[a-z]+(\.[A-Za-z]+)+$/.test(token)) continue
        const word = token.replace(/[^A-Za-z²³_]/g, '')
        if (word.length < 2 || ALLOWED.has(word) || ALLOWED.has(token)) continue
        found.push(`${token}  «${line.trim().slice(0, 100)}»`)
      }
    }
  }
  return [...new Set(found)]
}

async function check(name: string): Promise<void> {
  await page.waitForTimeout(300)
  await shot(page, `locale-${name}.png`)
  const words = await latinWords()
  if (words.length) offenders.set(name, words)
}

async function settle(): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.locator('.spinner').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {})
}

async function openPrint(testid: string, name: string): Promise<void> {
  const button = page.getByTestId(`${testid}-print`)
  if (!(await button.isEnabled())) return
  await button.click()
  await page.getByTestId(`${testid}-print-view`).waitFor({ timeout: 30_000 })
  await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}-print-view"]`)?.getAttribute('data-map') !== 'loading', testid, { timeout: 30_000 }).catch(() => {})
  await check(name)
  await page.getByTestId(`${testid}-print-close`).click()
}

async function clickMapAt([lng, lat]: [number, number]): Promise<void> {
  const point = await page.evaluate(async ([x, y]) => {
    const map = window.__map!
    map.jumpTo({ center: [x, y], zoom: 11.5 })
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    const p = map.project([x, y])
    const box = map.getCanvas().getBoundingClientRect()
    return { x: box.left + p.x, y: box.top + p.y }
  }, [lng, lat] as [number, number])
  await page.mouse.click(point.x, point.y)
}

beforeAll(async () => {
  server = await startServer()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 120_000, 'the database', server.log)
  admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  browser = await launchBrowser()
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  page = await context.newPage()
  await page.goto(`${server.baseUrl}/#/map?county=${COUNTY}`)
  await mapReady(page)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the Chinese interface', () => {
  it('shows no English in the map workspace, a village card and its history, a project card', async () => {
    await settle()
    await check('map')
    const villages = await admin.get<{ features: { properties: { code: string } }[] }>(`/api/layers/villages?region=${COUNTY}`)
    await page.goto(`${server.baseUrl}/#/map?county=${COUNTY}&sel=villages:${villages.features[0].properties.code}`)
    await settle()
    await check('map-village')
    const history = page.getByRole('button', { name: /修改记录/ })
    if (await history.count()) {
      await history.first().click()
      await settle()
      await check('map-village-history')
    }
    const roads = await admin.get<{ features: { properties: { code: string } }[] }>(`/api/layers/roads?region=${COUNTY}`)
    await page.goto(`${server.baseUrl}/#/map?county=${COUNTY}&sel=roads:${roads.features[0].properties.code}`)
    await settle()
    await check('map-road')
    // A township's card, with its own figures.
    await page.goto(`${server.baseUrl}/#/map?county=${COUNTY}&sel=regions:${COUNTY}100`)
    await page.getByTestId('region-figures').waitFor({ timeout: 15_000 })
    await check('map-township')
    await page.goto(`${server.baseUrl}/#/map?county=${COUNTY}`)
    await settle()
    await openPrint('map', 'map-print')
  })

  it('shows no English in the siting workspace: a candidate and every tab', async () => {
    await page.goto(`${server.baseUrl}/#/siting?county=${COUNTY}`)
    await page.getByTestId('siting-panel').waitFor()
    await page.getByTestId('siting-place').click()
    await clickMapAt([114.36, 24.86])
    await page.locator('[data-testid="siting-candidate"][data-state="done"]').first().waitFor({ timeout: 30_000 })
    await check('siting-candidate')
    for (const tab of await page.locator('.siting-tab').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tab!))) {
      await page.locator(`.siting-tab[data-tab="${tab}"]`).click()
      await settle()
      await check(`siting-${tab}`)
    }
    await openPrint('siting', 'siting-print')
  })

  it('shows no English for a candidate off the road network, measured by road', async () => {
    await page.locator('.siting-tab[data-tab="candidates"]').click()
    await page.locator('.seg[data-metric="road"]').click()
    await page.getByTestId('siting-place').click()
    // 3.2 km from the nearest built road: the panel says why nothing is reachable, every check why it fails.
    await clickMapAt([114.332, 24.815])
    await page.locator('[data-testid="siting-candidate"][data-key="C2"][data-state="done"]').waitFor({ timeout: 30_000 })
    await page.getByTestId('siting-road-gap').waitFor()
    await check('siting-road-candidate')
    for (const tab of ['compare', 'assign']) {
      await page.locator(`.siting-tab[data-tab="${tab}"]`).click()
      await settle()
      await check(`siting-road-${tab}`)
    }
    await page.locator('.seg[data-metric="straight"]').click()
  })

  it('shows no English in the build-out workspace: the table, a project card and every tab', async () => {
    await page.goto(`${server.baseUrl}/#/buildout?county=${COUNTY}`)
    await page.getByTestId('buildout-table').waitFor({ timeout: 30_000 })
    await check('buildout')
    await page.locator('.bt-row').first().click()
    await page.getByTestId('buildout-project').first().waitFor({ timeout: 15_000 })
    await settle()
    await check('buildout-project')
    for (const tab of await page.locator('.bo-tab').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tab!))) {
      await page.locator(`.bo-tab[data-tab="${tab}"]`).click()
      await settle()
      await check(`buildout-${tab}`)
    }
    await openPrint('buildout', 'buildout-print')
    // Editing a road's geometry: the actions bar at the foot of the panel.
    await page.locator('.bo-tab[data-tab="projects"]').click()
    const road = page.locator('.bt-row[data-layer="roads"][data-status="completed"]').first()
    await road.click()
    await page.getByTestId('geometry-edit').click()
    await page.getByTestId('geometry-save').waitFor()
    await check('buildout-editing')
    await page.getByTestId('geometry-cancel').click()
    // A new road drawn across two townships: the form says which township it goes under, and why.
    await page.getByTestId('create-open').click()
    await page.getByTestId('create-type').selectOption('road')
    await page.getByTestId('create-start').click()
    const points = await page.evaluate(() => {
      const map = window.__map!
      map.jumpTo({ center: [114.4, 24.74], zoom: 11 })
      const box = map.getCanvas().getBoundingClientRect()
      return [[114.410163, 24.790155], [114.394501, 24.726113], [114.416512, 24.697571]].map(([x, y]) => {
        const p = map.project([x, y])
        return [box.left + p.x, box.top + p.y]
      })
    })
    for (const [x, y] of [...points, points[points.length - 1]]) {
      await page.mouse.move(x + 2, y, { steps: 2 })
      await page.mouse.move(x, y, { steps: 2 })
      await page.mouse.click(x, y)
      await page.waitForTimeout(150)
    }
    await page.getByTestId('create-form').waitFor({ timeout: 10_000 })
    await page.locator('[data-testid="create-form"] select[name="townshipCode"]').selectOption('360729100')
    await check('buildout-create')
    await page.getByRole('button', { name: '取消' }).first().click()
  })

  it('shows no English in the exit workspace: the county, a township, a village card', async () => {
    await page.goto(`${server.baseUrl}/#/exit?county=${COUNTY}`)
    await page.getByTestId('exit-panel').waitFor()
    await page.getByTestId('exit-township-row').first().waitFor({ timeout: 30_000 })
    await check('exit')
    await page.locator('[data-testid="exit-township-row"] button').first().click()
    await page.getByTestId('exit-village-row').first().waitFor({ timeout: 30_000 })
    await check('exit-township')
    await page.locator('[data-testid="exit-village-row"] button').first().click()
    await page.getByTestId('exit-village-card').waitFor({ timeout: 15_000 })
    await check('exit-village')
    await page.locator('[data-testid="exit-crumbs"] [data-crumb="county"]').click()
    await openPrint('exit', 'exit-print')
  })

  it('shows no English in the data workspace: every tab', async () => {
    // A saved scenario, so that the audit trail has one to say in words.
    const villages = await admin.get<{ features: { properties: { code: string } }[] }>(`/api/layers/villages?region=${COUNTY}`)
    const saved = await admin.call('POST', '/api/scenarios', {
      name: '语言检查方案', countyCode: COUNTY, sites: [{ key: 'S1', name: '检查安置点', geometry: { type: 'Point', coordinates: [114.53, 24.74] } }],
      assignments: [{ villageCode: villages.features[0].properties.code, siteKey: 'S1', households: 4, persons: 15 }],
    })
    expect(saved.status).toBe(201)
    await page.goto(`${server.baseUrl}/#/data?county=${COUNTY}`)
    await page.locator('.data-tab').first().waitFor()
    for (const tab of await page.locator('.data-tab').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tab!))) {
      await page.locator(`.data-tab[data-tab="${tab}"]`).click()
      await settle()
      await check(`data-${tab}`)
    }
  })

  it('found no English anywhere', () => {
    expect(Object.fromEntries(offenders)).toEqual({})
  })
})
