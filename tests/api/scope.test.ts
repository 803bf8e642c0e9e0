import type { Feature } from 'geojson'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import { collection, feature, fixtureRegions, square } from './fixtures.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Write scope (GEODATA_FORMAT.md): every claim a write makes lies inside the account's region — the
// division its code names, its townshipCode, a region's parentCode, its geometry — before and after;
// a feature placed by geometry only lies wholly inside; a county road across townships is the county's.
// The sample county 全南县 (360729) with 城厢镇 (360729100), and 黔北示范县 (520999) beside it.

let h: Harness
const as: Record<string, Identity> = {}

const sample = (layer: 'roads' | 'sites') => (readSampleLayer(layer) as { features: Feature[] }).features
const countyRoad = () => sample('roads').find((f) => !f.properties!.townshipCode && f.geometry)!
const count = async (table: string, code: string) =>
  (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE code = ${code}`))[0].n
const auditRows = async () => (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0].n

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  expect((await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())).status).toBe(200)
  for (const [name, role, region] of [
    ['other_engineer', 'engineer', '520999'], ['town_engineer', 'engineer', '360729100'], ['other_admin', 'admin', '520999'],
    ['town_admin', 'admin', '360729100'],
  ] as const) {
    await createUser(h.db, name, role, region)
    as[name] = await login(h.app, name)
  }
})

describe(`write scope on every claim (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('refuses a feature coded in the account county but placed in another by townshipCode or by geometry', async () => {
    const before = await auditRows()
    const site = feature({ code: '520999-AZD-X1', name: '越界安置点', townshipCode: '360729100' }, { type: 'Point', coordinates: [114.52, 24.74] })
    const bySite = await request(h.app, 'POST', '/api/layers/sites/import', collection(site), { as: as.other_engineer })
    expect(bySite.status).toBe(422)
    expect(bySite.json.error.details.errors[0]).toMatchObject({ property: 'code', reason: 'invalid_code' })
    const moved = feature({ code: '520999-AZD-X2', name: '越界安置点', townshipCode: '520999100' }, { type: 'Point', coordinates: [114.52, 24.74] })
    const byGeometry = await request(h.app, 'POST', '/api/layers/sites/import', collection(moved), { as: as.other_engineer })
    expect(byGeometry.status).toBe(403)
    expect(byGeometry.json.error.details.errors[0]).toMatchObject({ property: 'geometry', reason: 'out_of_scope' })
    const road = feature({ code: '520999-RD-X9', roadClass: 'village', surface: 'gravel' },
      { type: 'LineString', coordinates: [[114.50, 24.73], [114.52, 24.75]] })
    const byRoad = await request(h.app, 'POST', '/api/layers/roads/import', collection(road), { as: as.other_engineer })
    expect(byRoad.status).toBe(403)
    expect(byRoad.json.error.details.errors[0]).toMatchObject({ property: 'geometry', reason: 'out_of_scope' })
    expect(await count('sites', '520999-AZD-X2') + await count('roads', '520999-RD-X9')).toBe(0)
    expect(await auditRows()).toBe(before)
  })

  it('refuses a township account a road coded under its township but filed under another', async () => {
    const road = feature({ code: '360729100-RD-X1', roadClass: 'village', surface: 'hardened', townshipCode: '360729101' },
      { type: 'LineString', coordinates: [[114.52, 24.74], [114.53, 24.745]] })
    const res = await request(h.app, 'POST', '/api/layers/roads/import', collection(road), { as: as.town_engineer })
    expect(res.status).toBe(422)
    expect(res.json.error.details.errors[0]).toMatchObject({ property: 'code', reason: 'invalid_code' })
    const elsewhere = feature({ code: 'RD-FREE-1', roadClass: 'village', surface: 'hardened', townshipCode: '360729101' },
      { type: 'LineString', coordinates: [[114.52, 24.74], [114.53, 24.745]] })
    const filed = await request(h.app, 'POST', '/api/layers/roads/import', collection(elsewhere), { as: as.town_engineer })
    expect(filed.status).toBe(403)
    expect(filed.json.error.details.errors[0]).toMatchObject({ property: 'townshipCode', reason: 'out_of_scope' })
  })

  it('refuses an admin a region under another county, and a hazard placed by geometry that reaches beyond its region', async () => {
    const township = feature({ code: '360729109', name: '伪造镇', level: 'township', parentCode: '360729' }, square(107.0, 27.5, 0.05))
    const region = await request(h.app, 'POST', '/api/layers/regions/import', collection(township), { as: as.other_admin })
    expect(region.status).toBe(403)
    expect(region.json.error.details.errors[0]).toMatchObject({ property: 'code', reason: 'out_of_scope' })
    expect(await count('regions', '360729109')).toBe(0)
    // A hazard without a division code belongs where it lies: wholly inside, or it is not the account's.
    const straddling = feature({ code: 'HZ-EDGE', kind: 'flood' }, square(107.2, 27.5, 0.05))
    const edge = await request(h.app, 'POST', '/api/layers/hazards/import', collection(straddling), { as: as.other_admin })
    expect(edge.status).toBe(403)
    expect(edge.json.error.details.errors[0]).toMatchObject({ property: 'geometry', reason: 'out_of_scope' })
    expect(edge.json.error.details.errors[0].msg.code).toBe('import.geometry_beyond_scope')
    const inside = feature({ code: 'HZ-INSIDE', kind: 'flood' }, square(107.0, 27.5, 0.02))
    expect((await request(h.app, 'POST', '/api/layers/hazards/import', collection(inside), { as: as.other_admin })).status).toBe(200)
    expect((await request(h.app, 'DELETE', '/api/layers/hazards/HZ-INSIDE', undefined, { as: as.other_admin })).status).toBe(200)
  })

  it('leaves a county road across townships to the county: a township account can neither delete nor change it', async () => {
    const road = countyRoad()
    const code = road.properties!.code as string
    expect((await request(h.app, 'DELETE', `/api/layers/roads/${code}`, undefined, { as: as.town_engineer })).status).toBe(403)
    expect((await request(h.app, 'DELETE', `/api/layers/roads/${code}`, undefined, { as: as.town_admin })).status).toBe(403)
    const detail = await request(h.app, 'GET', `/api/projects/roads/${code}`, undefined, { as: as.town_engineer })
    const version = detail.json.version as number
    const patched = await request(h.app, 'PATCH', `/api/projects/roads/${code}`, { version, properties: { contractor: '乡里' } }, { as: as.town_engineer })
    expect(patched.status).toBe(403)
    const reimported = await request(h.app, 'POST', '/api/layers/roads/import', collection({ ...road, properties: { ...road.properties, contractor: '乡里' } } as Feature), { as: as.town_engineer })
    expect(reimported.status).toBe(403)
    expect(await count('roads', code)).toBe(1)
    // The county's own engineer may.
    await createUser(h.db, 'county_engineer', 'engineer', '360729')
    const county = await login(h.app, 'county_engineer')
    expect((await request(h.app, 'PATCH', `/api/projects/roads/${code}`, { version, properties: { contractor: '县交通局' } }, { as: county })).status).toBe(200)
  })
})

describe(`reads and writes derived from villages (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  // 大吉山镇 (360729101) villages; 城厢镇 (360729100) is the other township.
  const DAJISHAN = '360729101'
  const ZHENTOU = '360729101207'
  const XIAOXI = '360729101208'
  const C1 = { key: 'C1', name: '大吉山新村安置点', geometry: { type: 'Point', coordinates: [114.36, 24.86] }, capacityHouseholds: 150, capacityPopulation: 500 }
  const scenario = (name: string) => ({
    name, countyCode: '360729', sites: [C1],
    assignments: [{ villageCode: ZHENTOU, siteKey: 'C1', households: 100, persons: 400 }, { villageCode: XIAOXI, siteKey: 'C1', households: 40, persons: 150 }],
  })

  it('shows a township account only its own villages among the villages a project serves', async () => {
    const road = sample('roads').find((f) => !f.properties!.townshipCode && f.geometry)!
    const code = road.properties!.code as string
    const all = (await request(h.app, 'GET', `/api/projects/roads/${code}`)).json.serves.villages as { code: string }[]
    const outside = all.filter((v) => !v.code.startsWith('360729100'))
    expect(outside.length).toBeGreaterThan(0)
    await createUser(h.db, 'town_viewer', 'viewer', '360729100')
    const viewer = await login(h.app, 'town_viewer')
    const seen = (await request(h.app, 'GET', `/api/projects/roads/${code}`, undefined, { as: viewer })).json.serves.villages as { code: string }[]
    expect(seen.every((v) => v.code.startsWith('360729100'))).toBe(true)
    expect(seen.length).toBe(all.length - outside.length)
  })

  it('lets a township read a county scenario without the other townships’ assignments, copy it, and change only its copy', async () => {
    await createUser(h.db, 'county_planner', 'planner', '360729')
    await createUser(h.db, 'dajishan_planner', 'planner', DAJISHAN)
    await createUser(h.db, 'town_planner', 'planner', '360729100')
    const county = await login(h.app, 'county_planner')
    const dajishan = await login(h.app, 'dajishan_planner')
    const town = await login(h.app, 'town_planner')
    const made = await request(h.app, 'POST', '/api/scenarios', scenario('县级方案'), { as: county })
    expect(made.status, made.text).toBe(201)
    expect(made.json.regionCode).toBe('360729')
    const id = made.json.id as number

    const read = await request(h.app, 'GET', `/api/scenarios/${id}`, undefined, { as: town })
    expect(read.status).toBe(200)
    expect(read.json.assignments).toEqual([])
    expect(read.json.hiddenAssignments).toBe(2)
    expect(read.json.totals.households).toBe(0)
    const exported = await request(h.app, 'GET', `/api/scenarios/${id}/export`, undefined, { as: town })
    expect(exported.json.features.filter((f: any) => f.properties.kind === 'assignment')).toEqual([])
    const theirs = await request(h.app, 'GET', `/api/scenarios/${id}`, undefined, { as: dajishan })
    expect(theirs.json.assignments).toHaveLength(2)

    const version = made.json.version as number
    const overwrite = await request(h.app, 'PUT', `/api/scenarios/${id}`, { ...scenario('改了'), version }, { as: dajishan })
    expect(overwrite.status).toBe(403)
    expect(overwrite.json.error.details.msg.code).toBe('siting.scenario_not_yours')
    expect((await request(h.app, 'DELETE', `/api/scenarios/${id}`, undefined, { as: dajishan })).status).toBe(403)
    const copy = await request(h.app, 'POST', `/api/scenarios/${id}/duplicate`, { name: '大吉山方案' }, { as: dajishan })
    expect(copy.status, copy.text).toBe(201)
    expect(copy.json.regionCode).toBe(DAJISHAN)
    expect(copy.json.assignments).toHaveLength(2)
    const townCopy = await request(h.app, 'POST', `/api/scenarios/${id}/duplicate`, { name: '城厢方案' }, { as: town })
    expect(townCopy.json.assignments).toEqual([])
    expect((await h.db.rows(sql`SELECT 1 FROM assignments WHERE scenario_id = ${townCopy.json.id}`))).toHaveLength(0)
    const edited = await request(h.app, 'PUT', `/api/scenarios/${copy.json.id}`, { name: '大吉山方案二', sites: [C1], assignments: [], version: copy.json.version }, { as: dajishan })
    expect(edited.status, edited.text).toBe(200)
    // The county's own planner still changes the county's scenario.
    const { countyCode: _, ...content } = scenario('县级方案')
    const again = await request(h.app, 'PUT', `/api/scenarios/${id}`, { ...content, version }, { as: county })
    expect(again.status, again.text).toBe(200)
  })

  it('promotes a candidate once when many ask at the same time', async () => {
    await createUser(h.db, 'county_admin', 'admin', '360729')
    const admin = await login(h.app, 'county_admin')
    const made = await request(h.app, 'POST', '/api/scenarios', scenario('推荐方案'), { as: admin })
    const id = made.json.id as number
    const answers = await Promise.all(Array.from({ length: 8 }, () =>
      request(h.app, 'POST', `/api/scenarios/${id}/sites/C1/promote`, undefined, { as: admin })))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
    const code = answers.find((a) => a.status === 201)!.json.code as string
    expect(await count('sites', code)).toBe(1)
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'sites' AND code = ${code} AND action = 'create'`)
    expect(n).toBe(1)
  })
})
