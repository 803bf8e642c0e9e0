// The siting workspace's optimisation tab against the real server: a planner of the sample county
// chooses 4 sites among the sites layer by shortest total distance, runs it as a job (progress, then
// the answer), and reads the status, the totals and each site's load, checked against POST
// /api/optimise for the same body; the answer is drawn on the map, saved as a scenario that the
// scenarios API then holds; a run can be cancelled; and the tab speaks no English in zh-CN.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shot, type ApiClient, type TestServer } from './harness'
import { openSitingAsPlanner } from './siting_harness'

const RUN = Date.now().toString(36).slice(-5)
const PLANNER = `opt_planner_${RUN}`
const PASSWORD = 'optimise-planner-pass-1'
const SCENARIO = `优化方案 ${RUN}`

let server: TestServer
let browser: Browser
let page: Page
let planner: ApiClient

interface Answer {
  status: string
  objective: number
  chosen: string[]
  assignments: { village: string; key: string; persons: number; distanceM: number }[]
  loads: { key: string; persons: number; capacityPopulation: number | null }[]
  totals: { assignedPersons: number; meanDistanceM: number; maxDistanceM: number; coveredShare: number }
}

/** The optimisation store's request body, as the page would send it. */
async function pageBody(): Promise<Record<string, unknown>> {
  return page.evaluate(() => {
    const app = (document.querySelector('#app') as unknown as { __vue_app__?: { config: { globalProperties: Record<string, unknown> } } }).__vue_app__
    const pinia = app?.config.globalProperties.$pinia as { _s: Map<string, { body?: () => unknown }> } | undefined
    return JSON.parse(JSON.stringify(pinia!._s.get('siting-optimise')!.body!()))
  })
}

const digits = (text: string | null) => (text ?? '').replace(/[^\d]/g, '')

beforeAll(async () => {
  ({ server, browser, page, planner } = await openSitingAsPlanner(PLANNER, PASSWORD))
  await page.locator('.siting-tab[data-tab="optimise"]').click()
  await page.getByTestId('siting-optimise').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('optimisation in the siting workspace', () => {
  let answer: Answer

  it('runs p-median as a job and shows the figures the API gives for the same body', async () => {
    await page.getByTestId('opt-model').selectOption('p_median')
    await page.getByTestId('opt-p').fill('4')
    await page.getByTestId('opt-max-distance').fill('100000')
    await page.getByTestId('opt-max-distance').dispatchEvent('change')
    // Every site of the sites layer is in the pool.
    expect(await page.locator('[data-testid="opt-pool"] li').count()).toBe(15)
    await page.getByTestId('opt-run').click()
    await page.getByTestId('opt-result').waitFor({ timeout: 60_000 })

    const body = await pageBody()
    expect(body).toMatchObject({ model: 'p_median', p: 4, origins: { region: '360729', weight: 'relocationPopulation' }, limits: { maxDistanceM: 100000 }, job: true })
    const expected = await planner.call<Answer>('POST', '/api/optimise', { ...body, job: false })
    expect(expected.status, JSON.stringify(expected.body)).toBe(200)
    answer = expected.body
    expect(answer.status).toBe('optimal')
    expect(await page.getByTestId('opt-status').textContent()).toBe('已证明最优')
    expect(digits(await page.getByTestId('opt-objective').locator('.figure-value').textContent())).toBe(String(Math.round(answer.objective)))
    expect(digits(await page.getByTestId('opt-assigned').locator('.figure-value').textContent())).toBe(String(answer.totals.assignedPersons))
    const mean = answer.totals.meanDistanceM
    const meanText = (await page.getByTestId('opt-mean').locator('.figure-value').textContent()) ?? ''
    expect(meanText).toBe(mean >= 1000 ? `${(mean / 1000).toFixed(1)} km` : `${Math.round(mean)} m`)
    expect(await page.getByTestId('opt-covered').locator('.figure-value').textContent()).toBe('100.0%')
    const loads = await page.locator('[data-testid="opt-loads"] li').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.key, Number((e as HTMLElement).dataset.persons)]))
    expect(loads).toEqual(answer.loads.map((l) => [l.key, l.persons]))
    expect(answer.chosen).toHaveLength(4)
  })

  it('draws the chosen sites and a line from every assigned village', async () => {
    const drawn = await page.evaluate(() => {
      const map = window.__map!
      const data = (id: string) => (map.getSource(id) as unknown as { _data: { features?: unknown[] } | { geojson?: { features: unknown[] } } })._data
      const count = (id: string) => {
        const d = data(id) as { features?: unknown[]; geojson?: { features: unknown[] } }
        return (d.features ?? d.geojson?.features ?? []).length
      }
      return { sites: count('siting-opt-sites'), lines: count('siting-opt-lines') }
    })
    expect(drawn).toEqual({ sites: 4, lines: answer.assignments.length })
    await page.waitForTimeout(400)
    await shot(page, 'siting-optimise.png')
  })

  it('speaks no English in zh-CN', async () => {
    const text = await page.getByTestId('siting-optimise').evaluate((el) => (el as HTMLElement).innerText)
    const words = text.split(/[\s,;:!?()[\]{}"'“”‘’、,。;:!?()【】《》·/|=+<>…—–]+/)
      .map((w) => w.replace(/^[.-]+|[.-]+$/g, ''))
      .filter((w) => /[A-Za-z]{2,}/.test(w) && !/\d/.test(w) && !['km', 'm'].includes(w))
    expect(words).toEqual([])
  })

  it('saves the answer as a scenario the scenarios API holds', async () => {
    await page.getByTestId('opt-save-name').fill(SCENARIO)
    await page.getByTestId('opt-save').click()
    await page.getByTestId('opt-saved').waitFor({ timeout: 20_000 })
    const list = await planner.get<{ id: number; name: string; sites: number; assignments: number }[]>('/api/scenarios?county=360729')
    const row = list.find((s) => s.name === SCENARIO)!
    expect(row).toBeDefined()
    expect(row.sites).toBe(4)
    expect(row.assignments).toBe(answer.assignments.length)
    const detail = await planner.get<{ sites: { key: string; load: { persons: number } }[] }>(`/api/scenarios/${row.id}`)
    // Each village whole at its site: the scenario's loads are the optimisation's.
    expect(detail.sites.map((s) => [s.key, s.load.persons]).sort()).toEqual(answer.loads.map((l) => [l.key, l.persons]).sort())
  })

  it('cancels a running job: the page says so and asks the server to stop it', async () => {
    // The job's progress answers are held back, so that the run is still going when cancelled.
    await page.route('**/api/optimise/*', async (route) => {
      if (route.request().method() === 'GET') await new Promise((r) => setTimeout(r, 3000))
      await route.continue().catch(() => {})
    })
    const deletes: string[] = []
    page.on('request', (r) => { if (r.method() === 'DELETE' && r.url().includes('/api/optimise/')) deletes.push(r.url()) })
    const started = page.waitForResponse((r) => r.url().endsWith('/api/optimise') && r.request().method() === 'POST')
    await page.getByTestId('opt-run').click()
    const job = await (await started).json() as { id: string; state: string }
    expect(job.state).toBe('running')
    await page.getByTestId('opt-progress').waitFor()
    await page.getByTestId('opt-cancel').click()
    await page.getByTestId('opt-cancelled').waitFor({ timeout: 5000 })
    await expect.poll(() => deletes.length).toBe(1)
    expect(deletes[0]).toContain(job.id)
    const state = await planner.call<{ state: string }>('GET', `/api/optimise/${job.id}`)
    // The page's account reads its own job: stopped, or finished in the moment before the cancel arrived.
    expect(state.status).toBe(200)
    expect(['cancelled', 'done']).toContain(state.body.state)
    expect(await page.getByTestId('opt-run').isEnabled()).toBe(true)
    await page.unroute('**/api/optimise/*')
  })
})
