// What a county planner trips over in the siting workspace, against the real server: a candidate
// 3.2 km from the nearest built road measured by road (the panel says why nothing is reachable, the
// checks fail for that reason, the assignment tab says why no village is in reach instead of warning
// of over-assignment); villages with no relocating households say why they cannot be ticked; the
// unsaved session survives a reload and says that it is not saved; a duplicated scenario is opened.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTY, mapReady, shot, type ApiClient, type TestServer } from './harness'
import { clickMapAt, openSitingAsPlanner } from './siting_harness'

const RUN = Date.now().toString(36).slice(-5)
const PLANNER = `trips_planner_${RUN}`
const PASSWORD = 'trips-planner-pass-1'
/** 3.2 km from the nearest built road of the sample county; four villages within 5 km, two of them relocating. */
const OFF_ROAD: [number, number] = [114.332, 24.815]
const SCENARIO = `离路候选点方案 ${RUN}`

let server: TestServer
let browser: Browser
let page: Page
let planner: ApiClient

interface Evaluation {
  road: { onNetwork: boolean; nearestRoadM: number; maxConnectorM: number } | null
  catchment: { villages: { code: string; name: string; relocationHouseholds: number | null }[] }
}

const tab = (name: string) => page.locator(`.siting-tab[data-tab="${name}"]`).click()
const evaluated = (key: string) => page.locator(`[data-testid="siting-candidate"][data-key="${key}"][data-state="done"]`).waitFor({ timeout: 30_000 })

async function reload(): Promise<void> {
  await page.reload()
  await mapReady(page)
  await page.getByTestId('siting-panel').waitFor()
}

/** km with one decimal from 1 km up, as the app writes distances. */
const km = (m: number) => `${(m / 1000).toFixed(1)} km`

beforeAll(async () => {
  ({ server, browser, page, planner } = await openSitingAsPlanner(PLANNER, PASSWORD))
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('siting: what a county planner trips over', () => {
  let at: [number, number]
  let relocating: string[] = []

  it('says why a village of the catchment cannot be ticked: it relocates no household', async () => {
    await page.getByTestId('siting-place').click()
    at = await clickMapAt(page, OFF_ROAD)
    await evaluated('C1')
    const straight = await planner.call<Evaluation>('POST', '/api/analysis/site', { geometry: { type: 'Point', coordinates: at }, radiusM: 5000, metric: 'straight' })
    const villages = straight.body.catchment.villages
    relocating = villages.filter((v) => (v.relocationHouseholds ?? 0) > 0).map((v) => v.code)
    const none = villages.filter((v) => !v.relocationHouseholds)
    expect(relocating.length).toBeGreaterThan(0)
    expect(none.length).toBeGreaterThan(0)
    for (const v of none) {
      const row = page.locator(`[data-testid="siting-villages"] li[data-code="${v.code}"]`)
      expect(await row.locator('input[type=checkbox]').isDisabled()).toBe(true)
      const hint = v.relocationHouseholds === 0 ? '无搬迁户(搬迁户数为 0),不能分配' : '无搬迁户(未填写搬迁户数),不能分配'
      expect(await row.getByTestId('siting-no-relocation').textContent()).toBe(hint)
      expect(await row.locator('input[type=checkbox]').getAttribute('title')).toBe(hint)
    }
    await shot(page, 'siting-trips-no-relocation.png')
  })

  it('by road, a candidate off the network says why nothing is reachable, and the assignment tab does not cry over-assigned', async () => {
    for (const code of relocating) await page.locator(`[data-testid="siting-villages"] li[data-code="${code}"] input[type=checkbox]`).check()
    await page.locator('.seg[data-metric="road"]').click()
    await evaluated('C1')
    const byRoad = await planner.call<Evaluation>('POST', '/api/analysis/site', { geometry: { type: 'Point', coordinates: at }, radiusM: 5000, metric: 'road' })
    expect(byRoad.body.road).toMatchObject({ onNetwork: false, maxConnectorM: 1000 })
    const roadKm = km(byRoad.body.road!.nearestRoadM)
    expect(roadKm).toMatch(/^[234]\.\d km$/)
    const why = `候选点距最近已建道路 ${roadKm},超过 1.0 km 接入限制`
    expect(await page.getByTestId('siting-road-gap').textContent()).toContain(why)
    expect(((await page.getByTestId('siting-fig-villages').locator('.figure-value').textContent()) ?? '').replace(/\D/g, '')).toBe('0')
    // Every service measured by road is named and marked unreachable, not "none found".
    for (const factor of ['water', 'school', 'clinic', 'townshipSeat']) {
      const row = page.locator(`[data-testid="siting-nearest"] li[data-factor="${factor}"]`)
      expect(await row.getAttribute('data-reachable')).toBe('false')
      expect(await row.textContent()).toContain('不通达')
      expect(await row.textContent()).not.toContain('未找到')
      const check = page.locator(`[data-testid="siting-checks"] li[data-check="${factor}"]`)
      expect(await check.getAttribute('data-pass')).toBe('false')
      expect(await check.locator('.check-reason').textContent()).toContain(`不能按道路到达`)
      expect(await check.locator('.check-reason').textContent()).toContain(why)
    }
    await shot(page, 'siting-trips-off-road.png')

    await tab('assign')
    const site = page.locator('[data-testid="siting-assign-site"][data-key="C1"]')
    await expect.poll(() => site.locator('[data-testid="siting-assignment"]').count()).toBe(relocating.length)
    expect(await site.getByTestId('siting-assign-gap').textContent()).toBe(`按道路没有可达的村:${why}。`)
    expect(await page.getByTestId('siting-warnings').count()).toBe(0)
    expect(await site.locator('tr.warn').count()).toBe(0)
    await shot(page, 'siting-trips-assign.png')
  })

  it('keeps the unsaved session across a reload and says that it is not saved', async () => {
    await tab('candidates')
    await page.getByTestId('siting-radius').fill('4500')
    await page.getByTestId('siting-cap-households').fill('120')
    await page.getByTestId('siting-cap-households').press('Tab')
    await evaluated('C1')
    const state = page.getByTestId('siting-save-state')
    expect(await state.getAttribute('data-state')).toBe('unsaved')
    expect(await state.textContent()).toBe('未保存')
    await reload()
    await evaluated('C1')
    expect(await page.getByTestId('siting-restored').isVisible()).toBe(true)
    expect(await page.getByTestId('siting-save-state').textContent()).toBe('未保存')
    expect(await page.getByTestId('siting-radius').inputValue()).toBe('4500')
    expect(await page.getByTestId('siting-cap-households').inputValue()).toBe('120')
    expect(await page.locator('.seg[data-metric="road"]').getAttribute('aria-checked')).toBe('true')
    expect(await page.getByTestId('siting-road-gap').isVisible()).toBe(true)
    await tab('assign')
    const codes = await page.locator('[data-testid="siting-assign-site"][data-key="C1"] [data-testid="siting-assignment"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))
    expect(codes.sort()).toEqual([...relocating].sort())
    await shot(page, 'siting-trips-restored.png')

    // Saved: the header says so, and a reload keeps the open scenario, its id and that it is unchanged.
    await tab('scenarios')
    await page.getByTestId('siting-scenario-name').fill(SCENARIO)
    await page.getByTestId('siting-save').click()
    await page.getByTestId('siting-notice').waitFor({ timeout: 30_000 })
    const saved = (await planner.get<{ id: number; name: string }[]>(`/api/scenarios?county=${COUNTY}`)).find((s) => s.name === SCENARIO)!
    expect(await page.getByTestId('siting-save-state').getAttribute('data-state')).toBe('saved')
    await reload()
    await tab('scenarios')
    expect(await page.getByTestId('siting-save-state').getAttribute('data-state')).toBe('saved')
    expect(await page.getByTestId('siting-scenario-id').getAttribute('data-id')).toBe(String(saved.id))
    expect(await page.getByTestId('siting-scenario-name').inputValue()).toBe(SCENARIO)
    expect(await page.getByTestId('siting-dirty').count()).toBe(0)
    // A change after saving is unsaved again, and stays so across a reload, still linked to the scenario.
    await tab('candidates')
    await evaluated('C1')
    await page.getByTestId('siting-radius').fill('4000')
    await reload()
    await tab('scenarios')
    expect(await page.getByTestId('siting-save-state').getAttribute('data-state')).toBe('unsaved')
    expect(await page.getByTestId('siting-dirty').isVisible()).toBe(true)
    expect(await page.getByTestId('siting-scenario-id').getAttribute('data-id')).toBe(String(saved.id))
  })

  it('opens the copy after duplicating: the form shows the copy’s name and id', async () => {
    const list = await planner.get<{ id: number; name: string }[]>(`/api/scenarios?county=${COUNTY}`)
    const original = list.find((s) => s.name === SCENARIO)!
    const row = page.locator(`[data-testid="siting-scenario-list"] li[data-id="${original.id}"]`)
    await row.waitFor()
    await row.getByRole('button', { name: '复制' }).click()
    // Unsaved changes on screen: asked first.
    await page.getByTestId('siting-confirm-open').click()
    await page.getByTestId('siting-notice').waitFor({ timeout: 30_000 })
    const copy = (await planner.get<{ id: number; name: string }[]>(`/api/scenarios?county=${COUNTY}`)).find((s) => s.name === `${SCENARIO} 副本`)!
    expect(copy).toBeDefined()
    await expect.poll(() => page.getByTestId('siting-scenario-name').inputValue()).toBe(`${SCENARIO} 副本`)
    expect(await page.getByTestId('siting-scenario-id').getAttribute('data-id')).toBe(String(copy.id))
    expect(await page.getByTestId('siting-notice').textContent()).toContain(`${SCENARIO} 副本`)
    expect(await page.getByTestId('siting-notice').textContent()).toContain(`编号 ${copy.id}`)
    expect(await page.locator(`[data-testid="siting-scenario-list"] li[data-id="${copy.id}"]`).getAttribute('class')).toContain('current')
    expect(await page.getByTestId('siting-save-state').getAttribute('data-state')).toBe('saved')
    await shot(page, 'siting-trips-duplicate.png')
    // What is saved next is the copy, not the original.
    await tab('candidates')
    await evaluated('C1')
    await page.getByTestId('siting-radius').fill('3800')
    await tab('scenarios')
    await page.getByTestId('siting-save').click()
    await page.getByTestId('siting-notice').waitFor({ timeout: 30_000 })
    const after = await planner.get<{ id: number; version: number }[]>(`/api/scenarios?county=${COUNTY}`)
    expect(after.find((s) => s.id === copy.id)?.version).toBe(2)
    expect(after.find((s) => s.id === original.id)?.version).toBe(1)
  })
})
