import type { Feature } from 'geojson'
import { sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { todayInChina } from '../../core/time/china.ts'
import { collection, feature, square } from './fixtures.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Build-out tracking on a small equatorial test county with two townships, A (west of 0°) and B (east).
const COUNTY = '990003'
const A = '990003100'
const B = '990003200'
/** 0.05° of longitude on the equator: 6378137 m × 0.05 × π/180. */
const R1_LENGTH = 5565.974539663679

let h: Harness
let engineerA: Identity

const line = (...coordinates: [number, number][]) => ({ type: 'LineString' as const, coordinates })
const pt = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] })
const project = (p: Record<string, unknown>, geometry: Feature['geometry'] | null) => feature(p, geometry)

async function load(layer: string, ...features: Feature[]) {
  const res = await request(h.app, 'POST', `/api/layers/${layer}/import`, collection(...features))
  expect(res.status, res.text).toBe(200)
}

beforeEach(async () => {
  h = await harness()
  await resetData(h.db, { sample: false })
  await load('regions',
    feature({ code: COUNTY, name: '测试县', level: 'county' }, square(0, 0, 0.2)),
    feature({ code: A, name: '西镇', level: 'township', parentCode: COUNTY }, { type: 'Polygon', coordinates: [[[-0.2, -0.2], [0, -0.2], [0, 0.2], [-0.2, 0.2], [-0.2, -0.2]]] }),
    feature({ code: B, name: '东镇', level: 'township', parentCode: COUNTY }, { type: 'Polygon', coordinates: [[[0, -0.2], [0.2, -0.2], [0.2, 0.2], [0, 0.2], [0, -0.2]]] }))
  await load('villages', feature({ code: `${A}201`, name: '路边村', townshipCode: A, households: 200, population: 750 }, pt(-0.075, 0.003)))
  await load('roads',
    project({ code: 'R1', name: '西镇村道', roadClass: 'village', surface: 'hardened', status: 'completed', progressPct: 100, townshipCode: A,
      budgetCny: 1_000_000, spentCny: 900_000, fundingState: 600_000, fundingSector: 300_000, fundingSelf: 100_000,
      actualStart: '2018-03-01', actualEnd: '2018-11-30' }, line([-0.1, 0], [-0.05, 0])),
    project({ code: 'R2', roadClass: 'township', surface: 'gravel', status: 'under_construction', progressPct: 40, townshipCode: B,
      budgetCny: 500_000, plannedEnd: '2020-01-01', actualStart: '2019-04-01' }, line([0.05, 0.05], [0.1, 0.05])),
    project({ code: 'R3', name: '县道', roadClass: 'county', surface: 'hardened', status: 'completed', progressPct: 100, budgetCny: 2_000_000 },
      line([-0.1, 0.1], [0.1, 0.1])))
  await load('water',
    project({ code: 'W1', kind: 'pipeline', status: 'completed', progressPct: 100, townshipCode: A, budgetCny: 300_000 }, line([-0.1, -0.1], [-0.1, -0.05])),
    project({ code: 'W2', kind: 'well', status: 'planned', progressPct: 0, townshipCode: B, budgetCny: 50_000 }, null))
  await load('sites', project({ code: 'S1', name: '东镇安置点', townshipCode: B, status: 'under_construction', progressPct: 30, budgetCny: 5_000_000, actualStart: '2019-05-01' }, pt(0.1, -0.1)))
  await createUser(h.db, 'engineer_a', 'engineer', A)
  engineerA = await login(h.app, 'engineer_a')
})

const detail = async (layer: string, code: string) => (await request(h.app, 'GET', `/api/projects/${layer}/${code}`)).json
const progress = async (layer: string, code: string, entry: Record<string, unknown>, as?: Identity) => {
  const version = (await detail(layer, code)).version
  return request(h.app, 'POST', `/api/projects/${layer}/${code}/progress`, { version, ...entry }, as ? { as } : {})
}

describe(`project summary (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('gives start and completion rates, km built and money by township against hand counts', async () => {
    const res = await request(h.app, 'GET', `/api/projects/summary?region=${COUNTY}`)
    expect(res.status, res.text).toBe(200)
    const { total, townships, byType } = res.json
    expect(total).toMatchObject({ projects: 6, started: 5, completed: 3, overdue: 1, budgetCny: 8_850_000 })
    expect(total.startRate).toBeCloseTo(5 / 6, 10)
    expect(total.completionRate).toBe(0.5)
    const [r3] = await h.db.rows<{ m: number }>(sql`SELECT ST_Length(geom::geography) AS m FROM roads WHERE code = 'R3'`)
    expect(total.roadKmBuilt).toBeCloseTo((R1_LENGTH + r3.m) / 1000, 2)
    expect(total.roadKmHardened).toBeCloseTo((R1_LENGTH + r3.m) / 1000, 2)
    const [w1] = await h.db.rows<{ m: number }>(sql`SELECT ST_Length(geom::geography) AS m FROM water WHERE code = 'W1'`)
    expect(total.pipeKmBuilt).toBeCloseTo(w1.m / 1000, 2)
    expect(total.funding).toEqual({ state: 600_000, sector: 300_000, self: 100_000, other: 0 })
    const a = townships.find((t: any) => t.code === A)
    const b = townships.find((t: any) => t.code === B)
    expect(a.total).toMatchObject({ projects: 3, started: 3, completed: 3, overdue: 0 })
    expect(b.total).toMatchObject({ projects: 4, started: 3, completed: 1, overdue: 1 })
    // The county road R3 is split at 0° between the two townships: half of its length and money in each.
    expect(a.total.roadKmBuilt).toBeCloseTo((R1_LENGTH + r3.m / 2) / 1000, 2)
    expect(b.total.roadKmBuilt).toBeCloseTo(r3.m / 2 / 1000, 2)
    expect(a.total.budgetCny).toBeCloseTo(1_000_000 + 1_000_000 + 300_000, 0)
    expect(byType.roads).toMatchObject({ projects: 3, started: 3, completed: 2 })
    expect(byType.water).toMatchObject({ projects: 2, started: 1, completed: 1 })
    const township = await request(h.app, 'GET', `/api/projects/summary?region=${B}&type=roads`)
    expect(township.json.total).toMatchObject({ projects: 2, started: 2, completed: 1 })
    expect((await request(h.app, 'GET', `/api/projects/summary?region=${COUNTY}&type=bridges`)).status).toBe(400)
  })

  it('lists projects with planned ones that have no geometry, and overdue ones', async () => {
    const res = await request(h.app, 'GET', `/api/projects?region=${B}`)
    const byCode = Object.fromEntries(res.json.map((p: any) => [p.code, p]))
    expect(Object.keys(byCode).sort()).toEqual(['R2', 'R3', 'S1', 'W2'])
    expect(byCode.W2).toMatchObject({ noGeometry: true, status: 'planned' })
    expect(byCode.R2.overdue).toBe(true)
    expect(byCode.S1.overdue).toBe(false)
  })
})

describe(`funding lines (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('adds a county’s own funding source beside the four fields, counted in the summary, and removes it', async () => {
    const { version } = await detail('roads', 'R1')
    const added = await request(h.app, 'POST', '/api/projects/roads/R1/funding', { version, source: '国开行贷款', amountCny: 250_000 })
    expect(added.status, added.text).toBe(201)
    expect(added.json.funding).toEqual([{ id: expect.any(Number), source: '国开行贷款', amountCny: 250_000 }])
    const summary = await request(h.app, 'GET', `/api/projects/summary?region=${COUNTY}`)
    expect(summary.json.total.funding).toEqual({ state: 600_000, sector: 300_000, self: 100_000, other: 0, 国开行贷款: 250_000 })
    expect(summary.json.townships.find((t: any) => t.code === A).total.funding.国开行贷款).toBe(250_000)
    // Township B has no such line, and neither has another county.
    expect(summary.json.townships.find((t: any) => t.code === B).total.funding.国开行贷款).toBeUndefined()
    expect((await request(h.app, 'GET', `/api/projects/summary?region=${B}`)).json.total.funding.国开行贷款).toBeUndefined()
    const standard = await request(h.app, 'POST', '/api/projects/roads/R1/funding', { version: added.json.version, source: 'state', amountCny: 1 })
    expect(standard.status).toBe(400)
    const negative = await request(h.app, 'POST', '/api/projects/roads/R1/funding', { version: added.json.version, source: '其他', amountCny: -1 })
    expect(negative.status).toBe(400)
    expect((await request(h.app, 'POST', '/api/projects/roads/R1/funding', { version, source: '其他', amountCny: 1 })).status).toBe(409)
    const id = added.json.funding[0].id
    const removed = await request(h.app, 'DELETE', `/api/projects/roads/R1/funding/${id}?version=${added.json.version}`)
    expect(removed.status, removed.text).toBe(200)
    expect(removed.json.funding).toEqual([])
    const audit = await request(h.app, 'GET', '/api/audit?entity=roads&code=R1')
    expect(audit.json.slice(0, 2).map((r: any) => r.action)).toEqual(['update', 'update'])
  })
})

describe(`project lifecycle and progress log (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('moves a project step by step, records who and when, and projects the log onto the project', async () => {
    const today = todayInChina()
    const approved = await progress('water', 'W2', { date: today, status: 'approved', progressPct: 0, note: '县发改委批复' })
    expect(approved.status, approved.text).toBe(200)
    expect(approved.json.feature.properties.status).toBe('approved')
    const tendered = await progress('water', 'W2', { date: today, status: 'tendered', progressPct: 0 })
    expect(tendered.json.log.map((e: any) => e.status)).toEqual(['planned', 'approved', 'tendered'])
    expect(tendered.json.log[2]).toMatchObject({ source: 'manual', createdBy: 'root' })
    const building = await progress('water', 'W2', { date: today, status: 'under_construction', progressPct: 10, spentCny: 5_000 })
    expect(building.json.feature.properties).toMatchObject({ status: 'under_construction', progressPct: 10, spentCny: 5_000, actualStart: today })
    const audit = await request(h.app, 'GET', '/api/audit?entity=water&code=W2')
    expect(audit.json[0]).toMatchObject({ action: 'update', before: { properties: { status: 'tendered' } }, after: { properties: { status: 'under_construction' } } })
  })

  it('needs a reason to skip or reverse a step, and keeps progress consistent with status', async () => {
    const today = todayInChina()
    const skip = await progress('water', 'W2', { date: today, status: 'under_construction', progressPct: 5 })
    expect(skip.status).toBe(400)
    expect(skip.json.error.details.field).toBe('reason')
    expect((await progress('water', 'W2', { date: today, status: 'under_construction', progressPct: 5, reason: '应急工程,批复后直接开工' })).status).toBe(200)
    const full = await progress('roads', 'R2', { date: today, status: 'under_construction', progressPct: 100 })
    expect(full.json.error.details.field).toBe('progressPct')
    const done = await progress('roads', 'R2', { date: today, status: 'completed', progressPct: 90 })
    expect(done.json.error.details.field).toBe('progressPct')
    const back = await progress('roads', 'R1', { date: today, status: 'under_construction', progressPct: 80 })
    expect(back.json.error.details.field).toBe('reason')
  })

  it('refuses future dates, an end before the start, negative money, unknown status and stale versions', async () => {
    const future = await progress('roads', 'R2', { date: '2099-01-01', status: 'under_construction', progressPct: 50 })
    expect(future.json.error).toMatchObject({ code: 'invalid_progress', details: { field: 'date' } })
    const early = await progress('roads', 'R2', { date: '2019-01-01', status: 'completed', progressPct: 100 })
    expect(early.json.error.details.field).toBe('date')
    const negative = await progress('roads', 'R2', { date: '2020-01-01', status: 'under_construction', progressPct: 50, spentCny: -1 })
    expect(negative.status).toBe(400)
    expect(negative.json.error.details.errors[0].field).toBe('spentCny')
    const over = await progress('roads', 'R2', { date: '2020-01-01', status: 'under_construction', progressPct: 50, spentCny: 600_000 })
    expect(over.json.error.details.field).toBe('spentCny')
    const unknown = await progress('roads', 'R2', { date: '2020-01-01', status: 'half_done', progressPct: 50 })
    expect(unknown.status).toBe(400)
    const read = (await detail('roads', 'R2')).version
    expect((await progress('roads', 'R2', { date: '2020-01-01', status: 'under_construction', progressPct: 45 })).status).toBe(200)
    const stale = await request(h.app, 'POST', '/api/projects/roads/R2/progress', { version: read, date: '2020-01-02', status: 'under_construction', progressPct: 50 })
    expect(stale.status).toBe(409)
    expect(stale.json.error.details.current.properties).toMatchObject({ code: 'R2', progressPct: 45 })
    expect((await detail('roads', 'R2')).feature.properties.progressPct).toBe(45)
    expect((await request(h.app, 'POST', '/api/projects/bridges/X/progress', {})).status).toBe(404)
  })

  it('records a correction as a new entry naming the one it corrects', async () => {
    const first = await progress('roads', 'R2', { date: '2020-06-01', status: 'under_construction', progressPct: 60 })
    const wrong = first.json.log.find((e: any) => e.source === 'manual')
    const fixed = await progress('roads', 'R2', { date: '2020-06-01', status: 'under_construction', progressPct: 55, corrects: wrong.id, note: '更正:实测55%' })
    expect(fixed.json.log.find((e: any) => e.corrects === wrong.id)).toMatchObject({ progressPct: 55, note: '更正:实测55%' })
    expect(fixed.json.feature.properties.progressPct).toBe(55)
    expect(fixed.json.log.find((e: any) => e.id === wrong.id).progressPct).toBe(60)
    expect((await progress('roads', 'R2', { date: '2020-06-01', status: 'under_construction', progressPct: 55, corrects: 99999 })).status).toBe(400)
  })

  it('lets a township engineer change only projects of the township', async () => {
    const today = todayInChina()
    const theirs = await progress('roads', 'R2', { date: today, status: 'under_construction', progressPct: 50 }, engineerA)
    expect(theirs.status).toBe(403)
    expect(theirs.json.error.code).toBe('out_of_scope')
    const own = await progress('water', 'W1', { date: today, status: 'accepted', progressPct: 100 }, engineerA)
    expect(own.status, own.text).toBe(200)
  })
})

describe(`project geometry (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('recomputes a redrawn road length on the server and refuses logged fields', async () => {
    const { version } = await detail('roads', 'R1')
    const res = await request(h.app, 'PATCH', '/api/projects/roads/R1', { version, geometry: line([-0.1, 0], [-0.04, 0]), properties: { contractor: '县公路公司' } })
    expect(res.status, res.text).toBe(200)
    expect(res.json.feature.properties.lengthM).toBeCloseTo(R1_LENGTH * 6 / 5, 0)
    expect(res.json.feature.properties.contractor).toBe('县公路公司')
    const logged = await request(h.app, 'PATCH', '/api/projects/roads/R1', { version: res.json.version, properties: { status: 'accepted' } })
    expect(logged.json.error).toMatchObject({ code: 'use_progress_log', details: { field: 'properties.status' } })
  })

  it('refuses a self-intersecting site polygon and a stale edit, changing nothing', async () => {
    const { version, feature: before } = await detail('sites', 'S1')
    const bowtie = { type: 'Polygon', coordinates: [[[0.1, -0.1], [0.11, -0.09], [0.11, -0.1], [0.1, -0.09], [0.1, -0.1]]] }
    const bad = await request(h.app, 'PATCH', '/api/projects/sites/S1', { version, geometry: bowtie })
    expect(bad.status).toBe(422)
    expect(bad.json.error.details.errors[0]).toMatchObject({ property: 'geometry', reason: 'invalid_geometry' })
    const stale = await request(h.app, 'PATCH', '/api/projects/sites/S1', { version: version + 5, properties: { name: '新名' } })
    expect(stale.status).toBe(409)
    expect((await detail('sites', 'S1')).feature).toEqual(before)
  })

  it('splits a road in two at a point on it', async () => {
    const { version } = await detail('roads', 'R1')
    const res = await request(h.app, 'POST', '/api/projects/roads/R1/split', { version, point: [-0.075, 0] })
    expect(res.status, res.text).toBe(201)
    const [a, b] = res.json.parts
    expect(b.feature.properties.code).toBe('R1-B')
    expect(a.feature.properties.lengthM + b.feature.properties.lengthM).toBeCloseTo(R1_LENGTH, 0)
    expect(a.feature.properties.lengthM).toBeCloseTo(R1_LENGTH / 2, 0)
    const far = await request(h.app, 'POST', '/api/projects/roads/R2/split', { version: (await detail('roads', 'R2')).version, point: [0.075, 0.06] })
    expect(far.json.error.code).toBe('invalid_split')
  })

  it('shows what a project serves', async () => {
    const r1 = await detail('roads', 'R1')
    expect(r1.serves.villages.map((v: any) => v.code)).toEqual([`${A}201`])
    expect(r1.serves.population).toBe(750)
    // 0.003° of latitude north of the equator ≈ 331.7 m (meridian arc): within the 500 m access distance.
    expect(r1.serves.villages[0].distanceM).toBeCloseTo(331.7, 0)
  })

  it('says the served rule and the rollup’s notes as codes with their parameters, English beside them for scripts', async () => {
    const r1 = await detail('roads', 'R1')
    expect(r1.serves.ruleMsg).toEqual({ code: 'projects.serves_road', params: { radiusM: 500, setting: 'exit.roadAccessM' } })
    expect(r1.serves.rule).toBe('villages within 500 m of the road (exit.roadAccessM)')
    expect((await detail('water', 'W1')).serves.ruleMsg).toEqual({ code: 'projects.serves_pipeline', params: { radiusM: 500, setting: 'water.pipelineServiceM' } })
    expect((await detail('water', 'W2')).serves).toMatchObject({ ruleMsg: { code: 'projects.serves_none', params: {} }, villages: [], population: 0 })
    expect((await detail('sites', 'S1')).serves.ruleMsg).toEqual({ code: 'projects.serves_site', params: {} })
    const summary = (await request(h.app, 'GET', `/api/projects/summary?region=${COUNTY}`)).json
    expect(summary.notices).toEqual([{ code: 'projects.note_county_roads', params: {} }, { code: 'projects.note_rates', params: {} }])
    expect(summary.notes).toHaveLength(2)
    expect(summary.notes[1]).toMatch(/^Started: under_construction or later/)
  })

  it('gives each refused progress entry its reason as a code naming the field and the figures', async () => {
    const full = await progress('roads', 'R2', { date: todayInChina(), status: 'under_construction', progressPct: 100 })
    expect(full.json.error.details).toEqual({
      field: 'progressPct', msg: { code: 'projects.progress_range', params: { status: 'under_construction', min: 0, max: 99.9, progressPct: 100 } },
    })
    const blank = await request(h.app, 'POST', '/api/projects/roads/R1/funding', { version: (await detail('roads', 'R1')).version, source: ' ', amountCny: 1 })
    expect(blank.json.error.details.errors).toEqual([{ field: 'source', message: 'must not be empty', msg: { code: 'fields.not_empty', params: {} } }])
    const badDate = await progress('roads', 'R2', { date: '2020-02-30', status: 'under_construction', progressPct: 50 })
    expect(badDate.json.error.details.errors[0]).toMatchObject({ field: 'date', msg: { code: 'fields.real_date' } })
  })

  it('deletes a feature with an audit row, for roles that may', async () => {
    await createUser(h.db, 'viewer', 'viewer', COUNTY)
    const viewer = await login(h.app, 'viewer')
    expect((await request(h.app, 'DELETE', '/api/layers/roads/R3', undefined, { as: viewer })).status).toBe(403)
    expect((await request(h.app, 'DELETE', '/api/layers/roads/R3')).status).toBe(200)
    expect((await request(h.app, 'GET', '/api/layers/roads/R3')).status).toBe(404)
    const audit = await request(h.app, 'GET', '/api/audit?entity=roads&code=R3')
    expect(audit.json[0]).toMatchObject({ action: 'delete', after: null, before: { properties: { code: 'R3' } } })
  })
})
