// The build-out workspace above the county: the province and every county of the instance as regions
// (offered only where the account's region covers them), the rollup by county as
// /api/projects/summary counts it, a county opened from the rollup, and the project table with a county
// column, in Chinese and in English.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, createAccount, health, launchBrowser, mapReady, newContext, openSignedIn,
  shot as shotOf, startServer, waitFor, importOtherCounty, OTHER_COUNTY, type ApiClient, type TestServer,
} from './harness'

interface Rollup { projects: number; startRate: number | null; completionRate: number | null }
interface Summary { partLevel: string; total: Rollup; townships: { code: string; name: string; total: Rollup }[] }
interface Row { code: string; townshipCode: string | null }

const OTHER = OTHER_COUNTY
const RUN = Date.now().toString(36).slice(-5)
let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient

const pct = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`)
const rollupRows = () => page.locator('[data-testid="rollup-table"] tbody tr[data-row]:not([data-row="total"])')
  .evaluateAll((els) => els.map((e) => e.getAttribute('data-row')))
const options = (p: Page) => p.locator('[data-testid="buildout-region"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))

beforeAll(async () => {
  server = await startServer()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 150_000, 'the database', server.log)
  admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  // A second county in another province (Guizhou, 52), with a township, a road built and a road planned.
  expect(await importOtherCounty(admin)).toBe(200)
  const roads = await admin.call('POST', '/api/layers/roads/import', { type: 'FeatureCollection', features: [
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[106.95, 27.5], [107.05, 27.5]] },
      properties: { code: `QB${RUN}1`, name: '示范通村路', roadClass: 'village', surface: 'hardened', status: 'completed', progressPct: 100,
        townshipCode: `${OTHER}100`, budgetCny: 1_200_000 } },
    { type: 'Feature', geometry: null,
      properties: { code: `QB${RUN}2`, name: '示范组道', roadClass: 'village', surface: 'gravel', status: 'planned', progressPct: 0,
        townshipCode: `${OTHER}100`, budgetCny: 300_000 } },
  ] })
  expect(roads.status, JSON.stringify(roads.body)).toBe(200)
  browser = await launchBrowser()
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  page = await context.newPage()
  await page.goto(`${server.baseUrl}/#/buildout?county=${COUNTY}`)
  await mapReady(page)
  await page.getByTestId('buildout-table').waitFor({ timeout: 30_000 })
}, 200_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('build-out above the county', () => {
  it('lists the province\'s projects with a county column', async () => {
    expect((await options(page)).slice(0, 3)).toEqual(['all', '36', COUNTY])
    expect(await page.locator('[data-testid="buildout-region"] option[value="36"]').textContent()).toBe('江西省(全省)')
    await page.getByTestId('buildout-region').selectOption('all')
    const all = await admin.get<Row[]>('/api/projects?region=')
    expect(all.filter((r) => r.code.startsWith(`QB${RUN}`))).toHaveLength(2)
    await expect.poll(() => page.locator('.bt-row').count(), { timeout: 15_000 }).toBe(all.length)
    expect(await page.locator('.bt-sort[data-sort="county"]').textContent()).toContain('县')
    expect(await page.locator('.bt-sort[data-sort="township"]').count()).toBe(0)
    expect(await page.locator(`.bt-row[data-code="QB${RUN}1"] td[data-col="county"]`).textContent()).toBe('黔北示范县')

    await page.getByTestId('buildout-region').selectOption('36')
    const jiangxi = await admin.get<Row[]>('/api/projects?region=36')
    await expect.poll(() => page.locator('.bt-row').count(), { timeout: 15_000 }).toBe(jiangxi.length)
    expect(await page.locator(`.bt-row[data-code="QB${RUN}1"]`).count()).toBe(0)
  })

  it('rolls the province and every county up by county, as the API counts them, and opens a county', async () => {
    await page.locator('.bo-tab[data-tab="rollup"]').click()
    await page.getByTestId('rollup-table').waitFor({ timeout: 15_000 })
    const province = await admin.get<Summary>('/api/projects/summary?region=36')
    expect(province.partLevel).toBe('county')
    await expect.poll(rollupRows).toEqual([COUNTY])
    expect(await page.getByTestId('rollup-start-rate').textContent()).toBe(pct(province.total.startRate))
    expect(await page.locator('.ru-first').first().textContent()).toBe('县')

    await page.getByTestId('buildout-region').selectOption('all')
    const all = await admin.get<Summary>('/api/projects/summary?region=')
    await expect.poll(rollupRows).toEqual([COUNTY, OTHER])
    await expect.poll(() => page.getByTestId('rollup-start-rate').textContent()).toBe(pct(all.total.startRate))
    const other = all.townships.find((p) => p.code === OTHER)!
    expect(other.total.projects).toBe(2)
    expect(await page.locator(`[data-testid="rollup-table"] tr[data-row="${OTHER}"] td[data-col="completionRate"]`).textContent()).toBe(pct(0.5))
    // No Latin word in the Chinese rollup.
    expect((await page.getByTestId('buildout-rollup').innerText()).replace(/km/g, '')).not.toMatch(/[A-Za-z]{2,}/)
    await shotOf(page, 'buildout-instance.png')

    // A county of the rollup opens its own, by township.
    await page.locator(`[data-testid="rollup-table"] tr[data-row="${OTHER}"] [data-testid="rollup-open-county"]`).click()
    await expect.poll(() => page.locator('#county-picker').inputValue()).toBe(OTHER)
    await expect.poll(() => page.getByTestId('buildout-region').inputValue()).toBe(OTHER)
    await expect.poll(rollupRows).toEqual([`${OTHER}100`])
    expect(await page.locator('[data-testid="buildout-region"] option[value="52"]').textContent()).toBe('贵州省(全省)')
  })

  it('says the same in English', async () => {
    await page.getByTestId('buildout-region').selectOption('52')
    await page.locator('[data-locale="en"]').click()
    await expect.poll(() => page.locator('[data-testid="buildout-region"] option[value="all"]').textContent()).toBe('All counties')
    expect(await page.locator('[data-testid="buildout-region"] option[value="52"]').textContent()).toBe('Guizhou (whole province)')
    await expect.poll(rollupRows).toEqual([OTHER])
    expect(await page.locator('.ru-first').first().textContent()).toBe('County')
    await shotOf(page, 'buildout-province-en.png')
    await page.locator('[data-locale="zh-CN"]').click()
  })

  it('drills from the instance into a county by its outline on the map, and back up to the province, in both languages', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      await page.locator(`[data-locale="${lang}"]`).click()
      await page.getByTestId('buildout-region').selectOption('all')
      await expect.poll(rollupRows).toEqual([COUNTY, OTHER])
      // Both counties are outlined, each with its name and the projects listed in it.
      await page.waitForFunction((codes) => {
        const drawn = (window.__map?.queryRenderedFeatures({ layers: ['buildout-county-fill'] }) ?? []).map((f) => f.properties.code)
        return codes.every((c) => drawn.includes(c))
      }, [COUNTY, OTHER], { timeout: 30_000 })
      const all = await admin.get<Row[]>('/api/projects?region=')
      const listedIn = (county: string) => all.filter((r) => (r.townshipCode?.slice(0, 6) ?? r.code.slice(0, 6)) === county).length
      const labels = await page.evaluate(async () => {
        const source = window.__map!.getSource('buildout-county-labels') as unknown as { getData: () => Promise<{ features: { properties: { code: string; label: string } }[] }> }
        return Object.fromEntries((await source.getData()).features.map((f) => [f.properties.code, f.properties.label]))
      })
      expect(labels[OTHER]).toBe(lang === 'zh-CN' ? `黔北示范县\n${listedIn(OTHER)} 个项目` : `黔北示范县\nProjects: ${listedIn(OTHER)}`)
      expect(listedIn(OTHER)).toBe(2)
      await shotOf(page, `buildout-drill-before-${lang}.png`)
      // A click on the other county's outline (inside it, outside its township) opens it by township.
      await page.evaluate(() => window.__map!.jumpTo({ center: [107.0, 27.62], zoom: 9 }))
      await page.waitForFunction(() => window.__map?.loaded() && !window.__map.isMoving(), null, { timeout: 30_000 })
      const point = await page.evaluate(() => {
        const p = window.__map!.project([107.0, 27.66])
        return { x: p.x, y: p.y }
      })
      const box = (await page.getByTestId('map').boundingBox())!
      await page.mouse.click(box.x + point.x, box.y + point.y)
      await expect.poll(() => page.locator('#county-picker').inputValue()).toBe(OTHER)
      await expect.poll(() => page.getByTestId('buildout-region').inputValue()).toBe(OTHER)
      await expect.poll(rollupRows).toEqual([`${OTHER}100`])
      // In the county the outlines go.
      await expect.poll(() => page.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['buildout-county-fill'] }).length)).toBe(0)
      await page.waitForFunction(() => window.__map?.loaded() && !window.__map.isMoving(), null, { timeout: 30_000 })
      await shotOf(page, `buildout-drill-after-${lang}.png`)
      // Back up to the province, as the exit breadcrumb does.
      await page.getByTestId('buildout-region').selectOption('52')
      await expect.poll(rollupRows).toEqual([OTHER])
      // The rollup symbol of a county (at its centre, its name and projects beneath) opens it too.
      await page.getByTestId('buildout-region').selectOption('all')
      await expect.poll(rollupRows).toEqual([COUNTY, OTHER])
      const label = await page.waitForFunction((county) => {
        const hit = (window.__map?.queryRenderedFeatures({ layers: ['buildout-county-symbol'] }) ?? []).find((f) => f.properties.code === county)
        if (!hit || window.__map!.isMoving()) return null
        const p = window.__map!.project((hit.geometry as unknown as { coordinates: [number, number] }).coordinates)
        return { x: p.x, y: p.y }
      }, COUNTY, { timeout: 30_000 })
      const at = (await label.jsonValue())!
      await page.mouse.click(box.x + at.x, box.y + at.y)
      await expect.poll(() => page.locator('#county-picker').inputValue()).toBe(COUNTY)
      await expect.poll(() => page.getByTestId('buildout-region').inputValue()).toBe(COUNTY)
      await mapReady(page)
    }
    await page.locator('[data-locale="zh-CN"]').click()
  })

  it('says when the instance holds too many projects to list, and offers its summary', async () => {
    const all = await admin.get<Row[]>('/api/projects?region=')
    const limit = (value: number) => admin.call('PUT', '/api/settings/layers.maxGeoJsonFeatures', { value, scope: '' })
    expect((await limit(all.length - 1)).status).toBe(200)
    try {
      await page.locator('[role="tab"][data-tab="projects"]').click()
      await page.getByTestId('buildout-region').selectOption('36')
      await page.getByTestId('buildout-region').selectOption('all')
      const notice = page.getByTestId('buildout-too-many')
      await notice.waitFor({ timeout: 15_000 })
      expect(await notice.textContent()).toContain('项目太多')
      expect(await notice.textContent()).toContain(String(all.length - 1))
      await shotOf(page, 'buildout-too-many.png')
      await notice.locator('button').click()
      expect(await page.locator('[role="tab"][data-tab="rollup"]').getAttribute('aria-selected')).toBe('true')
      await page.locator('[data-testid="rollup-table"]').waitFor({ timeout: 15_000 })
      // The map's county labels name the counties only: no project counts without the list.
      const labels = await page.evaluate(async () => {
        const source = window.__map!.getSource('buildout-county-labels') as unknown as { getData: () => Promise<{ features: { properties: { label: string } }[] }> }
        return (await source.getData()).features.map((f) => f.properties.label)
      })
      expect(labels.length).toBeGreaterThan(0)
      expect(labels.every((l) => !l.includes('\n'))).toBe(true)
    } finally {
      expect((await limit(10_000)).status).toBe(200)
    }
  })

  it('never drills a township account out of its township', async () => {
    const username = `bo_town_${RUN}`
    const password = 'buildout-town-secret-1'
    const created = await createAccount(admin, server.baseUrl, { username, password, role: 'viewer', regionCode: `${COUNTY}100`, displayName: '乡镇查看员' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const viewer = await openSignedIn(browser, server.baseUrl, username, password, `#/buildout?county=${COUNTY}`)
    try {
      await viewer.getByTestId('buildout-table').waitFor({ timeout: 30_000 })
      expect(await viewer.getByTestId('buildout-region').inputValue()).toBe(`${COUNTY}100`)
      expect((await options(viewer)).every((v) => v.startsWith(COUNTY))).toBe(true)
      expect(await viewer.getByTestId('buildout-map-hint').count()).toBe(0)
      // No county outline to drill by: the map has none of them drawn.
      expect(await viewer.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['buildout-county-fill'] }).length)).toBe(0)
    } finally {
      await viewer.context().close()
    }
  })

  it('offers a county account its county only', async () => {
    const username = `bo_above_${RUN}`
    const password = 'buildout-above-secret-1'
    const created = await createAccount(admin, server.baseUrl, { username, password, role: 'viewer', regionCode: COUNTY, displayName: '县级查看员' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const viewer = await openSignedIn(browser, server.baseUrl, username, password, `#/buildout?county=${COUNTY}`)
    try {
      await viewer.getByTestId('buildout-table').waitFor({ timeout: 30_000 })
      const values = await options(viewer)
      expect(values[0]).toBe(COUNTY)
      expect(values.every((v) => v.startsWith(COUNTY))).toBe(true)
    } finally {
      await viewer.context().close()
    }
  })
})
