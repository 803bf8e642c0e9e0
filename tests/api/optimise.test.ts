import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Location–allocation on the sample county: 23 villages relocate 7,577 persons; the 15 sites of the
// sites layer are the candidates. Optima are checked by enumerating every choice of sites over
// distances measured here with ST_Distance on the spheroid, not by the solver's own arithmetic.

const COUNTY = '360729'
const SITES = Array.from({ length: 15 }, (_, k) => `360729-AZD-${String(k + 1).padStart(2, '0')}`)
const candidates = SITES.map((code, k) => ({ key: `S${k + 1}`, siteCode: code }))
const WIDE = { maxDistanceM: 100_000 }

let h: Harness
let planner: Identity
let viewer: Identity
let township: Identity
/** Persons relocating by village, and distance (m) from each village to each candidate key. */
let persons: Map<string, number>
let dist: Map<string, Map<string, number>>
let capacity: Map<string, number>
/** Candidates a hazard zone lies within 200 m of (the default buffer). */
let hazardKeys: string[]

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  await createUser(h.db, 'planner', 'planner', COUNTY)
  await createUser(h.db, 'viewer', 'viewer', COUNTY)
  await createUser(h.db, 'townplanner', 'planner', '360729101')
  planner = await login(h.app, 'planner')
  viewer = await login(h.app, 'viewer')
  township = await login(h.app, 'townplanner')
  const rows = await h.db.rows<{ village: string; persons: number; site: string; d: number; capacity: number | null }>(sql`
    SELECT v.code AS village, v.relocation_population AS persons, s.code AS site, s.capacity_population AS capacity,
      ST_Distance(v.geom::geography, ST_PointOnSurface(s.geom)::geography)::float8 AS d
    FROM villages v CROSS JOIN sites s WHERE v.relocation_population > 0`)
  persons = new Map(rows.map((r) => [r.village, r.persons]))
  capacity = new Map(rows.map((r) => [`S${SITES.indexOf(r.site) + 1}`, r.capacity ?? 0]))
  dist = new Map()
  for (const r of rows) {
    if (!dist.has(r.village)) dist.set(r.village, new Map())
    dist.get(r.village)!.set(`S${SITES.indexOf(r.site) + 1}`, r.d)
  }
  hazardKeys = (await h.db.rows<{ code: string }>(sql`
    SELECT DISTINCT s.code FROM sites s JOIN hazards z ON ST_DWithin(z.geom::geography, ST_PointOnSurface(s.geom)::geography, 200) ORDER BY s.code`))
    .map((r) => `S${SITES.indexOf(r.code) + 1}`)
})

function* subsets<T>(items: T[], size: number, start = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length === size) { yield [...chosen]; return }
  for (let k = start; k < items.length; k++) yield* subsets(items, size, k + 1, [...chosen, items[k]])
}

const allowedKeys = (excluded: string[] = []) => candidates.map((c) => c.key).filter((k) => !hazardKeys.includes(k) && !excluded.includes(k))

function bestMedian(p: number, locked: string[] = [], excluded: string[] = []): { cost: number; sites: string[] } {
  let best = { cost: Infinity, sites: [] as string[] }
  const free = allowedKeys(excluded).filter((k) => !locked.includes(k))
  for (const s of subsets(free, p - locked.length)) {
    const open = [...locked, ...s]
    let cost = 0
    for (const [v, w] of persons) cost += w * Math.min(...open.map((k) => dist.get(v)!.get(k)!))
    if (cost < best.cost) best = { cost, sites: open.sort() }
  }
  return best
}

const post = (body: Record<string, unknown>, as: Identity = planner) => request(h.app, 'POST', '/api/optimise', body, { as })

describe(`optimise (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('hazard zones exclude the candidates near them', () => {
    expect(hazardKeys).toEqual(['S14', 'S15'])
    expect(persons.size).toBe(23)
    expect([...persons.values()].reduce((a, b) => a + b, 0)).toBe(7577)
  })

  it('p-median: the optimum of every choice of 4 sites, with the distances of the spheroid', async () => {
    const res = await post({ model: 'p_median', p: 4, origins: { region: COUNTY }, candidates, limits: WIDE })
    expect(res.status, res.text).toBe(200)
    const r = res.json
    const best = bestMedian(4)
    expect(r.status).toBe('optimal')
    expect(r.gap).toBe(0)
    expect(r.objective).toBeCloseTo(best.cost, 3)
    expect(r.bound).toBeCloseTo(best.cost, 3)
    expect([...r.chosen].sort()).toEqual(best.sites)
    expect(r.assignments).toHaveLength(23)
    expect(r.unreachable).toEqual([])
    expect(r.excludedByHazard).toEqual([{ key: 'S14', hazards: ['360729-ZH-03'] }, { key: 'S15', hazards: ['360729-ZH-04'] }])
    for (const a of r.assignments) {
      expect(a.persons).toBe(persons.get(a.village))
      expect(a.distanceM).toBeCloseTo(dist.get(a.village)!.get(a.key)!, 3)
      expect(a.distanceM).toBeCloseTo(Math.min(...r.chosen.map((k: string) => dist.get(a.village)!.get(k)!)), 3)
    }
    expect(r.greedyObjective).toBeGreaterThanOrEqual(r.objective - 1e-6)
    // Each assigned village where the layer has it (the map draws its line from there, tiled or not).
    const points = await h.db.rows<{ code: string; g: string }>(sql`SELECT code, ST_AsGeoJSON(geom) AS g FROM villages WHERE relocation_population > 0 ORDER BY code`)
    expect([...r.villages].sort((x: any, y: any) => x.code.localeCompare(y.code)))
      .toEqual(points.map((p) => { const [lon, lat] = JSON.parse(p.g).coordinates; return { code: p.code, lon, lat } }))
    expect(r.candidates.find((c: any) => c.key === 'S1')).toMatchObject({ siteCode: SITES[0], capacityPopulation: 2509 })
    // Totals and loads: persons-weighted mean distance is the objective over the persons.
    expect(r.totals).toMatchObject({ persons: 7577, assignedPersons: 7577, unreachablePersons: 0, coveredPersons: 7577, coveredShare: 1, sites: 4 })
    expect(r.totals.meanDistanceM).toBeCloseTo(best.cost / 7577, 6)
    expect(r.totals.maxDistanceM).toBeCloseTo(Math.max(...r.assignments.map((a: any) => a.distanceM)), 9)
    expect(r.totals.personsPerSite).toBeCloseTo(7577 / 4, 9)
    for (const load of r.loads) {
      const here = r.assignments.filter((a: any) => a.key === load.key)
      expect(load.persons).toBe(here.reduce((s: number, a: any) => s + persons.get(a.village)!, 0))
      expect(load.capacityPopulation).toBe(capacity.get(load.key))
      expect(load.overCapacity).toBe(load.persons > capacity.get(load.key)!)
    }
  })

  it('locked and excluded candidates are honoured', async () => {
    const res = await post({ model: 'p_median', p: 4, origins: { region: COUNTY }, candidates, locked: ['S13'], excluded: ['S1', 'S9'], limits: WIDE })
    expect(res.status, res.text).toBe(200)
    const best = bestMedian(4, ['S13'], ['S1', 'S9'])
    expect(res.json.objective).toBeCloseTo(best.cost, 3)
    expect([...res.json.chosen].sort()).toEqual(best.sites)
    expect(res.json.chosen).toContain('S13')
  })

  it('the catchment radius of the site evaluation limits each village, and those beyond every candidate are listed', async () => {
    const res = await post({ model: 'p_median', p: 4, origins: { region: COUNTY }, candidates })
    expect(res.status, res.text).toBe(200)
    const radius = 5000
    const beyond = [...persons.keys()].filter((v) => allowedKeys().every((k) => dist.get(v)!.get(k)! > radius)).sort()
    expect(res.json.limits).toEqual({ maxDistanceM: radius, hazardBufferM: 200 })
    expect(res.json.unreachable).toEqual(beyond.map((village) => ({ village, reason: 'no_candidate_in_reach' })))
    for (const a of res.json.assignments) expect(a.distanceM).toBeLessThanOrEqual(radius)
  })

  it('capacitated p-median: capacities given in the body, whole villages, proved optimal', async () => {
    const res = await post({ model: 'capacitated_p_median', p: 4, origins: { region: COUNTY }, candidates: candidates.map((c) => ({ ...c, capacityPopulation: 2500 })), limits: WIDE })
    expect(res.status, res.text).toBe(200)
    const r = res.json
    expect(r.status).toBe('optimal')
    const load = new Map<string, number>()
    for (const a of r.assignments) load.set(a.key, (load.get(a.key) ?? 0) + a.persons)
    for (const p of load.values()) expect(p).toBeLessThanOrEqual(2500)
    expect(r.candidates.find((c: any) => c.key === 'S1').capacityPopulation).toBe(2500)
    expect(new Set(r.assignments.map((a: any) => a.village)).size).toBe(23)
    expect(r.assignments.reduce((s: number, a: any) => s + a.persons * a.distanceM, 0)).toBeCloseTo(r.objective, 3)
    // Capacities can only cost distance: equal to the uncapacitated optimum exactly when its loads fit.
    const free = bestMedian(4)
    const freeLoad = new Map<string, number>()
    for (const [v, w] of persons) {
      const k = free.sites.reduce((a, b) => (dist.get(v)!.get(b)! < dist.get(v)!.get(a)! ? b : a))
      freeLoad.set(k, (freeLoad.get(k) ?? 0) + w)
    }
    if (Math.max(...freeLoad.values()) <= 2500) expect(r.objective).toBeCloseTo(free.cost, 3)
    else expect(r.objective).toBeGreaterThan(free.cost)
    const tight = await post({ model: 'capacitated_p_median', p: 4, origins: { region: COUNTY }, candidates: candidates.map((c) => ({ ...c, capacityPopulation: 2000 })), limits: WIDE })
    expect(tight.json.status).toBe('optimal')
    expect(Math.max(...freeLoad.values())).toBeGreaterThan(2000)
    expect(tight.json.objective).toBeGreaterThan(free.cost)
  })

  it('capacitated p-median: capacities from the site rows, and the shortfall in persons when the largest cannot hold the demand', async () => {
    expect(capacity.get('S1')).toBe(2509)
    expect(capacity.get('S9')).toBe(706)
    const res = await post({ model: 'capacitated_p_median', p: 2, origins: { region: COUNTY }, candidates, limits: WIDE })
    expect(res.status, res.text).toBe(200)
    // The two largest allowed sites: 2509 (S1) and 706 (S9).
    expect(res.json).toMatchObject({ status: 'infeasible', objective: null, chosen: [] })
    expect(res.json.reason).toEqual({ code: 'optimise.capacity_short', params: { demand: 7577, capacity: 3215, shortfall: 7577 - 3215, p: 2 } })
  })

  it('MCLP and LSCP against enumeration', async () => {
    const withinM = 8000
    const mclp = await post({ model: 'mclp', p: 3, withinM, origins: { region: COUNTY }, candidates, limits: WIDE })
    expect(mclp.status, mclp.text).toBe(200)
    let bestCovered = 0
    for (const s of subsets(allowedKeys(), 3)) {
      let covered = 0
      for (const [v, w] of persons) if (s.some((k) => dist.get(v)!.get(k)! <= withinM)) covered += w
      bestCovered = Math.max(bestCovered, covered)
    }
    expect(mclp.json.status).toBe('optimal')
    expect(mclp.json.objective).toBe(bestCovered)
    expect(mclp.json.assignments.filter((a: any) => a.covered).reduce((s: number, a: any) => s + a.persons, 0)).toBe(bestCovered)

    const coverable = [...persons.keys()].filter((v) => allowedKeys().some((k) => dist.get(v)!.get(k)! <= 12_000))
    const lscp = await post({ model: 'lscp', withinM: 12_000, origins: { villages: coverable }, candidates, limits: WIDE })
    expect(lscp.status, lscp.text).toBe(200)
    let fewest = Infinity
    for (let size = 1; size <= allowedKeys().length && fewest === Infinity; size++) {
      for (const s of subsets(allowedKeys(), size)) {
        if (coverable.every((v) => s.some((k) => dist.get(v)!.get(k)! <= 12_000))) { fewest = size; break }
      }
    }
    expect(lscp.json).toMatchObject({ status: 'optimal', objective: fewest })
    expect(lscp.json.chosen).toHaveLength(fewest)
    expect(lscp.json.assignments.every((a: any) => a.covered)).toBe(true)
  })

  it('by road: distances along the roads, villages the roads do not reach listed with the reason', async () => {
    const res = await post({ model: 'p_median', p: 4, metric: 'road', origins: { region: COUNTY }, candidates, limits: WIDE })
    expect(res.status, res.text).toBe(200)
    const r = res.json
    expect(r.metric).toBe('road')
    expect(r.unreachable.length).toBeGreaterThan(0)
    for (const u of r.unreachable) expect(['no_road_nearby', 'not_connected']).toContain(u.reason)
    expect(r.assignments.length + r.unreachable.length).toBe(23)
    // A road is never shorter than the straight line.
    for (const a of r.assignments) expect(a.distanceM).toBeGreaterThanOrEqual(dist.get(a.village)!.get(a.key)! - 1e-6)
  })

  it('a township account optimises its own villages only', async () => {
    const res = await post({ model: 'p_median', p: 2, origins: { region: COUNTY }, candidates, limits: WIDE }, township)
    expect(res.status, res.text).toBe(200)
    const own = [...persons.keys()].filter((v) => v.startsWith('360729101')).sort()
    expect(res.json.assignments.map((a: any) => a.village).sort()).toEqual(own)
    const other = await post({ model: 'p_median', p: 2, origins: { villages: ['360729102207'] }, candidates }, township)
    expect(other.status).toBe(400)
    expect(other.json.error.code).toBe('unknown_village')
    const region = await post({ model: 'p_median', p: 2, origins: { region: '360729102' }, candidates }, township)
    expect(region.status).toBe(403)
  })

  it('refuses bad input with a clear code and field', async () => {
    const base = { model: 'p_median', p: 2, origins: { region: COUNTY }, candidates }
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [{ ...base, p: 0 }, 400, 'invalid_body', 'p'],
      [{ ...base, p: 14 }, 400, 'p_too_large', 'p'],
      [{ ...base, locked: ['S1'], excluded: ['S1'] }, 400, 'locked_and_excluded', 'locked'],
      [{ ...base, locked: ['S14'] }, 400, 'locked_in_hazard', 'locked'],
      [{ ...base, locked: ['X9'] }, 400, 'unknown_key', 'locked'],
      [{ ...base, timeLimitS: 0 }, 400, 'time_limit_invalid', 'timeLimitS'],
      [{ ...base, timeLimitS: 121 }, 400, 'time_limit_invalid', 'timeLimitS'],
      [{ ...base, origins: {} }, 400, 'no_origins', 'origins'],
      [{ ...base, origins: { villages: [] } }, 400, 'no_origins', 'origins'],
      [{ ...base, model: 'mclp' }, 400, 'within_needed', 'withinM'],
      [{ ...base, candidates: [...candidates, { key: 'S1', geometry: { type: 'Point', coordinates: [114.5, 24.7] } }] }, 400, 'duplicate_key'],
      [{ ...base, candidates: [{ key: 'A', siteCode: 'NO-SUCH-SITE' }] }, 400, 'unknown_site'],
      [{ ...base, candidates: [{ key: 'A' }] }, 400, 'candidate_place_needed'],
      [{ ...base, candidates: [{ key: 'A', geometry: { type: 'Point', coordinates: [500, 24] } }] }, 400, 'coordinates_out_of_range'],
    ]
    for (const [body, status, code, field] of cases) {
      const res = await post(body)
      expect(res.status, `${code} ${res.text}`).toBe(status)
      expect(res.json.error.code, res.text).toBe(code)
      if (field) expect(res.json.error.details.field, code).toBe(field)
      expect(res.json.error.details.msg.code, code).toMatch(/^(optimise|errors|geometry)\./)
    }
  })

  it('viewers may not run it', async () => {
    const res = await post({ model: 'p_median', p: 2, origins: { region: COUNTY }, candidates }, viewer)
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('forbidden')
  })

  it('a larger instance becomes a job its owner reads, and the same answer comes back', async () => {
    const put = await request(h.app, 'PUT', '/api/settings/optimise.syncMaxPairs', { value: 0, scope: COUNTY })
    expect(put.status, put.text).toBe(200)
    try {
      const body = { model: 'p_median', p: 4, origins: { region: COUNTY }, candidates, limits: WIDE }
      const res = await post(body)
      expect(res.status, res.text).toBe(202)
      expect(res.json.state).toBe('running')
      const id = res.json.id
      expect((await request(h.app, 'GET', `/api/optimise/${id}`, undefined, { as: township })).status).toBe(404)
      let job = res.json
      while (job.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 100))
        job = (await request(h.app, 'GET', `/api/optimise/${id}`, undefined, { as: planner })).json
        expect(job.progress).toBeGreaterThanOrEqual(0)
      }
      expect(job.state).toBe('done')
      expect(job.progress).toBe(1)
      expect(job.result.objective).toBeCloseTo(bestMedian(4).cost, 3)
      expect((await request(h.app, 'GET', '/api/optimise/no-such-job', undefined, { as: planner })).status).toBe(404)
    } finally {
      await request(h.app, 'PUT', '/api/settings/optimise.syncMaxPairs', { value: 20_000, scope: COUNTY })
    }
    // Asked as a job, a small instance is one too.
    const asJob = await post({ model: 'p_median', p: 2, origins: { region: COUNTY }, candidates, job: true })
    expect(asJob.status, asJob.text).toBe(202)
    expect(typeof asJob.json.id).toBe('string')
  })

  it('DELETE cancels a running job', async () => {
    await request(h.app, 'PUT', '/api/settings/optimise.syncMaxPairs', { value: 0, scope: COUNTY })
    try {
      // Every village weighted by population, 150 drawn candidates: long enough to be cancelled running.
      const many = Array.from({ length: 150 }, (_, k) => ({ key: `P${k}`, geometry: { type: 'Point', coordinates: [114.25 + (k % 15) * 0.04, 24.6 + Math.floor(k / 15) * 0.04] } }))
      const res = await post({ model: 'capacitated_p_median', p: 12, origins: { region: COUNTY, weight: 'population' }, candidates: many.map((c) => ({ ...c, capacityPopulation: 30_000 })), limits: WIDE, timeLimitS: 60 })
      expect(res.status, res.text).toBe(202)
      const del = await request(h.app, 'DELETE', `/api/optimise/${res.json.id}`, undefined, { as: planner })
      expect(del.status).toBe(200)
      expect(del.json.state).toBe('cancelled')
      const after = await request(h.app, 'GET', `/api/optimise/${res.json.id}`, undefined, { as: planner })
      expect(after.json).toMatchObject({ state: 'cancelled', result: null })
    } finally {
      await request(h.app, 'PUT', '/api/settings/optimise.syncMaxPairs', { value: 20_000, scope: COUNTY })
    }
  })
})
