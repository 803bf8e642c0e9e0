import type { Feature } from 'geojson'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { collection, feature, square } from './fixtures.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// The build-out rollup above the county: two adjacent Guizhou counties beside the sample county
// (360729, Jiangxi). 520901 has a west and an east township, 520902 one; the county road G3 (no
// townshipCode) runs along 27.55°N from 106.95° to 107.15°: a quarter in 520901's west township,
// half in its east one, a quarter in 520902.
const SAMPLE = '360729'
const C1 = '520901'
const C2 = '520902'
const W = '520901100'
const E = '520901200'
const T2 = '520902100'

let h: Harness
let viewer: Identity

const line = (...coordinates: [number, number][]) => ({ type: 'LineString' as const, coordinates })
const pt = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] })
const rect = (w: number, s: number, e: number, n: number) =>
  ({ type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] })

async function load(layer: string, ...features: Feature[]) {
  const res = await request(h.app, 'POST', `/api/layers/${layer}/import`, collection(...features))
  expect(res.status, res.text).toBe(200)
}

const lengthOf = async (code: string) =>
  (await h.db.rows<{ m: number }>(sql`SELECT ST_Length(geom::geography) AS m FROM roads WHERE code = ${code}`))[0].m
const summary = async (region: string, as?: Identity) => {
  const res = await request(h.app, 'GET', `/api/projects/summary?region=${region}`, undefined, as ? { as } : {})
  expect(res.status, res.text).toBe(200)
  return res.json
}
const sum = (parts: any[], pick: (r: any) => number) => parts.reduce((s, p) => s + pick(p.total), 0)

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  await load('regions',
    feature({ code: C1, name: '西县', level: 'county' }, square(107.0, 27.5, 0.1)),
    feature({ code: W, name: '西一镇', level: 'township', parentCode: C1 }, rect(106.9, 27.4, 107.0, 27.6)),
    feature({ code: E, name: '东一镇', level: 'township', parentCode: C1 }, rect(107.0, 27.4, 107.1, 27.6)),
    feature({ code: C2, name: '东县', level: 'county' }, square(107.2, 27.5, 0.1)),
    feature({ code: T2, name: '东二镇', level: 'township', parentCode: C2 }, square(107.2, 27.5, 0.1)))
  await load('roads',
    feature({ code: 'G1', roadClass: 'village', surface: 'hardened', status: 'completed', progressPct: 100, townshipCode: W,
      budgetCny: 1_000_000, fundingState: 800_000, fundingSelf: 200_000 }, line([106.92, 27.45], [106.98, 27.45])),
    feature({ code: 'G2', roadClass: 'township', surface: 'gravel', status: 'under_construction', progressPct: 50, townshipCode: T2,
      budgetCny: 500_000, fundingSector: 500_000, plannedEnd: '2020-01-01', actualStart: '2019-03-01' }, line([107.15, 27.45], [107.25, 27.45])),
    feature({ code: 'G3', roadClass: 'county', surface: 'hardened', status: 'completed', progressPct: 100,
      budgetCny: 2_000_000, fundingState: 2_000_000 }, line([106.95, 27.55], [107.15, 27.55])))
  await load('water', feature({ code: 'GW1', kind: 'well', status: 'planned', progressPct: 0, townshipCode: T2, budgetCny: 80_000 }, null))
  await load('sites', feature({ code: 'GS1', name: '东一安置点', townshipCode: E, status: 'under_construction', progressPct: 20,
    budgetCny: 3_000_000, actualStart: '2019-05-01' }, pt(107.05, 27.45)))
  const { version } = (await request(h.app, 'GET', '/api/projects/roads/G3')).json
  expect((await request(h.app, 'POST', '/api/projects/roads/G3/funding', { version, source: '国开行贷款', amountCny: 400_000 })).status).toBe(201)
  await createUser(h.db, 'c1_viewer', 'viewer', C1)
  viewer = await login(h.app, 'c1_viewer')
})

describe(`build-out rollup above the county (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('rolls a province up by county, each county part what the county counts, the county road split by length', async () => {
    const g3 = await lengthOf('G3')
    const g1 = await lengthOf('G1')
    const guizhou = await summary('52')
    expect(guizhou.region).toBe('52')
    expect(guizhou.partLevel).toBe('county')
    expect(guizhou.townships.map((p: any) => [p.code, p.name])).toEqual([[C1, '西县'], [C2, '东县']])
    const [p1, p2] = guizhou.townships
    // Hand counts: 520901 has G1, G3 (once, though it crosses both townships) and GS1; 520902 G2, G3 and GW1.
    expect(p1.total).toMatchObject({ projects: 3, started: 3, completed: 2, overdue: 0 })
    expect(p2.total).toMatchObject({ projects: 3, started: 2, completed: 1, overdue: 1 })
    expect(p1.total.roadKmBuilt).toBeCloseTo((g1 + 0.75 * g3) / 1000, 2)
    expect(p2.total.roadKmBuilt).toBeCloseTo(0.25 * g3 / 1000, 2)
    expect(p1.total.budgetCny).toBeCloseTo(1_000_000 + 0.75 * 2_000_000 + 3_000_000, 0)
    expect(p2.total.budgetCny).toBeCloseTo(500_000 + 0.25 * 2_000_000 + 80_000, 0)
    expect(p1.total.funding.国开行贷款).toBeCloseTo(300_000, 0)
    expect(p2.total.funding.国开行贷款).toBeCloseTo(100_000, 0)
    expect(p1.byType.roads).toMatchObject({ projects: 2, completed: 2 })

    // The province counts each project once, with all its length and money: the sum of its counties' parts.
    expect(guizhou.total).toMatchObject({ projects: 5, started: 4, completed: 2, overdue: 1, budgetCny: 6_580_000 })
    expect(guizhou.total.startRate).toBeCloseTo(4 / 5, 10)
    expect(guizhou.total.completionRate).toBeCloseTo(2 / 5, 10)
    expect(guizhou.total.roadKmBuilt).toBeCloseTo(sum(guizhou.townships, (r) => r.roadKmBuilt), 2)
    expect(guizhou.total.roadKmBuilt).toBeCloseTo((g1 + g3) / 1000, 2)
    expect(guizhou.total.budgetCny).toBeCloseTo(sum(guizhou.townships, (r) => r.budgetCny), 0)
    for (const source of ['state', 'sector', 'self', 'other', '国开行贷款']) {
      expect(guizhou.total.funding[source], source).toBeCloseTo(sum(guizhou.townships, (r) => r.funding[source] ?? 0), 0)
    }

    // A county's part is its own rollup's township parts summed.
    for (const part of guizhou.townships) {
      const county = await summary(part.code)
      expect(county.partLevel).toBe('township')
      expect(county.townships.every((t: any) => t.code.startsWith(part.code))).toBe(true)
      expect(part.total.roadKmBuilt).toBeCloseTo(county.total.roadKmBuilt, 2)
      expect(part.total.budgetCny).toBeCloseTo(sum(county.townships, (r) => r.budgetCny), 0)
      expect(part.total.projects).toBe(county.total.projects)
      expect(part.total.overdue).toBe(county.total.overdue)
    }
  })

  it('equals the county rollup for a province of one county, and rolls the whole instance up by county', async () => {
    const jiangxi = await summary('36')
    const county = await summary(SAMPLE)
    expect(county.total.projects).toBeGreaterThan(0)
    expect(jiangxi.total).toEqual(county.total)
    expect(jiangxi.townships).toEqual([expect.objectContaining({ code: SAMPLE, total: county.total })])

    const all = await summary('')
    expect(all.region).toBe('')
    expect(all.partLevel).toBe('county')
    expect(all.townships.map((p: any) => p.code)).toEqual([SAMPLE, C1, C2])
    const guizhou = await summary('52')
    expect(all.total.projects).toBe(county.total.projects + guizhou.total.projects)
    expect(all.total.budgetCny).toBeCloseTo(county.total.budgetCny + guizhou.total.budgetCny, 0)
    expect(all.total.roadKmBuilt).toBeCloseTo(county.total.roadKmBuilt + guizhou.total.roadKmBuilt, 2)
    // Without a region, an administrator's rollup is the whole instance; a county account's its county.
    expect((await summary('')).total).toEqual((await request(h.app, 'GET', '/api/projects/summary')).json.total)
    expect((await request(h.app, 'GET', '/api/projects/summary', undefined, { as: viewer })).json).toMatchObject({ region: C1, partLevel: 'township' })
  })

  it('keeps a county account to its county inside its province or the instance', async () => {
    const own = await summary('52', viewer)
    expect(own.townships.map((p: any) => p.code)).toEqual([C1])
    const guizhou = await summary('52')
    expect(own.townships[0]).toEqual(guizhou.townships[0])
    expect(own.total.projects).toBe(3)
    expect(own.total.roadKmBuilt).toBeCloseTo(guizhou.townships[0].total.roadKmBuilt, 2)
    expect((await summary('', viewer)).townships.map((p: any) => p.code)).toEqual([C1])
    const other = await summary('36', viewer)
    expect(other.townships).toEqual([])
    expect(other.total.projects).toBe(0)
  })

  it('lists the projects of a province or the instance, within the reader\'s region', async () => {
    const codes = async (query: string, as?: Identity) =>
      (await request(h.app, 'GET', `/api/projects${query}`, undefined, as ? { as } : {})).json.map((p: any) => p.code).sort()
    expect(await codes('?region=52')).toEqual(['G1', 'G2', 'G3', 'GS1', 'GW1'])
    expect(await codes('?region=52', viewer)).toEqual(['G1', 'G3', 'GS1'])
    expect(await codes('?region=36', viewer)).toEqual([])
    const all = await codes('?region=')
    expect(all).toEqual(await codes(''))
    expect(all).toEqual(expect.arrayContaining(['G1', 'G2', 'G3', 'GS1', 'GW1']))
    expect((await codes('?region=', viewer)).sort()).toEqual(['G1', 'G3', 'GS1'])
  })

  it('refuses a list above the whole-layer limit with 413 pointing to the summary, a county or a type', async () => {
    const list = (query: string) => request(h.app, 'GET', `/api/projects${query}`)
    const limit = async (value: number) => expect((await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value, scope: '' })).status).toBe(200)
    try {
      await limit(5)
      expect((await list('?region=52')).json).toHaveLength(5)
      const instance = await list('?region=')
      expect(instance.status).toBe(413)
      expect(instance.json.error.code).toBe('projects_too_many')
      expect(instance.json.error.details).toMatchObject({ limit: 5, parameters: ['region', 'type'] })
      expect(instance.json.error.details.msg).toEqual({ code: 'errors.projects_too_many', params: { limit: 5, setting: 'layers.maxGeoJsonFeatures' } })
      expect((await list('')).status).toBe(413)
      await limit(4)
      expect((await list('?region=52')).status).toBe(413)
      expect((await list('?region=52&type=roads')).json.map((p: any) => p.code).sort()).toEqual(['G1', 'G2', 'G3'])
      // A county is listed whatever its size; a county account's list of the instance is its county.
      expect((await list(`?region=${SAMPLE}`)).json.length).toBeGreaterThan(4)
      expect((await request(h.app, 'GET', '/api/projects?region=', undefined, { as: viewer })).status).toBe(200)
    } finally {
      await limit(10_000)
    }
  })

  it('refuses a village, a malformed region and a province the instance does not hold', async () => {
    for (const region of ['520901100201', '5209', '11']) {
      const res = await request(h.app, 'GET', `/api/projects/summary?region=${region}`)
      expect(res.status, region).toBe(400)
    }
    expect((await request(h.app, 'GET', '/api/projects?region=11')).json.error.code).toBe('unknown_region')
  })
})
