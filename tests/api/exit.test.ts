import { readFileSync } from 'node:fs'
import type { Feature } from 'geojson'
import { Hono } from 'hono'
import { PgDialect } from 'drizzle-orm/pg-core'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { App } from '../../api/app.ts'
import type { AppEnv } from '../../api/env.ts'
import { authenticate } from '../../api/auth/middleware.ts'
import { ApiError, errorBody } from '../../api/http/errors.ts'
import { criterion, dataProblems, villageState } from '../../core/exit/criteria.ts'
import type { ExitRules, VillageFacts } from '../../core/exit/criteria.ts'
import { exitsByYear } from '../../core/exit/rollup.ts'
import { english } from '../../core/messages/english.ts'
import { yearInChina as currentYear } from '../../core/time/china.ts'
import { exitRoute, parseYear } from '../../api/exit/route.ts'
import { collection, feature } from './fixtures.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Village exit against hand counts on an equatorial test county (990002), where a degree of longitude
// is a·π/180 metres, so every threshold can be straddled by a metre; and against counts computed here,
// independently, from the sample county's geojson.

const COUNTY = '990002'
const TOWN = '990002100'
const TOWN2 = '990002200'
/** Metres per degree of longitude on the equator: 6378137 × π/180. */
const M_PER_DEG = 111319.49079327357
const BACKEND = process.env.DATABASE_URL ? 'postgres' : 'pglite'

let h: Harness
/** h.app once the lead mounts /api/exit; until then the same stack around exitRoute(), falling through to h.app. */
let app: App

const lonOf = (i: number) => 10 + 0.1 * i
const east = (i: number, metres: number) => lonOf(i) + metres / M_PER_DEG
const point = (lon: number, lat = 0) => ({ type: 'Point' as const, coordinates: [lon, lat] })
/** A north–south segment crossing the equator: its distance from the village is along the equator. */
const meridian = (lon: number) => ({ type: 'LineString' as const, coordinates: [[lon, -0.005], [lon, 0.005]] })

const code = (i: number) => `${i >= 21 ? TOWN2 : TOWN}${200 + i}`

function fixture() {
  const villages: Feature[] = []
  const roads: Feature[] = []
  const water: Feature[] = []
  const facilities: Feature[] = []
  const road = (i: number, metres: number, props: Record<string, unknown> = {}) => roads.push(feature({
    code: `EX-RD-${i}`, roadClass: 'village', surface: 'hardened', status: 'completed', townshipCode: TOWN, ...props,
  }, meridian(east(i, metres))))
  const well = (i: number, metres: number, props: Record<string, unknown> = {}) => water.push(feature({
    code: `EX-W-${i}`, kind: 'well', status: 'completed', townshipCode: TOWN, ...props,
  }, point(east(i, metres))))
  const clinic = (i: number, metres: number) => facilities.push(feature({
    code: `EX-CL-${i}`, name: `卫生室${i}`, kind: 'clinic', townshipCode: TOWN,
  }, point(east(i, metres))))
  /** A village that passes everything (1 % incidence, hardened road at 100 m, a well at 200 m), but for overrides. */
  const village = (i: number, props: Record<string, unknown> = {}, base: { road?: boolean; water?: boolean } = {}) => {
    const p: Record<string, unknown> = {
      code: code(i), name: `出列${i}村`, townshipCode: i >= 21 ? TOWN2 : TOWN, households: 250, population: 1000,
      poorHouseholds: 3, poorPopulation: 10, isPoorVillage: true, plannedExitYear: 2030,
      hasElectricity: true, hasBroadband: true, hasClinic: true, hasCulturalRoom: true, ...props,
    }
    for (const key of Object.keys(p)) if (p[key] === undefined) delete p[key]
    villages.push(feature(p, point(lonOf(i))))
    if (base.road ?? true) road(i, 100)
    if (base.water ?? true) well(i, 200)
  }
  village(1, { poorPopulation: 19 }) // 1.9 %: passes
  village(2, { poorPopulation: 20 }) // exactly 2 %: must be below, fails
  village(3, {}, { road: false }); road(3, 499)
  village(4, {}, { road: false }); road(4, 501)
  village(5, {}, { road: false }); road(5, 100, { status: 'under_construction' })
  village(6, {}, { road: false }); road(6, 100, { actualEnd: '2019-06-30' })
  village(7, {}, { water: false }); well(7, 250, { serviceRadiusM: 300 })
  village(8, {}, { water: false }); well(8, 350, { serviceRadiusM: 300 })
  water.push(feature({ code: 'EX-IRR-8', kind: 'irrigation_channel', status: 'completed', townshipCode: TOWN }, meridian(east(8, 50))))
  village(9, {}, { water: false }); water.push(feature({ code: 'EX-PIPE-9', kind: 'pipeline', status: 'completed', townshipCode: TOWN }, meridian(east(9, 450))))
  village(10, {}, { water: false }); water.push(feature({ code: 'EX-PIPE-10', kind: 'pipeline', status: 'completed', townshipCode: TOWN }, meridian(east(10, 550))))
  village(11, { hasClinic: false }); clinic(11, 2900)
  village(12, { hasClinic: false }); clinic(12, 3100)
  village(13, { hasClinic: undefined })
  village(14, { hasClinic: undefined }); clinic(14, 1000)
  village(15, { hasBroadband: undefined, hasCulturalRoom: undefined })
  village(16, { households: 0, population: 0, poorHouseholds: 0, poorPopulation: 0 })
  village(17, { poorHouseholds: undefined, poorPopulation: undefined })
  village(18, { isPoorVillage: false, plannedExitYear: undefined })
  village(19, { exitYear: 2018, plannedExitYear: 2018, poorPopulation: 5 })
  village(20, { plannedExitYear: 2019 }, { road: false })
  village(21, { exitYear: 2017, plannedExitYear: 2017 })
  village(22, { isPoorVillage: undefined, plannedExitYear: undefined })
  return { villages, roads, water, facilities }
}

async function importLayer(layer: string, features: Feature[]) {
  const res = await request(h.app, 'POST', `/api/layers/${layer}/import`, collection(...features))
  expect(res.status, res.text).toBe(200)
}

/** The app's own stack (database, authentication, one error handler) around exitRoute(), for before it is mounted. */
function withExitRoute(base: App): App {
  const wrapper = new Hono<AppEnv>()
  wrapper.use('/api/exit/*', async (c, next) => {
    c.set('db', h.db)
    await next()
  }, authenticate)
  wrapper.route('/api/exit', exitRoute())
  wrapper.all('*', (c) => base.fetch(c.req.raw))
  wrapper.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error.code, error.message, error.details), error.status)
    return c.json(errorBody('internal', String(error)), 500)
  })
  return wrapper as unknown as App
}

const get = async (path: string, as?: Identity | null) => {
  const res = await request(app, 'GET', path, undefined, as === undefined ? {} : { as })
  expect(res.status, res.text).toBe(200)
  return res.json
}
const villagesOf = async (query: string) => get(`/api/exit/villages?${query}`)
const summaryOf = async (query: string) => get(`/api/exit/summary?${query}`)
const byCode = (rows: any[], i: number) => rows.find((r) => r.code === code(i))
const crit = (row: any, id: string) => row.criteria.find((c: any) => c.id === id)

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  const probe = await request(h.app, 'GET', '/api/exit/summary')
  app = probe.status === 404 ? withExitRoute(h.app) : h.app
  const square = (w: number, e: number) => ({
    type: 'Polygon' as const, coordinates: [[[w, -0.2], [e, -0.2], [e, 0.2], [w, 0.2], [w, -0.2]]],
  })
  await importLayer('regions', [
    feature({ code: COUNTY, name: '出列测试县', level: 'county', plannedExitYear: 2020 }, square(9.9, 12.3)),
    feature({ code: TOWN, name: '出列镇', level: 'township', parentCode: COUNTY, plannedExitYear: 2019 }, square(9.9, 12.05)),
    feature({ code: TOWN2, name: '早退乡', level: 'township', parentCode: COUNTY, exitYear: 2017 }, square(12.05, 12.3)),
  ])
  const f = fixture()
  await importLayer('villages', f.villages)
  await importLayer('roads', f.roads)
  await importLayer('water', f.water)
  await importLayer('facilities', f.facilities)
})

describe(`exit criteria per village (${BACKEND})`, () => {
  it('judges incidence strictly below the threshold', async () => {
    const rows = await villagesOf(`region=${COUNTY}&year=2019`)
    expect(rows).toHaveLength(22)
    expect(crit(byCode(rows, 1), 'incidence')).toMatchObject({ value: 0.019, threshold: 0.02, pass: true })
    expect(crit(byCode(rows, 2), 'incidence')).toMatchObject({ value: 0.02, threshold: 0.02, pass: false })
    expect(byCode(rows, 1).state).toBe('ready')
    expect(byCode(rows, 2).state).toBe('in_progress')
  })

  it('needs a hardened, complete road within 500 m (499 m passes, 501 m fails, under construction fails)', async () => {
    const rows = await villagesOf(`region=${COUNTY}&year=2019`)
    const near = crit(byCode(rows, 3), 'road')
    expect(near).toMatchObject({ threshold: 500, pass: true, feature: 'EX-RD-3' })
    expect(near.value).toBeCloseTo(499, 3)
    const far = crit(byCode(rows, 4), 'road')
    expect(far).toMatchObject({ pass: false, feature: 'EX-RD-4' })
    expect(far.value).toBeCloseTo(501, 3)
    const building = crit(byCode(rows, 5), 'road')
    expect(building.pass).toBe(false)
    expect(building.feature).not.toBe('EX-RD-5')
    expect(building.value).toBeGreaterThan(10_000) // the neighbours' roads, 0.1° away
  })

  it('counts a road finished on 2019-06-30 from the end of 2019, not in 2018', async () => {
    const in2018 = byCode(await villagesOf(`region=${COUNTY}&year=2018`), 6)
    expect(crit(in2018, 'road').pass).toBe(false)
    expect(in2018.state).toBe('in_progress')
    const in2019 = byCode(await villagesOf(`region=${COUNTY}&year=2019`), 6)
    expect(crit(in2019, 'road')).toMatchObject({ pass: true, feature: 'EX-RD-6' })
    expect(in2019.state).toBe('ready')
  })

  it('uses each water scheme’s own radius, the pipeline setting, the default, and ignores irrigation', async () => {
    const rows = await villagesOf(`region=${COUNTY}&year=2019`)
    const inside = crit(byCode(rows, 7), 'water')
    expect(inside).toMatchObject({ pass: true, threshold: 300, feature: 'EX-W-7' })
    expect(inside.value).toBeCloseTo(250, 3)
    const outside = crit(byCode(rows, 8), 'water')
    expect(outside).toMatchObject({ pass: false, threshold: 300, feature: 'EX-W-8' }) // not the channel at 50 m
    expect(outside.value).toBeCloseTo(350, 3)
    expect(crit(byCode(rows, 9), 'water')).toMatchObject({ pass: true, threshold: 500, feature: 'EX-PIPE-9' })
    expect(crit(byCode(rows, 10), 'water')).toMatchObject({ pass: false, threshold: 500, feature: 'EX-PIPE-10' })
    expect(crit(byCode(rows, 1), 'water')).toMatchObject({ pass: true, threshold: 1000 }) // default radius
  })

  it('takes hasClinic, else a clinic within 3000 m; unknown without one in reach', async () => {
    const rows = await villagesOf(`region=${COUNTY}&year=2019`)
    const c11 = crit(byCode(rows, 11), 'clinic')
    expect(c11).toMatchObject({ pass: true, threshold: 3000, feature: 'EX-CL-11' })
    expect(c11.value).toBeCloseTo(2900, 3)
    expect(crit(byCode(rows, 12), 'clinic')).toMatchObject({ pass: false, feature: 'EX-CL-12' })
    expect(crit(byCode(rows, 13), 'clinic').pass).toBeNull()
    expect(byCode(rows, 13).dataProblems).toEqual(['unknown_clinic'])
    expect(byCode(rows, 13).state).toBe('in_progress')
    expect(crit(byCode(rows, 14), 'clinic').pass).toBe(true)
    expect(byCode(rows, 14).dataProblems).toEqual([])
    expect(crit(byCode(rows, 1), 'clinic').pass).toBe(true) // hasClinic, no facility near
  })

  it('never passes an unknown boolean, and lists it as a data problem', async () => {
    const v = byCode(await villagesOf(`region=${COUNTY}&year=2019`), 15)
    expect(crit(v, 'broadband')).toMatchObject({ value: null, pass: null, threshold: null })
    expect(crit(v, 'cultural_room')).toMatchObject({ value: null, pass: null })
    expect(crit(v, 'electricity')).toMatchObject({ value: true, pass: true })
    expect(v.dataProblems).toEqual(['unknown_broadband', 'unknown_cultural_room'])
    expect(v.state).toBe('in_progress')
  })

  it('reports population 0 and an unknown poor population as data problems, without a crash', async () => {
    const rows = await villagesOf(`region=${COUNTY}&year=2019`)
    const empty = byCode(rows, 16)
    expect(crit(empty, 'incidence')).toMatchObject({ value: null, pass: null })
    expect(empty.dataProblems).toEqual(['population_zero'])
    expect(empty.state).toBe('in_progress')
    const unknown = byCode(rows, 17)
    expect(unknown.poorPopulation).toBeNull()
    expect(crit(unknown, 'incidence').pass).toBeNull()
    expect(unknown.dataProblems).toEqual(['unknown_poor_population'])
    expect(byCode(rows, 22)).toMatchObject({ state: 'not_poor', dataProblems: ['unknown_poor_village'] })
  })

  it('gives each village its state in the year asked', async () => {
    const states = async (year: number) =>
      Object.fromEntries((await villagesOf(`region=${COUNTY}&year=${year}`)).map((v: any) => [v.code.slice(-2), v.state]))
    const y2019 = await states(2019)
    expect(y2019).toMatchObject({ 18: 'not_poor', 19: 'exited', 20: 'behind', 21: 'exited' })
    const y2018 = await states(2018)
    expect(y2018).toMatchObject({ 19: 'exited', 20: 'in_progress', 21: 'exited' })
    const y2017 = await states(2017)
    expect(y2017).toMatchObject({ 19: 'ready', 21: 'exited' }) // 219 exits in 2018 and passes everything today
  })

  it('returns the documented shape with JSON numbers', async () => {
    const rows = await villagesOf(`region=${TOWN}&year=2019`)
    expect(rows).toHaveLength(20)
    const v = byCode(rows, 19)
    expect(Object.keys(v).sort()).toEqual(['code', 'criteria', 'dataProblems', 'exitYear', 'isPoorVillage', 'name', 'plannedExitYear',
      'poorPopulation', 'population', 'state', 'townshipCode', 'townshipName'].sort())
    expect(v).toMatchObject({ name: '出列19村', townshipCode: TOWN, townshipName: '出列镇', population: 1000, poorPopulation: 5,
      isPoorVillage: true, plannedExitYear: 2018, exitYear: 2018, state: 'exited', dataProblems: [] })
    expect(v.criteria.map((c: any) => c.id)).toEqual(['incidence', 'road', 'water', 'electricity', 'broadband', 'clinic', 'cultural_room'])
    for (const c of v.criteria) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'value', 'threshold', 'pass', 'note']))
    for (const id of ['incidence', 'road', 'water']) expect(typeof crit(v, id).value).toBe('number')
    expect(typeof crit(v, 'road').threshold).toBe('number')
  })

  it('follows the settings: threshold and list of criteria per county', async () => {
    await request(app, 'PUT', '/api/settings/exit.incidenceThreshold', { value: 0.025, scope: COUNTY })
    await request(app, 'PUT', '/api/settings/exit.criteria', { value: ['incidence', 'road', 'water', 'electricity', 'clinic'], scope: COUNTY })
    try {
      const rows = await villagesOf(`region=${COUNTY}&year=2019`)
      expect(crit(byCode(rows, 2), 'incidence')).toMatchObject({ threshold: 0.025, pass: true })
      expect(byCode(rows, 2).state).toBe('ready')
      expect(byCode(rows, 15).criteria.map((c: any) => c.id)).toEqual(['incidence', 'road', 'water', 'electricity', 'clinic'])
      expect(byCode(rows, 15)).toMatchObject({ state: 'ready', dataProblems: [] })
    } finally {
      await request(app, 'PUT', '/api/settings/exit.incidenceThreshold', { value: 0.02, scope: COUNTY })
      await request(app, 'PUT', '/api/settings/exit.criteria', { value: ['incidence', 'road', 'water', 'electricity', 'broadband', 'clinic', 'cultural_room'], scope: COUNTY })
    }
    expect(crit(byCode(await villagesOf(`region=${COUNTY}&year=2019`), 2), 'incidence').pass).toBe(false)
  })
})

describe(`exit summary, fixture county by hand (${BACKEND})`, () => {
  it('rolls up the county by township, as counted by hand for 2019', async () => {
    const s = await summaryOf(`region=${COUNTY}&year=2019`)
    expect(s).toMatchObject({ year: 2019, groupBy: 'township', scope: null })
    expect(s.notes.join(' ')).toMatch(/no yearly history/)
    const r = s.region
    expect(r).toMatchObject({
      code: COUNTY, name: '出列测试县', level: 'county', exitYear: null, plannedExitYear: 2020, checkedYear: 2020, villagesSupportExit: false,
      villages: 22, states: { not_poor: 2, exited: 2, ready: 7, behind: 1, in_progress: 10 },
      poorVillages: 20, exitedPoorVillages: 2, exitedShare: 0.1, population: 21000, poorPopulation: 214,
    })
    expect(r.incidence).toBeCloseTo(214 / 20000, 12) // village 217's population has no known poor count
    expect(r.villagesLate).toHaveLength(18)
    expect(r.failing).toEqual([{ id: 'road', villages: 3 }, { id: 'water', villages: 2 }, { id: 'incidence', villages: 1 }, { id: 'clinic', villages: 1 }])
    expect(r.dataProblems).toEqual(['population_zero', 'unknown_broadband', 'unknown_clinic', 'unknown_cultural_room', 'unknown_poor_population', 'unknown_poor_village']
      .map((id) => ({ id, villages: 1 })))
    const years = Object.fromEntries(r.byYear.map((y: any) => [y.year, y]))
    expect(r.byYear[0].year).toBe(2016)
    expect(r.byYear.at(-1).year).toBe(2030)
    expect(years[2017]).toEqual({ year: 2017, planned: 1, actual: 1, cumulativePlanned: 1, cumulativeActual: 1 })
    expect(years[2018]).toEqual({ year: 2018, planned: 1, actual: 1, cumulativePlanned: 2, cumulativeActual: 2 })
    expect(years[2019]).toEqual({ year: 2019, planned: 1, actual: 0, cumulativePlanned: 3, cumulativeActual: 2 })
    expect(years[2020]).toEqual({ year: 2020, planned: 0, actual: null, cumulativePlanned: 3, cumulativeActual: null })
    expect(years[2030]).toMatchObject({ planned: 17, cumulativePlanned: 20 })

    expect(s.groups.map((g: any) => g.code)).toEqual([TOWN, TOWN2])
    const [town, town2] = s.groups
    expect(town).toMatchObject({ name: '出列镇', level: 'township', plannedExitYear: 2019, villagesSupportExit: false, villages: 20,
      states: { not_poor: 1, exited: 1, ready: 7, behind: 1, in_progress: 10 } })
    expect(town2).toMatchObject({ name: '早退乡', exitYear: 2017, checkedYear: 2017, villagesSupportExit: true, villagesLate: [], villages: 2,
      states: { not_poor: 1, exited: 1, ready: 0, behind: 0, in_progress: 0 }, exitedShare: 1 })
    expect(typeof r.incidence).toBe('number')
  })

  it('shows 2018 as it stood then', async () => {
    const r = (await summaryOf(`region=${COUNTY}&year=2018`)).region
    expect(r.states).toEqual({ not_poor: 2, exited: 2, ready: 6, behind: 0, in_progress: 12 })
    expect(r.failing[0]).toEqual({ id: 'road', villages: 4 })
    expect(r.byYear.find((y: any) => y.year === 2019).actual).toBeNull()
  })

  it('groups a township by village, and the whole instance by county', async () => {
    const s = await summaryOf(`region=${TOWN2}&year=2019`)
    expect(s.groupBy).toBe('village')
    expect(s.groups.map((g: any) => g.code)).toEqual([code(21), code(22)])
    expect(s.groups[0]).toMatchObject({ level: 'village', exitYear: 2017, villagesSupportExit: null, states: { exited: 1 } })
    expect(s.region).toMatchObject({ code: TOWN2, villagesSupportExit: true })
    const all = await summaryOf('year=2019')
    expect(all.groupBy).toBe('county')
    expect(all.region.code).toBeNull()
    expect(all.groups.map((g: any) => g.code)).toEqual(['360729', COUNTY])
    const county = all.groups.find((g: any) => g.code === COUNTY)
    expect(county.states).toEqual({ not_poor: 2, exited: 2, ready: 7, behind: 1, in_progress: 10 })
    expect(all.region.villages).toBe(county.villages + all.groups[0].villages)
    const village = await summaryOf(`region=${code(19)}&year=2019`)
    expect(village.region).toMatchObject({ code: code(19), level: 'village', villages: 1, states: { exited: 1 } })
  })

  it('limits villages and groups to the caller’s region', async () => {
    await createUser(h.db, 'exit_viewer', 'viewer', TOWN2)
    const viewer = await login(h.app, 'exit_viewer')
    const list = await get(`/api/exit/villages?region=${COUNTY}&year=2019`, viewer)
    expect(list.map((v: any) => v.code)).toEqual([code(21), code(22)])
    expect((await get('/api/exit/villages?year=2019', viewer)).map((v: any) => v.code)).toEqual([code(21), code(22)])
    const own = await get('/api/exit/summary?year=2019', viewer)
    expect(own).toMatchObject({ scope: TOWN2, groupBy: 'village', region: { code: TOWN2, villages: 2 } })
    const county = await get(`/api/exit/summary?region=${COUNTY}&year=2019`, viewer)
    expect(county.groups.map((g: any) => g.code)).toEqual([TOWN2])
    expect(county.region.villages).toBe(2)
    expect(county.notes.join(' ')).toContain(TOWN2)
  })

  it('defaults to the current year in China', async () => {
    const s = await summaryOf(`region=${COUNTY}`)
    expect(s.year).toBe(currentYear())
    expect(currentYear(new Date('2020-12-31T16:30:00Z'))).toBe(2021) // 00:30 on 1 January in Beijing
  })
})

describe(`exit dashboard: the summary and its villages from one judgement (${BACKEND})`, () => {
  /** How often the villages' facts were gathered (exitFactsSql) while `run` ran. */
  async function factQueries(run: () => Promise<unknown>): Promise<number> {
    const dialect = new PgDialect()
    const spy = vi.spyOn(h.db, 'rows')
    try {
      await run()
      return spy.mock.calls.filter(([query]) => dialect.sqlToQuery(query).sql.includes('"waterCovers"')).length
    } finally {
      spy.mockRestore()
    }
  }

  it.each([`region=${COUNTY}&year=2019`, `region=${COUNTY}&year=2017`, `region=${TOWN}&year=2019`, 'region=360729&year=2018'])(
    'answers %s as /summary and /villages do', async (query) => {
      const [dashboard, summary, villages] = await Promise.all([
        get(`/api/exit/dashboard?${query}`), summaryOf(query), villagesOf(query),
      ])
      expect(Object.keys(dashboard).sort()).toEqual(['summary', 'villages'])
      expect(dashboard.summary).toEqual(summary)
      expect(dashboard.villages).toEqual(villages)
    })

  it('counts only the caller’s region, as the two routes do', async () => {
    await createUser(h.db, 'exit_dash_viewer', 'viewer', TOWN2)
    const viewer = await login(h.app, 'exit_dash_viewer')
    const dashboard = await get(`/api/exit/dashboard?region=${COUNTY}&year=2019`, viewer)
    expect(dashboard.summary).toEqual(await get(`/api/exit/summary?region=${COUNTY}&year=2019`, viewer))
    expect(dashboard.villages).toEqual(await get(`/api/exit/villages?region=${COUNTY}&year=2019`, viewer))
    expect(dashboard.villages.map((v: any) => v.code)).toEqual([code(21), code(22)])
    expect(dashboard.summary.notices.map((n: any) => n.code)).toEqual(['exit.year_state', 'exit.year_projects', 'exit.year_figures', 'exit.scope_only'])
  })

  it('gathers the county’s facts once, where the two routes gather them twice', async () => {
    expect(await factQueries(() => get(`/api/exit/dashboard?region=${COUNTY}&year=2019`))).toBe(1)
    expect(await factQueries(() => Promise.all([summaryOf(`region=${COUNTY}&year=2019`), villagesOf(`region=${COUNTY}&year=2019`)]))).toBe(2)
  })

  it('refuses a bad year or region and an anonymous caller as the two routes do', async () => {
    for (const [path, errorCode] of [['/api/exit/dashboard?year=1999', 'invalid_year'], ['/api/exit/dashboard?region=abc', 'invalid_region']]) {
      const res = await request(app, 'GET', path)
      expect(res.status, res.text).toBe(400)
      expect(res.json.error.code).toBe(errorCode)
    }
    expect((await request(app, 'GET', '/api/exit/dashboard', undefined, { as: null })).status).toBe(401)
  })
})

describe(`exit answers speak in codes (${BACKEND})`, () => {
  it('gives every criterion a note code whose English is the note', async () => {
    const rows = await villagesOf(`region=${COUNTY}&year=2019`)
    const codes = new Set<string>()
    for (const v of rows) {
      for (const c of v.criteria) {
        expect(c.noteMsg.code, c.id).toMatch(/^exit\./)
        expect(english(c.noteMsg)).toBe(c.note)
        codes.add(c.noteMsg.code)
      }
    }
    expect(crit(byCode(rows, 3), 'road').noteMsg).toEqual({ code: 'exit.road_distance', params: {} })
    expect(crit(byCode(rows, 16), 'incidence').noteMsg).toEqual({ code: 'exit.incidence_population_zero', params: {} })
    expect(crit(byCode(rows, 13), 'clinic').noteMsg).toEqual({ code: 'exit.clinic_unknown', params: {} })
    expect(crit(byCode(rows, 15), 'broadband').noteMsg).toEqual({ code: 'exit.broadband_unknown', params: {} })
    expect(codes.size).toBeGreaterThan(10)
  })

  it('says what the year means as notices, the notes being their English', async () => {
    const s = await summaryOf(`region=${COUNTY}&year=2019`)
    expect(s.notices).toEqual([
      { code: 'exit.year_state', params: { year: 2019 } },
      { code: 'exit.year_projects', params: { endDate: '2019-12-31' } },
      { code: 'exit.year_figures', params: {} },
    ])
    expect(s.notes).toEqual(s.notices.map(english))
  })
})

describe(`exit summary, sample county against its geojson (${BACKEND})`, () => {
  const sample = JSON.parse(readFileSync(new URL('../../geodata/quannan/villages.geojson', import.meta.url), 'utf8')).features
    .map((f: Feature) => f.properties as Record<string, any>)
  const regions = JSON.parse(readFileSync(new URL('../../geodata/quannan/regions.geojson', import.meta.url), 'utf8')).features
    .map((f: Feature) => f.properties as Record<string, any>)
  const poor = sample.filter((v: any) => v.isPoorVillage === true)

  it.each([2016, 2017, 2018, 2020])('counts exits, plans and states for %i', async (year) => {
    const s = await summaryOf(`region=360729&year=${year}`)
    const r = s.region
    const exited = poor.filter((v: any) => v.exitYear != null && v.exitYear <= year).length
    expect(r.villages).toBe(sample.length)
    expect(r.poorVillages).toBe(poor.length)
    expect(r.states.not_poor).toBe(sample.length - poor.length)
    expect(r.states.exited).toBe(exited)
    expect(r.states.ready + r.states.behind + r.states.in_progress).toBe(poor.length - exited)
    expect(r.exitedShare).toBeCloseTo(exited / poor.length, 12)
    expect(r.population).toBe(sample.reduce((s: number, v: any) => s + v.population, 0))
    expect(r.poorPopulation).toBe(sample.reduce((s: number, v: any) => s + (v.poorPopulation ?? 0), 0))
    const latest = Math.max(year, ...poor.map((v: any) => v.plannedExitYear ?? 0))
    expect(r.byYear.map((y: any) => y.year)).toEqual(Array.from({ length: latest - 2016 + 1 }, (_, i) => 2016 + i))
    for (const row of r.byYear) {
      expect(row.planned).toBe(poor.filter((v: any) => v.plannedExitYear === row.year).length)
      expect(row.actual).toBe(row.year <= year ? poor.filter((v: any) => v.exitYear === row.year).length : null)
    }
    // States agree with the village list, and behind means planned by the year.
    const list = await villagesOf(`region=360729&year=${year}`)
    for (const state of ['ready', 'behind', 'in_progress']) {
      expect(r.states[state]).toBe(list.filter((v: any) => v.state === state).length)
    }
    for (const v of list.filter((x: any) => x.state === 'behind')) expect(v.plannedExitYear).toBeLessThanOrEqual(year)
    // Townships of the regions layer, each with its own villages.
    const townships = regions.filter((x: any) => x.level === 'township')
    expect(s.groups.map((g: any) => g.code)).toEqual(townships.map((t: any) => t.code).sort())
    for (const g of s.groups) {
      expect(g.villages).toBe(sample.filter((v: any) => v.townshipCode === g.code).length)
      expect(g.states.exited).toBe(poor.filter((v: any) => v.townshipCode === g.code && v.exitYear != null && v.exitYear <= year).length)
    }
  })

  it('checks the county’s own exit year against its villages', async () => {
    const county = regions.find((x: any) => x.code === '360729')
    const s = await summaryOf('region=360729&year=2020')
    const late = poor.filter((v: any) => v.exitYear == null || v.exitYear > county.exitYear).map((v: any) => v.code).sort()
    expect(s.region).toMatchObject({ code: '360729', name: county.name, exitYear: county.exitYear, plannedExitYear: county.plannedExitYear })
    expect(s.region.villagesLate).toEqual(late)
    expect(s.region.villagesSupportExit).toBe(late.length === 0)
  })

  it('counts unknown attributes as the geojson has them', async () => {
    const r = (await summaryOf('region=360729')).region
    const problem = (id: string) => r.dataProblems.find((p: any) => p.id === id)?.villages ?? 0
    expect(problem('unknown_broadband')).toBe(sample.filter((v: any) => v.hasBroadband === undefined).length)
    expect(problem('unknown_cultural_room')).toBe(sample.filter((v: any) => v.hasCulturalRoom === undefined).length)
    expect(problem('unknown_clinic')).toBeLessThanOrEqual(sample.filter((v: any) => v.hasClinic === undefined).length)
  })

  it('agrees with the analysis routes on road distances and water coverage', async () => {
    const list = await villagesOf('region=360729')
    const nearest = (await request(app, 'GET', '/api/analysis/nearest?target=road_hardened&region=360729')).json
    const coverage = (await request(app, 'GET', '/api/analysis/coverage?target=water&region=360729')).json
    const uncovered = new Set(coverage.uncovered.map((u: any) => u.code))
    expect(list).toHaveLength(nearest.length)
    for (const v of list) {
      const road = crit(v, 'road')
      const n = nearest.find((x: any) => x.village === v.code)
      expect(road.value).toBeCloseTo(n.distanceM, 6)
      expect(road.pass).toBe(n.distanceM <= 500)
      expect(crit(v, 'water').pass).toBe(!uncovered.has(v.code))
    }
  })
})

describe(`exit bad input (${BACKEND})`, () => {
  it.each([
    ['/api/exit/villages?year=abc', 'invalid_year'],
    ['/api/exit/villages?year=1999', 'invalid_year'],
    ['/api/exit/summary?year=2101', 'invalid_year'],
    ['/api/exit/summary?year=2019.5', 'invalid_year'],
    ['/api/exit/summary?year=', 'invalid_year'],
    ['/api/exit/summary?year=%202019', 'invalid_year'],
    ['/api/exit/villages?region=110101', 'unknown_region'],
    ['/api/exit/summary?region=abc', 'invalid_region'],
    ['/api/exit/summary?region=360729&year=-2019', 'invalid_year'],
  ])('GET %s → 400 %s', async (path, errorCode) => {
    const res = await request(app, 'GET', path)
    expect(res.status, res.text).toBe(400)
    expect(res.json.error.code).toBe(errorCode)
  })

  it('needs an account', async () => {
    const res = await request(app, 'GET', '/api/exit/summary', undefined, { as: null })
    expect(res.status).toBe(401)
  })

  it('answers an empty region with zeros', async () => {
    await importLayer('regions', [feature({ code: '990002300', name: '空乡', level: 'township', parentCode: COUNTY },
      { type: 'Polygon', coordinates: [[[12.3, -0.2], [12.4, -0.2], [12.4, 0.2], [12.3, 0.2], [12.3, -0.2]]] })])
    const s = await summaryOf('region=990002300&year=2019')
    expect(s.region).toMatchObject({ villages: 0, poorVillages: 0, exitedShare: null, incidence: null, population: 0, failing: [], dataProblems: [] })
    expect(s.groups).toEqual([])
    expect(await villagesOf('region=990002300')).toEqual([])
  })
})

describe('exit rules as pure functions', () => {
  const rules: ExitRules = {
    county: COUNTY, criteria: ['incidence', 'road', 'water', 'electricity', 'broadband', 'clinic', 'cultural_room'],
    incidenceThreshold: 0.02, roadAccessM: 500, clinicWithinM: 3000, pointServiceRadiusM: 1000, pipelineServiceM: 500,
  }
  const facts = (overrides: Partial<VillageFacts> = {}): VillageFacts => ({
    code: '990002100299', name: 'x', townshipCode: TOWN, townshipName: null, households: 10, population: 100, poorPopulation: 1,
    isPoorVillage: true, plannedExitYear: 2020, exitYear: null, hasElectricity: true, hasBroadband: true, hasClinic: true,
    hasCulturalRoom: true, road: 'r', roadM: 500, water: 'w', waterM: 10, waterRadiusM: 1000, waterCovers: true, clinic: null, clinicM: null,
    ...overrides,
  })

  it('counts a road exactly at the limit as within reach', () => {
    expect(criterion('road', facts({ roadM: 500 }), rules).pass).toBe(true)
    expect(criterion('road', facts({ roadM: 500.001 }), rules).pass).toBe(false)
    expect(criterion('road', facts({ road: null, roadM: null }), rules)).toMatchObject({ pass: false, value: null })
  })

  it('never makes a village with data problems ready, and puts ready before behind', () => {
    const v = facts({ plannedExitYear: 2019 })
    const ok = rules.criteria.map((id) => criterion(id, v, rules))
    expect(villageState(v, ok, [], 2019)).toBe('ready')
    expect(villageState(v, ok, ['population_zero'], 2019)).toBe('behind')
    expect(villageState(v, ok, ['population_zero'], 2018)).toBe('in_progress')
    expect(villageState({ ...v, exitYear: 2019 }, ok, [], 2019)).toBe('exited')
    expect(villageState({ ...v, isPoorVillage: null }, ok, [], 2019)).toBe('not_poor')
  })

  it('treats an unknown criterion id as not known, never a pass', () => {
    const v = facts()
    const c = criterion('toilets', v, rules)
    expect(c.pass).toBeNull()
    expect(dataProblems(v, [c])).toEqual(['unsupported_toilets'])
  })

  it('charts from 2016 to the later of the year and the latest plan', () => {
    const rows = exitsByYear([{ isPoorVillage: true, plannedExitYear: 2022, exitYear: null } as any], 2019)
    expect(rows.map((r) => r.year)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022])
    expect(exitsByYear([], 2019).map((r) => r.year)).toEqual([2016, 2017, 2018, 2019])
  })

  it('parses the year strictly', () => {
    expect(parseYear('2019')).toBe(2019)
    expect(() => parseYear('1e3')).toThrow()
    expect(() => parseYear('02019')).toThrow()
  })
})
