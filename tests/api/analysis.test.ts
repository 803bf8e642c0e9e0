import type { Feature } from 'geojson'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { collection, feature, square } from './fixtures.ts'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

// The analysis engine against independent figures: distances computed by hand on an equatorial
// test county (where a degree of longitude is a·π/180 exactly), and brute-force ST_Distance
// queries on the sample county.

const EQ = '990001'
const EQ_TOWN = '990001100'
const EQ_EMPTY = '990001200'
/** 0.01° of longitude on the equator: 6378137 m × 0.01 × π/180. */
const ONE_HUNDREDTH = 1113.1949079327358
/** 0.04° of longitude on the equator. */
const FOUR_HUNDREDTHS = 4452.779631730943
/** 0.005° of latitude north of the equator: the meridian arc, integrated numerically on WGS84. */
const MERIDIAN_HALF_HUNDREDTH = 552.8713791220639

let h: Harness

const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] })
const line = (...coordinates: [number, number][]) => ({ type: 'LineString' as const, coordinates })

async function importLayer(layer: string, ...features: Feature[]) {
  const res = await request(h.app, 'POST', `/api/layers/${layer}/import`, collection(...features))
  expect(res.status, res.text).toBe(200)
}

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  await importLayer('regions',
    feature({ code: EQ, name: '赤道测试县', level: 'county' }, square(0, 0, 0.2)),
    feature({ code: EQ_TOWN, name: '测试镇', level: 'township', parentCode: EQ }, {
      type: 'Polygon', coordinates: [[[-0.2, -0.2], [0.1, -0.2], [0.1, 0.2], [-0.2, 0.2], [-0.2, -0.2]]],
    }),
    feature({ code: EQ_EMPTY, name: '空镇', level: 'township', parentCode: EQ }, {
      type: 'Polygon', coordinates: [[[0.1, -0.2], [0.2, -0.2], [0.2, 0.2], [0.1, 0.2], [0.1, -0.2]]],
    }))
  const village = (suffix: string, lon: number, lat: number, extra: Record<string, unknown> = {}) => feature({
    code: `${EQ_TOWN}${suffix}`, name: `村${suffix}`, townshipCode: EQ_TOWN, households: 100, population: 400,
    poorPopulation: 20, relocationHouseholds: 10, relocationPopulation: 35, relocationPoorHouseholds: 4, elevationM: 900, ...extra,
  }, point(lon, lat))
  await importLayer('villages', village('201', 0, 0), village('202', -0.1, 0, { relocationHouseholds: 30, relocationPopulation: 100, relocationPoorHouseholds: 12 }))
  await importLayer('facilities',
    feature({ code: 'EQ-CLINIC', name: '测试卫生室', kind: 'clinic', townshipCode: EQ_TOWN }, point(0.01, 0)),
    feature({ code: 'EQ-SCHOOL', name: '测试小学', kind: 'school', townshipCode: EQ_TOWN }, point(0.04, 0)))
  await importLayer('water',
    feature({ code: 'EQ-WELL', kind: 'well', serviceRadiusM: 500, townshipCode: EQ_TOWN }, point(0, 0.005)))
  await importLayer('regions',
    feature({ code: '990001300', name: '无路镇', level: 'township', parentCode: EQ }, square(-0.15, 0.15, 0.02)))
  await importLayer('villages', feature({ code: '990001300201', name: '无路村', townshipCode: '990001300', households: 50, population: 180 }, point(-0.15, 0.15)))
  await importLayer('roads',
    feature({ code: 'EQ-RD-GRAVEL', roadClass: 'village', surface: 'gravel', status: 'completed', townshipCode: EQ_TOWN }, line([-0.1, 0.001], [0.05, 0.001])),
    feature({ code: 'EQ-RD-PLANNED', roadClass: 'village', surface: 'hardened', status: 'tendered', townshipCode: EQ_TOWN }, line([0, 0.002], [0.02, 0.002])))
})

const nearest = async (target: string, region: string, extra = '') =>
  (await request(h.app, 'GET', `/api/analysis/nearest?target=${target}&region=${region}${extra}`)).json
const cover = async (query: string) => {
  const res = await request(h.app, 'GET', `/api/analysis/coverage?${query}`)
  expect(res.status, res.text).toBe(200)
  return res.json
}

describe(`nearest (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('measures geodesic distance on the spheroid, as computed by hand', async () => {
    const rows = await nearest('clinic', EQ_TOWN)
    const v = rows.find((r: any) => r.village === `${EQ_TOWN}201`)
    expect(v).toMatchObject({ target: 'EQ-CLINIC', targetName: '测试卫生室' })
    expect(v.distanceM).toBeCloseTo(ONE_HUNDREDTH, 2)
    const school = (await nearest('school', EQ_TOWN)).find((r: any) => r.village === `${EQ_TOWN}201`)
    expect(school.distanceM).toBeCloseTo(FOUR_HUNDREDTHS, 2)
    const well = (await nearest('water', EQ_TOWN)).find((r: any) => r.village === `${EQ_TOWN}201`)
    expect(well.distanceM).toBeCloseTo(MERIDIAN_HALF_HUNDREDTH, 2)
  })

  it.each(['clinic', 'school', 'township_seat', 'road_hardened', 'water', 'hazard'])('agrees with a brute-force ST_Distance for %s on the sample county', async (target) => {
    const rows = await nearest(target, '360729')
    const table = target === 'road_hardened' ? sql`roads f WHERE f.geom IS NOT NULL AND f.surface = 'hardened' AND f.status IN ('completed', 'accepted')`
      : target === 'water' ? sql`water f WHERE f.kind <> 'irrigation_channel' AND f.status IN ('completed', 'accepted')`
        : target === 'hazard' ? sql`hazards f WHERE true`
          : sql`facilities f WHERE f.kind = ${target}`
    const expected = await h.db.rows<{ code: string; d: number }>(sql`
      SELECT v.code, (SELECT min(ST_Distance(v.geom::geography, f.geom::geography)) FROM ${table}) AS d
      FROM villages v WHERE v.code LIKE '360729%' ORDER BY v.code`)
    expect(rows).toHaveLength(expected.length)
    expect(rows.length).toBeGreaterThan(60)
    for (const [i, row] of rows.entries()) {
      expect(row.village).toBe(expected[i].code)
      expect(row.distanceM).toBeCloseTo(expected[i].d, 6)
      expect(typeof row.distanceM).toBe('number')
    }
  })

  it('gives null for a village with no feature of the class', async () => {
    const rows = await nearest('hospital', EQ_TOWN)
    // The sample county's hospital is thousands of km away but it exists: nearest finds it.
    expect(rows[0].target).toBe('360729-SS-012')
    const roads = await nearest('road_hardened', EQ_TOWN)
    expect(roads.every((r: any) => r.target === null || !r.target.startsWith('EQ'))).toBe(true)
  })
})

describe(`coverage (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('counts a village exactly on the threshold as covered', async () => {
    const exact = (await nearest('clinic', EQ_TOWN)).find((r: any) => r.village === `${EQ_TOWN}201`).distanceM
    const on = await cover(`target=clinic&region=${EQ_TOWN}&withinM=${exact}`)
    expect(on.covered.villages).toBe(1)
    expect(on.covered).toEqual({ villages: 1, households: 100, population: 400, poorPopulation: 20 })
    const under = await cover(`target=clinic&region=${EQ_TOWN}&withinM=${exact - 0.001}`)
    expect(under.covered.villages).toBe(0)
    expect(under.uncovered.map((u: any) => u.code)).toEqual([`${EQ_TOWN}202`, `${EQ_TOWN}201`])
    expect(under.uncovered[1]).toMatchObject({ nearest: 'EQ-CLINIC' })
    expect(under.uncovered[1].distanceM).toBeCloseTo(ONE_HUNDREDTH, 2)
  })

  it('uses each water scheme’s own service radius by default', async () => {
    const res = await cover(`target=water&region=${EQ_TOWN}`)
    expect(res.withinM).toBeNull()
    expect(res.covered.villages).toBe(0) // 552.9 m from a well that serves 500 m
    const wider = await cover(`target=water&region=${EQ_TOWN}&withinM=600`)
    expect(wider.covered.villages).toBe(1)
    // The rule without a single distance, as a code for the web and in English for scripts.
    expect(res.ruleMsg).toEqual({ code: 'analysis.water_rule', params: { pointSetting: 'water.pointServiceRadiusM', pipelineSetting: 'water.pipelineServiceM' } })
    expect(res.rule).toBe('each scheme within its serviceRadiusM (points, default water.pointServiceRadiusM) or water.pipelineServiceM (pipelines)')
    expect(wider.ruleMsg).toBeNull()
  })

  it('counts planned infrastructure as built only in a what-if', async () => {
    const built = await cover(`target=road_hardened&region=${EQ_TOWN}`)
    expect(built.covered.villages).toBe(0)
    const whatIf = await cover(`target=road_hardened&region=${EQ_TOWN}&status=tendered`)
    expect(whatIf.covered.villages).toBe(1) // 0.002° of latitude ≈ 221 m from the tendered road
    expect(whatIf.status).toBe('tendered')
  })

  it('defaults withinM to the setting of the class, and follows a changed setting', async () => {
    const res = await cover(`target=clinic&region=${EQ_TOWN}`)
    expect(res).toMatchObject({ withinM: 3000, setting: 'exit.clinicWithinM' })
    expect(res.covered.villages).toBe(1)
    await request(h.app, 'PUT', '/api/settings/exit.clinicWithinM', { value: 1000, scope: EQ })
    expect((await cover(`target=clinic&region=${EQ_TOWN}`)).covered.villages).toBe(0)
    await request(h.app, 'PUT', '/api/settings/exit.clinicWithinM', { value: 3000, scope: EQ })
  })

  it('groups by township in a county and by village in a township; an empty region is all zeros', async () => {
    const county = await cover('target=clinic&region=360729')
    expect(county.groupBy).toBe('township')
    expect(county.groups).toHaveLength(9)
    const sum = county.groups.reduce((s: number, g: any) => s + g.total.villages, 0)
    expect(sum).toBe(county.total.villages)
    const [{ n, pop }] = await h.db.rows<{ n: number; pop: number }>(sql`
      SELECT count(*)::int AS n, sum(population)::int AS pop FROM villages WHERE code LIKE '360729%'`)
    expect(county.total).toMatchObject({ villages: n, population: pop })
    const [{ covered }] = await h.db.rows<{ covered: number }>(sql`
      SELECT count(*)::int AS covered FROM villages v WHERE v.code LIKE '360729%'
        AND EXISTS (SELECT 1 FROM facilities f WHERE f.kind = 'clinic' AND ST_DWithin(f.geom::geography, v.geom::geography, 3000))`)
    expect(county.covered.villages).toBe(covered)
    const town = await cover('target=clinic&region=360729100')
    expect(town.groupBy).toBe('village')
    const empty = await cover(`target=clinic&region=${EQ_EMPTY}`)
    expect(empty.total).toEqual({ villages: 0, households: 0, population: 0, poorPopulation: 0 })
    expect(empty.groups).toEqual([])
  })
})

describe(`site evaluation (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  const evaluate = (body: unknown) => request(h.app, 'POST', '/api/analysis/site', body)

  it('evaluates a point not in the database: catchment, demand, capacity, nearest, checks and score', async () => {
    const res = await evaluate({ geometry: point(0.01, 0), radiusM: 5000, capacity: { households: 5, population: 50, floorAreaM2: 2000 }, elevationM: 400 })
    expect(res.status, res.text).toBe(200)
    const r = res.json
    expect(r.site).toMatchObject({ county: EQ, township: EQ_TOWN })
    expect(r.catchment.villages.map((v: any) => v.code)).toEqual([`${EQ_TOWN}201`])
    expect(r.catchment.villages[0].distanceM).toBeCloseTo(ONE_HUNDREDTH, 2)
    expect(r.catchment.villages[0].elevationDiffM).toBe(500)
    expect(r.catchment.totals).toEqual({ villages: 1, households: 100, population: 400, poorHouseholds: 0, poorPopulation: 20 })
    expect(r.demand).toEqual({ households: 10, population: 35, poorHouseholds: 4 })
    expect(r.capacity).toMatchObject({ floorAreaNeededM2: 35 * 25, floorAreaPerPersonM2: 25 })
    expect(r.nearest.clinic).toMatchObject({ code: 'EQ-CLINIC', distanceM: 0 })
    expect(r.nearest.school.distanceM).toBeCloseTo(3 * ONE_HUNDREDTH, 1)
    // Where the map draws each line to: the facility's own point.
    expect(r.nearest.clinic.point).toEqual([0.01, 0])
    expect(r.nearest.school.point).toEqual([0.04, 0])
    expect(r.nearest.road.distanceM).toBeGreaterThan(1_000_000) // only the sample county's roads, far away
    const check = (id: string) => r.checks.find((c: any) => c.id === id)
    expect(check('clinic').pass).toBe(true)
    expect(check('road')).toMatchObject({ pass: false, limitM: 1000 })
    expect(check('capacityHouseholds')).toMatchObject({ pass: false, value: 5, demand: 10 })
    expect(check('capacityPopulation')).toMatchObject({ pass: true })
    expect(check('hazard').pass).toBe(true)
    // Score by hand: clinic 1 × 0.15, school (1 − 3339.6/5000) × 0.15, hazard 1 × 0.2, road and seat 0 (far away),
    // water (1 − d/1000) × 0.15 where the well is in reach; the weights sum to 1.
    const school = 1 - (3 * ONE_HUNDREDTH) / 5000
    const water = r.nearest.water ? Math.max(0, 1 - r.nearest.water.distanceM / 1000) : 0
    expect(r.score.value).toBeCloseTo(Math.round(100 * (0.15 + 0.15 * school + 0.2 + 0.15 * water) * 10) / 10, 1)
  })

  it('says why each check passes or fails as a catalogue code with its parameters', async () => {
    const res = await evaluate({ geometry: point(0.01, 0), radiusM: 5000, capacity: { households: 5 }, limits: { clinicM: 100 } })
    expect(res.status, res.text).toBe(200)
    const r = res.json
    const check = (id: string) => r.checks.find((c: any) => c.id === id)
    expect(check('clinic').msg).toEqual({ code: 'siting.check_distance_pass', params: { factor: 'clinic', valueM: 0, limitM: 100 } })
    expect(check('road').msg).toEqual({ code: 'siting.check_distance_fail', params: { factor: 'road', valueM: r.nearest.road.distanceM, limitM: 1000 } })
    expect(check('school').msg.code).toBe('siting.check_distance_pass')
    expect(check('school').msg.params.valueM).toBeCloseTo(3 * ONE_HUNDREDTH, 1)
    expect(check('hazard').msg).toEqual({ code: 'siting.check_hazard_none', params: { bufferM: 200 } })
    // 10 households relocate from 村201; room for 5.
    expect(check('capacityHouseholds').msg).toEqual({ code: 'siting.check_households_fail', params: { capacity: 5, demand: 10, over: 5 } })
    expect(check('capacityPopulation').msg).toEqual({ code: 'siting.check_persons_unknown', params: {} })
    expect(check('floorArea').msg).toEqual({ code: 'siting.check_floor_area_unknown', params: {} })
    // The English reason for scripts stays beside it.
    expect(check('capacityHouseholds').reason).toBe('Capacity 5 < demand 10 户 households: over capacity by 5.')
  })

  it('measures from a polygon’s edge, and takes explicit origin villages', async () => {
    const polygon = { type: 'Polygon', coordinates: [[[0.04, -0.01], [0.06, -0.01], [0.06, 0.01], [0.04, 0.01], [0.04, -0.01]]] }
    const res = await evaluate({ geometry: polygon, villages: [`${EQ_TOWN}201`, `${EQ_TOWN}202`] })
    expect(res.status, res.text).toBe(200)
    expect(res.json.catchment.mode).toBe('villages')
    const near = res.json.catchment.villages.find((v: any) => v.code === `${EQ_TOWN}201`)
    expect(near.distanceM).toBeCloseTo(FOUR_HUNDREDTHS, 1)
    expect(res.json.demand).toEqual({ households: 40, population: 135, poorHouseholds: 16 })
    expect(res.json.site.areaM2).toBeGreaterThan(4_800_000)
  })

  it('answers a site with no village in reach', async () => {
    const res = await evaluate({ geometry: point(0.15, 0.15), radiusM: 1000 })
    expect(res.status).toBe(200)
    expect(res.json.catchment.totals).toEqual({ villages: 0, households: 0, population: 0, poorHouseholds: 0, poorPopulation: 0 })
    expect(res.json.demand).toEqual({ households: 0, population: 0, poorHouseholds: 0 })
  })

  it('finds hazard zones overlapping or within the buffer', async () => {
    const [hz] = await h.db.rows<{ code: string; lon: number; lat: number }>(sql`
      SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM hazards ORDER BY code LIMIT 1`)
    const res = await evaluate({ geometry: point(hz.lon, hz.lat) })
    expect(res.json.hazards[0]).toMatchObject({ code: hz.code, intersects: true, distanceM: 0 })
    expect(res.json.checks.find((c: any) => c.id === 'hazard').pass).toBe(false)
  })

  it('takes weight and limit overrides', async () => {
    const res = await evaluate({ geometry: point(0.01, 0), weights: { road: 0, water: 0, school: 0, clinic: 1, townshipSeat: 0, hazard: 0 } })
    expect(res.json.score.value).toBe(100)
    const strict = await evaluate({ geometry: point(0.015, 0), limits: { clinicM: 100 } })
    expect(strict.json.checks.find((c: any) => c.id === 'clinic')).toMatchObject({ pass: false, limitM: 100 })
  })
})

/** 0.001° of latitude from the equator (a fifth of the 0.005° arc: linear at this scale). */
const CONNECTOR = MERIDIAN_HALF_HUNDREDTH / 5

describe(`distance along roads (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('measures nearest by road: connectors to the gravel road plus the road between, with travel time', async () => {
    const rows = await nearest('clinic', EQ_TOWN, '&metric=road')
    const v201 = rows.find((r: any) => r.village === `${EQ_TOWN}201`)
    // (0,0) → road at (0, 0.001): 110.57 m; along the road 0.01° ≈ 1113.19 m; road → clinic at (0.01, 0): 110.57 m.
    expect(v201).toMatchObject({ target: 'EQ-CLINIC', reachable: true })
    expect(v201.distanceM).toBeCloseTo(2 * CONNECTOR + ONE_HUNDREDTH, 0)
    // Walking 221.1 m at 5 km/h, then 1113.2 m of gravel at 15 km/h.
    expect(v201.timeMin).toBeCloseTo((2 * CONNECTOR) / (5000 / 60) + ONE_HUNDREDTH / (15000 / 60), 2)
    const v202 = rows.find((r: any) => r.village === `${EQ_TOWN}202`)
    expect(v202.distanceM).toBeCloseTo(2 * CONNECTOR + 11 * ONE_HUNDREDTH, 0)
    const roadless = await nearest('clinic', '990001300', '&metric=road')
    expect(roadless).toEqual([{ village: '990001300201', target: null, targetName: null, distanceM: null, timeMin: null, reachable: false, reason: 'no_road_nearby' }])
  })

  it('covers by road distance, inclusive, and never counts an unreachable village', async () => {
    const road = 2 * CONNECTOR + ONE_HUNDREDTH
    const under = await cover(`target=clinic&region=${EQ_TOWN}&metric=road&withinM=${road - 1}`)
    expect(under.covered.villages).toBe(0)
    const over = await cover(`target=clinic&region=${EQ_TOWN}&metric=road&withinM=${road + 1}`)
    expect(over).toMatchObject({ metric: 'road', covered: { villages: 1 } })
    const none = await cover('target=clinic&region=990001300&metric=road&withinM=500000')
    expect(none.covered.villages).toBe(0)
    expect(none.uncovered[0]).toMatchObject({ code: '990001300201', distanceM: null })
  })

  it('evaluates a site by road: catchment and services along the roads', async () => {
    const res = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.01, 0), radiusM: 5000, metric: 'road' })
    expect(res.status, res.text).toBe(200)
    expect(res.json.metric).toBe('road')
    const [v] = res.json.catchment.villages
    expect(v.code).toBe(`${EQ_TOWN}201`)
    expect(v.distanceM).toBeCloseTo(2 * CONNECTOR + ONE_HUNDREDTH, 0)
    expect(v.straightM).toBeCloseTo(ONE_HUNDREDTH, 2)
    // The clinic stands on the site: both attach to the road at the same point, 2 × 110.57 m of connector.
    expect(res.json.nearest.clinic.distanceM).toBeCloseTo(2 * CONNECTOR, 0)
    const tight = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.01, 0), radiusM: 1300, metric: 'road' })
    expect(tight.json.catchment.villages).toEqual([]) // 1113 m straight, 1334 m by road
  })

  // A candidate 3.2 km north of the only built road: nothing is reachable from it, and the evaluation
  // says so for the catchment and each service, with the distance and the limit; the checks fail for
  // that reason, not as services missing.
  it('says why a candidate off the road network reaches nothing by road', async () => {
    const res = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.01, 0.03), radiusM: 5000, metric: 'road' })
    expect(res.status, res.text).toBe(200)
    const r = res.json
    const roadM = 29 * CONNECTOR // 0.029° of latitude to the gravel road at 0.001°
    expect(r.road).toMatchObject({ onNetwork: false, maxConnectorM: 1000 })
    expect(r.road.nearestRoadM).toBeCloseTo(roadM, -1)
    const gap = { kind: 'site_off_road', roadM: r.road.nearestRoadM, maxConnectorM: 1000 }
    expect(r.catchment.villages).toEqual([])
    expect(r.catchment.totals.villages).toBe(0)
    // 村201 lies 3.5 km away in a straight line: within the radius, but not reachable.
    expect(r.catchment.road).toEqual({
      reachable: false, reason: 'no_road_nearby', gap, unreachableVillages: 1,
      msg: { code: 'network.site_off_road', params: { roadM: r.road.nearestRoadM, maxConnectorM: 1000 } },
    })
    expect(r.nearest.clinic).toMatchObject({
      reachable: false, reason: 'no_road_nearby', gap, code: 'EQ-CLINIC', name: '测试卫生室',
      msg: { code: 'network.site_off_road', params: { roadM: r.road.nearestRoadM, maxConnectorM: 1000 } },
    })
    expect(r.nearest.clinic.straightM).toBeCloseTo(30 * CONNECTOR, -1)
    expect(r.nearest.clinic).not.toHaveProperty('distanceM')
    expect(r.nearest.school).toMatchObject({ reachable: false, code: 'EQ-SCHOOL', gap })
    for (const factor of ['clinic', 'school']) {
      const check = r.checks.find((c: any) => c.id === factor)
      expect(check).toMatchObject({ pass: false, valueM: null, gap })
      expect(check.msg).toEqual({ code: 'siting.check_distance_off_road', params: { factor, roadM: r.road.nearestRoadM, maxConnectorM: 1000 } })
      expect(check.reason).toMatch(/^Nearest .+ not reachable by road: the candidate is 3\.2 km from the nearest built road, beyond the connector limit of 1\.0 km\.$/)
    }
    // No township seat in the test county: that one is missing, and says so.
    expect(r.nearest.townshipSeat).toBeNull()
    expect(r.checks.find((c: any) => c.id === 'townshipSeat').msg.code).toBe('siting.check_distance_none')
    // Unreachable services score nothing.
    expect(r.score.components.find((c: any) => c.factor === 'clinic').value).toBe(0)
  })

  it('names the villages a road route cannot join, and a service on another part of the network', async () => {
    // With tendered projects built, the candidate sits 55 m from the planned road, which meets no other road.
    const res = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.01, 0.0025), radiusM: 5000, metric: 'road', status: 'tendered' })
    expect(res.status, res.text).toBe(200)
    const r = res.json
    expect(r.road.onNetwork).toBe(true)
    expect(r.road.nearestRoadM).toBeCloseTo(CONNECTOR / 2, 0)
    expect(r.catchment.road).toEqual({ reachable: true, unreachableVillages: 1 })
    expect(r.catchment.villages).toEqual([])
    expect(r.nearest.clinic).toMatchObject({
      reachable: false, reason: 'not_connected', gap: { kind: 'not_connected' }, code: 'EQ-CLINIC',
      msg: { code: 'network.service_not_connected', params: { factor: 'clinic' } },
    })
    expect(r.checks.find((c: any) => c.id === 'clinic').msg).toEqual({ code: 'siting.check_distance_not_connected', params: { factor: 'clinic' } })
    // Named villages are all kept, each with why it is not reached.
    const named = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.01, 0.0025), villages: [`${EQ_TOWN}201`], metric: 'road', status: 'tendered' })
    expect(named.json.catchment.villages).toMatchObject([{ code: `${EQ_TOWN}201`, reachable: false, reason: 'not_connected', distanceM: null }])
    expect(named.json.catchment.road).toEqual({ reachable: true, unreachableVillages: 1 })
  })

  it('says when every feature of a service lies off the roads', async () => {
    // 100 m of connector at most: the candidate (55 m from the gravel road) is on it, the clinic and the school (111 m) are not.
    await request(h.app, 'PUT', '/api/settings/network.maxConnectorM', { value: 100, scope: EQ })
    try {
      const res = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.02, 0.0015), radiusM: 5000, metric: 'road' })
      expect(res.status, res.text).toBe(200)
      const r = res.json
      expect(r.road).toMatchObject({ onNetwork: true, maxConnectorM: 100 })
      const gap = { kind: 'service_off_road', maxConnectorM: 100 }
      expect(r.nearest.clinic).toMatchObject({ reachable: false, reason: 'no_road_nearby', gap, msg: { code: 'network.service_off_road', params: { factor: 'clinic', maxConnectorM: 100 } } })
      expect(r.nearest.school).toMatchObject({ reachable: false, gap })
      expect(r.checks.find((c: any) => c.id === 'school').msg).toEqual({ code: 'siting.check_distance_service_off_road', params: { factor: 'school', maxConnectorM: 100 } })
    } finally {
      await request(h.app, 'PUT', '/api/settings/network.maxConnectorM', { value: 1000, scope: EQ })
    }
  })

  it('marks services reached by road, and the candidate on the network', async () => {
    const res = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.01, 0), radiusM: 5000, metric: 'road' })
    expect(res.json.road).toMatchObject({ onNetwork: true, maxConnectorM: 1000 })
    expect(res.json.road.nearestRoadM).toBeCloseTo(CONNECTOR, 0)
    expect(res.json.nearest.clinic).toMatchObject({ reachable: true, code: 'EQ-CLINIC' })
    expect(res.json.catchment.road).toEqual({ reachable: true, unreachableVillages: 0 })
    const straight = await request(h.app, 'POST', '/api/analysis/site', { geometry: point(0.01, 0), radiusM: 5000 })
    expect(straight.json.road).toBeNull()
    expect(straight.json.catchment.road).toBeNull()
  })

  it('refuses road distance to roads and hazard zones', async () => {
    const res = await request(h.app, 'GET', '/api/analysis/nearest?target=road_any&metric=road')
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('metric_unsupported')
  })
})

describe(`analysis bad input (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('says that a drawn outline crosses itself', async () => {
    const bowTie = { type: 'Polygon', coordinates: [[[0, 0], [0.01, 0.01], [0.01, 0], [0, 0.01], [0, 0]]] }
    const res = await request(h.app, 'POST', '/api/analysis/site', { geometry: bowTie })
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({ code: 'invalid_geometry', details: { field: 'geometry', msg: { code: 'siting.outline_crosses_itself' } } })
    expect(res.json.error.details.msg.params.reason).toMatch(/^Self-intersection/)
  })

  it.each([
    ['/api/analysis/nearest?target=library', 'unknown_target'],
    ['/api/analysis/nearest', 'missing_target'],
    ['/api/analysis/nearest?target=clinic&region=110101', 'unknown_region'],
    ['/api/analysis/coverage?target=clinic&withinM=-5', 'invalid_distance'],
    ['/api/analysis/coverage?target=clinic&withinM=600000', 'invalid_distance'],
    ['/api/analysis/coverage?target=clinic&withinM=abc', 'invalid_distance'],
    ['/api/analysis/coverage?target=clinic&status=built', 'unknown_status'],
    ['/api/analysis/coverage?target=clinic&metric=flight', 'unknown_metric'],
  ])('GET %s → 400 %s', async (path, code) => {
    const res = await request(h.app, 'GET', path)
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe(code)
  })

  it.each([
    [{ geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }, 'invalid_body'],
    [{ geometry: point(200, 95) }, 'coordinates_out_of_range'],
    [{ geometry: point(24.75, 114.5) }, 'coordinates_swapped'],
    [{ geometry: point(0, 0), radiusM: 0 }, 'invalid_body'],
    [{ geometry: point(0, 0), radiusM: 600_000 }, 'invalid_body'],
    [{ geometry: point(0, 0), villages: ['990001100999'] }, 'unknown_village'],
    [{ geometry: { type: 'Polygon', coordinates: [[[0, 0], [0.01, 0.01], [0.01, 0], [0, 0.01], [0, 0]]] } }, 'invalid_geometry'],
    [{ geometry: point(50, 50) }, 'outside_counties'],
    [{ geometry: point(0, 0), weights: { road: 0, water: 0, school: 0, clinic: 0, townshipSeat: 0, hazard: 0 } }, 'invalid_weights'],
    [{ geometry: point(0, 0), extra: 1 }, 'invalid_body'],
  ])('POST /api/analysis/site %j → 400 %s', async (body, code) => {
    const res = await request(h.app, 'POST', '/api/analysis/site', body)
    expect(res.status, res.text).toBe(400)
    expect(res.json.error.code).toBe(code)
  })
})
