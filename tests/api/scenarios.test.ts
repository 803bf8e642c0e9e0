import { sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Scenarios on the sample county: two candidate sites near 大吉山镇, one drawn, one existing.
const ZHENTOU = '360729101207' // 圳头村: relocates 132 households / 484 persons, 42 registered poor
const XIAOXI = '360729101208' // 小溪村: relocates 46 households / 153 persons, 15 registered poor
const C1 = { key: 'C1', name: '大吉山新村安置点', geometry: { type: 'Point', coordinates: [114.36, 24.86] }, capacityHouseholds: 150, capacityPopulation: 500, floorAreaM2: 12_000 }
const E1 = { key: 'E1', name: '大吉山镇圩镇安置点', siteCode: '360729-AZD-03' }

const body = (name = '方案一', extra: Record<string, unknown> = {}) => ({
  name, countyCode: '360729', description: '大吉山片区',
  sites: [C1, E1],
  assignments: [
    { villageCode: ZHENTOU, siteKey: 'C1', households: 132, persons: 484 },
    { villageCode: XIAOXI, siteKey: 'C1', households: 46, persons: 153 },
    { villageCode: XIAOXI, siteKey: 'E1', households: 10, persons: 33 },
  ],
  ...extra,
})

let h: Harness
let planner: Identity
let viewer: Identity

beforeAll(async () => {
  h = await harness()
})

beforeEach(async () => {
  await resetData(h.db)
  await createUser(h.db, 'planner', 'planner', '360729')
  await createUser(h.db, 'viewer', 'viewer', '360729')
  await createUser(h.db, 'engineer', 'engineer', '360729')
  planner = await login(h.app, 'planner')
  viewer = await login(h.app, 'viewer')
})

const count = async () => (await h.db.rows<{ n: number }>(sql`
  SELECT (SELECT count(*) FROM scenarios) + (SELECT count(*) FROM scenario_sites) + (SELECT count(*) FROM assignments) AS n`))[0].n

describe(`scenarios (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('saves a scenario and reports load, floor area, subsidy, distances and warnings', async () => {
    const res = await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })
    expect(res.status, res.text).toBe(201)
    const s = res.json
    const c1 = s.sites.find((x: any) => x.key === 'C1')
    expect(c1.load).toEqual({ households: 178, persons: 637, poorHouseholds: 57 })
    expect(c1.floorAreaNeededM2).toBe(637 * 25)
    // 57 registered households × 60,000 + 121 others × 40,000
    expect(c1.subsidyCny).toBe(57 * 60_000 + 121 * 40_000)
    expect(c1.overCapacity).toBe(true)
    const e1 = s.sites.find((x: any) => x.key === 'E1')
    expect(e1.geometry.type).toBe('Polygon') // the existing site's geometry
    expect(e1.load).toEqual({ households: 10, persons: 33, poorHouseholds: 3 }) // round(10 × 15 / 46)
    expect(s.warnings.map((w: any) => [w.code, w.subject]).sort()).toEqual([
      ['over_assigned', XIAOXI], ['over_capacity', 'C1'], ['over_floor_area', 'C1'],
    ])
    const [d] = await h.db.rows<{ d: number }>(sql`
      SELECT ST_Distance(v.geom::geography, ST_SetSRID(ST_MakePoint(114.36, 24.86), 4326)::geography) AS d FROM villages v WHERE v.code = ${ZHENTOU}`)
    const zhentou = s.assignments.find((a: any) => a.villageCode === ZHENTOU && a.siteKey === 'C1')
    expect(zhentou.straightM).toBeCloseTo(d.d, 6)
    // The drawn point C1 lies in the hills, over 1 km from any road: said so, not invented.
    const [nearestRoad] = await h.db.rows<{ d: number }>(sql`
      SELECT min(ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(114.36, 24.86), 4326)::geography)) AS d FROM roads WHERE status IN ('completed', 'accepted')`)
    expect(nearestRoad.d).toBeGreaterThan(1000)
    expect(zhentou.road).toEqual({ reachable: false, reason: 'no_road_nearby' })
    const xiaoxi = s.assignments.find((a: any) => a.villageCode === XIAOXI && a.siteKey === 'E1')
    expect(xiaoxi.road.reachable).toBe(true)
    expect(xiaoxi.road.distanceM).toBeGreaterThanOrEqual(xiaoxi.straightM)
    expect(xiaoxi.road.timeMin).toBeGreaterThan(0)
    expect(s.totals).toMatchObject({ sites: 2, households: 188, persons: 670, poorHouseholds: 60, overCapacitySites: 1, subsidyCny: 60 * 60_000 + 128 * 40_000 })
    const weighted = s.assignments.reduce((sum: number, a: any) => sum + a.persons * a.straightM, 0) / 670
    expect(s.totals.meanDistanceM).toBeCloseTo(weighted, 6)
    expect(s.totals.maxDistanceM).toBe(Math.max(...s.assignments.map((a: any) => a.straightM)))
    const again = await request(h.app, 'GET', `/api/scenarios/${s.id}`, undefined, { as: viewer })
    expect(again.json.totals).toEqual(s.totals)
  })

  it('says each warning as a catalogue code with its parameters, beside its English message', async () => {
    const s = (await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })).json
    const warning = (code: string) => s.warnings.find((w: any) => w.code === code)
    // C1 takes 178 households / 637 persons against room for 150 / 500, and needs 637 × 25 m² of its 12,000 m².
    expect(warning('over_capacity').msg).toEqual({
      code: 'siting.over_capacity', params: { site: '大吉山新村安置点', households: 178, persons: 637, capacityHouseholds: 150, capacityPopulation: 500 },
    })
    expect(warning('over_capacity').message).toBe('大吉山新村安置点: 178 households / 637 persons assigned, capacity 150 / 500.')
    expect(warning('over_floor_area').msg).toEqual({
      code: 'siting.over_floor_area', params: { site: '大吉山新村安置点', neededM2: 637 * 25, perPersonM2: 25, plannedM2: 12_000 },
    })
    // 小溪村 relocates 46 households; 46 + 10 are assigned.
    expect(warning('over_assigned').msg).toMatchObject({ code: 'siting.over_assigned', params: { assigned: 56, relocating: 46 } })
    expect(warning('over_assigned').subject).toBe(XIAOXI)
  })

  it('refuses bad saves with a 4xx naming the field, and writes nothing', async () => {
    await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })
    const before = await count()
    const cases: [unknown, number, string, string?][] = [
      [body(''), 400, 'invalid_body', 'name'],
      [body('方案一'), 409, 'duplicate_name', 'name'],
      [body('方案一 ', {}), 409, 'duplicate_name'],
      [body('x', { assignments: [{ villageCode: '360729101299', siteKey: 'C1', households: 1, persons: 3 }] }), 400, 'unknown_village', 'assignments.0.villageCode'],
      [body('x', { assignments: [{ villageCode: ZHENTOU, siteKey: 'C9', households: 1, persons: 3 }] }), 400, 'unknown_site', 'assignments.0.siteKey'],
      [body('x', { sites: [{ ...C1, geometry: { type: 'Point', coordinates: [116.0, 26.0] } }], assignments: [] }), 400, 'outside_county', 'sites.0'],
      [body('x', { sites: [{ ...C1, radiusM: 0 }] }), 400, 'invalid_body'],
      [body('x', { sites: [{ ...C1, radiusM: 600_000 }] }), 400, 'invalid_body'],
      [body('x', { sites: [C1, { ...C1 }] }), 400, 'invalid_body', 'sites.1.key'],
      [body('x', { sites: [{ key: 'Z', name: 'nowhere' }], assignments: [] }), 400, 'invalid_body', 'sites.0'],
      [body('x', { sites: [{ ...E1, siteCode: 'NO-SUCH' }], assignments: [] }), 400, 'unknown_site', 'sites.0.siteCode'],
      [body('x', { countyCode: '520999' }), 403, 'out_of_scope'],
    ]
    for (const [payload, status, code, field] of cases) {
      const res = await request(h.app, 'POST', '/api/scenarios', payload, { as: planner })
      expect(res.status, `${code}: ${res.text}`).toBe(status)
      expect(res.json.error.code).toBe(code)
      if (field) expect(JSON.stringify(res.json.error.details)).toContain(field)
    }
    expect(await count()).toBe(before)
  })

  it('updates with a version and refuses a stale one with 409 and the current state', async () => {
    const s = (await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })).json
    const update = { name: '方案一(修改)', description: null, version: s.version, sites: [C1], assignments: [{ villageCode: ZHENTOU, siteKey: 'C1', households: 100, persons: 360 }] }
    const ok = await request(h.app, 'PUT', `/api/scenarios/${s.id}`, update, { as: planner })
    expect(ok.status, ok.text).toBe(200)
    expect(ok.json).toMatchObject({ version: s.version + 1, name: '方案一(修改)' })
    expect(ok.json.warnings).toEqual([])
    const stale = await request(h.app, 'PUT', `/api/scenarios/${s.id}`, { ...update, name: '另一个' }, { as: planner })
    expect(stale.status).toBe(409)
    expect(stale.json.error.code).toBe('stale_version')
    expect(stale.json.error.details.current.name).toBe('方案一(修改)')
    expect((await request(h.app, 'GET', `/api/scenarios/${s.id}`)).json.name).toBe('方案一(修改)')
  })

  it('duplicates, compares, lists and deletes', async () => {
    const a = (await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })).json
    const b = await request(h.app, 'POST', `/api/scenarios/${a.id}/duplicate`, { name: '方案二' }, { as: planner })
    expect(b.status).toBe(201)
    expect(b.json.totals).toEqual(a.totals)
    expect((await request(h.app, 'POST', `/api/scenarios/${a.id}/duplicate`, { name: '方案二' }, { as: planner })).status).toBe(409)
    const compare = await request(h.app, 'GET', `/api/scenarios/compare?ids=${a.id},${b.json.id}`, undefined, { as: viewer })
    expect(compare.json.map((r: any) => r.name)).toEqual(['方案一', '方案二'])
    expect(compare.json[0].totals).toEqual(compare.json[1].totals)
    expect((await request(h.app, 'GET', '/api/scenarios/compare?ids=1')).status).toBe(400)
    const list = await request(h.app, 'GET', '/api/scenarios?county=360729', undefined, { as: viewer })
    expect(list.json.map((r: any) => r.name).sort()).toEqual(['方案一', '方案二'])
    expect(list.json[0]).toMatchObject({ sites: 2, assignments: 3 })
    expect((await request(h.app, 'DELETE', `/api/scenarios/${a.id}`, undefined, { as: planner })).status).toBe(200)
    expect((await request(h.app, 'GET', `/api/scenarios/${a.id}`)).status).toBe(404)
    const audit = await request(h.app, 'GET', '/api/audit?entity=scenarios')
    expect(audit.json.map((r: any) => r.action)).toEqual(['delete', 'create', 'create'])
  })

  it('promotes a candidate to a real site through the import path', async () => {
    const s = (await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })).json
    const res = await request(h.app, 'POST', `/api/scenarios/${s.id}/sites/C1/promote`, undefined, { as: planner })
    expect(res.status, res.text).toBe(201)
    const site = await request(h.app, 'GET', `/api/layers/sites/${res.json.code}`)
    expect(site.json.properties).toMatchObject({
      name: '大吉山新村安置点', kind: 'centralized', decision: 'selected', status: 'planned', townshipCode: '360729101',
      capacityHouseholds: 150, capacityPopulation: 500, floorAreaM2: 12_000,
    })
    expect(site.json.geometry.coordinates).toEqual([114.36, 24.86])
    expect((await request(h.app, 'POST', `/api/scenarios/${s.id}/sites/C1/promote`, undefined, { as: planner })).json.error.code).toBe('already_promoted')
    expect((await request(h.app, 'POST', `/api/scenarios/${s.id}/sites/E1/promote`, undefined, { as: planner })).json.error.code).toBe('already_a_site')
    expect((await request(h.app, 'POST', `/api/scenarios/${s.id}/sites/C7/promote`, undefined, { as: planner })).status).toBe(404)
    const history = await request(h.app, 'GET', `/api/layers/sites/${res.json.code}/history`)
    expect(history.json.changes[0]).toMatchObject({ action: 'create', username: 'planner' })
    expect(history.json.progress[0]).toMatchObject({ status: 'planned', source: 'import' })
  })

  it('exports sites and assignment lines as GeoJSON', async () => {
    const s = (await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })).json
    const res = await request(h.app, 'GET', `/api/scenarios/${s.id}/export`, undefined, { as: viewer })
    expect(res.json.type).toBe('FeatureCollection')
    expect(res.json.features.filter((f: any) => f.properties.kind === 'site')).toHaveLength(2)
    const lines = res.json.features.filter((f: any) => f.properties.kind === 'assignment')
    expect(lines).toHaveLength(3)
    expect(lines[0].geometry.type).toBe('LineString')
    expect(res.headers.get('content-disposition')).toContain(`scenario-${s.id}.geojson`)
  })

  it('lets viewers read but only planners and admins change scenarios', async () => {
    const s = (await request(h.app, 'POST', '/api/scenarios', body(), { as: planner })).json
    const engineer = await login(h.app, 'engineer')
    for (const who of [viewer, engineer]) {
      expect((await request(h.app, 'POST', '/api/scenarios', body('新方案'), { as: who })).status).toBe(403)
      expect((await request(h.app, 'DELETE', `/api/scenarios/${s.id}`, undefined, { as: who })).status).toBe(403)
      expect((await request(h.app, 'GET', `/api/scenarios/${s.id}`, undefined, { as: who })).status).toBe(200)
    }
    expect((await request(h.app, 'GET', '/api/scenarios/abc')).status).toBe(404)
  })
})
