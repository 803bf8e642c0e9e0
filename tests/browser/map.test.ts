// The web app against the real server: startup state, villages on the map, a click, search,
// the English switch, the URL restoring the view. Screenshots go to screenshots/ (gitignored).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const shots = join(root, 'screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const COUNTY = '360729'
const TIANXIN = '田心村'

let server: ChildProcess | null = null
let serverLog = ''
let pgliteDir = ''
let baseUrl = ''
let browser: Browser
let page: Page
/** Requests the page made to any other host: the app must work offline. */
const foreignRequests: string[] = []

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

async function health(): Promise<number | null> {
  try {
    return (await fetch(`${baseUrl}/api/health`)).status
  } catch {
    return null
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`Timed out waiting for ${what}. Server log:\n${serverLog.slice(-3000)}`)
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`)
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`)
  return (await response.json()) as T
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

const mapReady = () => page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 90_000 })
const shot = (name: string) => page.screenshot({ path: join(shots, name) })

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  if (!existsSync(join(root, 'dist/web/index.html'))) {
    execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' })
  }
  pgliteDir = mkdtempSync(join(tmpdir(), 'fupin-browser-'))
  baseUrl = `http://127.0.0.1:${await freePort()}`
  // DATABASE_URL passes through; an empty PostgreSQL database then gets the sample county too.
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: new URL(baseUrl).port, PGLITE_DIR: pgliteDir, SEED_SAMPLE: process.env.SEED_SAMPLE ?? 'auto',
  }
  // One process (no npx wrapper), so stopping it stops the server.
  server = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout?.on('data', (d) => (serverLog += String(d)))
  server.stderr?.on('data', (d) => (serverLog += String(d)))

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader',
    ],
  })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  page = await context.newPage()
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url)
  })
  await waitFor(async () => (await health()) !== null, 60_000, 'the server to listen')
})

afterAll(async () => {
  await browser?.close()
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve))
    server.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    if (server.exitCode === null) server.kill('SIGKILL')
  }
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true })
})

describe('map workspace', () => {
  it('shows the startup state while the database starts, then draws the villages', async () => {
    const startedBefore = (await health()) === 503
    await page.goto(`${baseUrl}/`)
    if (startedBefore) {
      // The overlay names what is loading; it may already be gone on a fast PostgreSQL start.
      const overlay = page.getByTestId('startup-overlay')
      if (await overlay.isVisible()) {
        await expect(overlay.textContent()).resolves.toContain('PostGIS')
        await shot('01-startup.png')
      }
    }
    await waitFor(async () => (await health()) === 200, 150_000, 'the database to be ready')
    await mapReady()
    expect(await page.getByTestId('startup-overlay').count()).toBe(0)

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
    await mapReady()
    expect(page.url()).toBe(url)
    await expect(page.locator('[data-workspace="map"].tab').textContent()).resolves.toBe('Map')
    await expect.poll(() => page.getByTestId('feature-card-title').textContent()).toBe(TIANXIN)
    await expect(page.locator('[data-prop="population"] .figure-label, [data-prop="population"] dt').first().textContent()).resolves.toContain('Population')
  })

  it('shows a designed empty state for workspaces that are not built yet', async () => {
    await page.locator('[data-workspace="siting"].tab').click()
    await expect(page.getByTestId('coming-soon').textContent()).resolves.toContain('Coming soon')
    expect(page.url()).toContain('#/siting')
    await shot('06-coming-soon.png')
    await page.locator('[data-locale="zh-CN"]').click()
    await page.locator('[data-workspace="map"].tab').click()
  })

  it('says what to do when a layer fails to load, and retries', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
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

  it('shows a name with markup in it as text', async (ctx) => {
    const code = '360729100299'
    const name = '<script>alert(1)</script>'
    const response = await fetch(`${baseUrl}/api/layers/villages/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'FeatureCollection',
        features: [{
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [114.56, 24.72] },
          properties: { code, name, townshipCode: '360729100', households: 10, population: 40 },
        }],
      }),
    })
    // Importing may need a signed-in user in later versions; the escaping is then covered by search text above.
    if (response.status === 401 || response.status === 403) ctx.skip()
    expect(response.ok).toBe(true)

    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.goto(`${baseUrl}/#/map?county=${COUNTY}&sel=villages:${code}`)
    await page.reload()
    await mapReady()
    await expect.poll(() => page.getByTestId('feature-card-title').textContent()).toBe(name)
    await expect.poll(() => page.locator('.maplibregl-popup .popup-title').textContent()).toBe(name)
    await expect(page.locator('.crumbs-current').textContent()).resolves.toBe(name)
    expect(dialogs).toEqual([])
    await shot('08-markup-name.png')
  })

  it('never asks another host for anything', () => {
    expect(foreignRequests).toEqual([])
  })
})
