import type { Feature, Point } from 'geojson'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { exitVillages } from '../../api/exit/facts.ts'
import { exitSummary } from '../../api/exit/summary.ts'
import { meetsAll } from '../../core/exit/criteria.ts'
import { factsSql, radiiOf } from '../../api/analysis/village_facts.ts'
import { resolveSettings } from '../../db/settings.ts'
import { coverage } from '../../api/analysis/coverage.ts'
import { nearestPerVillage, villagesIn } from '../../api/analysis/nearest.ts'
import { targetSource } from '../../api/analysis/targets.ts'
import { inRegion } from '../../api/layers/store.ts'
import { todayInChina } from '../../core/time/china.ts'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'
import { mulberry32 } from '../../core/siting/optimise/substitution.ts'

// The stored village facts against the live computation, after edits of every kind that can change
// them, chosen by a seeded PRNG: each check recomputes every village from scratch and compares.

let h: Harness

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
})

const COLUMNS = sql`village_code, county, road_code, road_m, water_code, water_m, water_radius_m, water_covers, clinic_code, clinic_m,
  school_code, school_m, township_seat_code, township_seat_m, site_code, site_m`

async function stored() {
  return h.db.rows(sql`SELECT ${COLUMNS} FROM village_facts ORDER BY village_code`)
}

/** Every village measured now, county by county with its settings. */
async function live() {
  const counties = await h.db.rows<{ county: string }>(sql`SELECT DISTINCT left(code, 6) AS county FROM villages ORDER BY county`)
  const rows: Record<string, unknown>[] = []
  for (const { county } of counties) {
    const radii = radiiOf(await resolveSettings(h.db, county))
    rows.push(...await h.db.rows(sql`SELECT ${COLUMNS} FROM (${factsSql(sql`t.code LIKE ${`${county}%`}`, radii)}) x ORDER BY village_code`))
  }
  return rows
}

async function expectFactsCurrent(step: string) {
  const [a, b] = [await stored(), await live()]
  expect(a.length, step).toBe(b.length)
  expect(a, step).toEqual(b)
  // The exit judgement from the stored facts is the judgement measured live.
  const year = Number(todayInChina().slice(0, 4))
  const fromFacts = await exitVillages(h.db, { year })
  const measured = await exitVillages(h.db, { year, live: true })
  expect(fromFacts.villages, step).toEqual(measured.villages)
  // The stored judgement is the judgement of the live measurement, village by village.
  const judged = await h.db.rows<{ code: string; meets: boolean; failing: string[]; problems: string[] }>(sql`
    SELECT village_code AS code, exit_meets AS meets, exit_failing AS failing, exit_problems AS problems FROM village_facts ORDER BY village_code`)
  expect(judged, step).toEqual(measured.villages.map((v) => ({
    code: v.code, meets: meetsAll(v.criteria, v.dataProblems), failing: v.criteria.filter((c) => c.pass === false).map((c) => c.id), problems: v.dataProblems,
  })))
  // The exit classes the triggers keep are the villages counted afresh.
  const classes = (from: SQL) => h.db.rows(sql`
    SELECT county_code, is_poor_village, planned_exit_year, exit_year, meets, failing, problems, villages, population,
      poor_population, known_population, poor_codes FROM (${from}) c
    ORDER BY county_code, is_poor_village, planned_exit_year, exit_year, meets, failing::text, problems::text`)
  expect(await classes(sql`SELECT * FROM exit_classes`), step).toEqual(await classes(sql`
    SELECT left(t.code, 6) AS county_code, t.is_poor_village, t.planned_exit_year, t.exit_year, f.exit_meets AS meets,
      f.exit_failing AS failing, f.exit_problems AS problems, count(*)::int AS villages, sum(t.population)::float8 AS population,
      coalesce(sum(t.poor_population), 0)::float8 AS poor_population,
      coalesce(sum(t.population) FILTER (WHERE t.poor_population IS NOT NULL), 0)::float8 AS known_population,
      CASE WHEN t.is_poor_village THEN array_agg(t.code ORDER BY t.code) END AS poor_codes
    FROM villages t LEFT JOIN village_facts f ON f.village_code = t.code GROUP BY 1, 2, 3, 4, 5, 6, 7`))
  // Above the county the rollup is counted in SQL from the stored judgement: equal to judging every village.
  for (const [region, y] of [[undefined, 2019], ['36', year]] as const) {
    {
      const counted = await exitSummary(h.db, { region, year: y })
      const byVillage = await exitSummary(h.db, { region, year: y, byVillage: true })
      // Counted from the stored judgement where the stored facts answer for the year (the current one), else judged village by village.
      if (y === year) expect(counted.villages, step).toEqual([])
      expect(counted.summary, `${step}: ${region ?? 'all'} ${y}`).toEqual(byVillage.summary)
    }
  }
  // Coverage of every stored class from the facts is the coverage measured live.
  const settings = await resolveSettings(h.db, '360729')
  const villages = villagesIn(inRegion('villages', '360729'))
  for (const [target, setting] of COVERAGE_CLASSES) {
    const res = await request(h.app, 'GET', `/api/analysis/coverage?target=${target}&region=360729`)
    expect(res.status, step).toBe(200)
    const withinM = setting ? settings[setting].value as number : null
    const source = targetSource(target, 'completed', radiiOf(settings))
    const measuredCoverage = await coverage(h.db, source, villages, withinM, 'township')
    const { total, covered, groups, uncovered } = res.json
    expect({ total, covered, groups, uncovered }, `${step}: coverage of ${target}`).toEqual(measuredCoverage)
  }
  // Nearest of every class the facts hold the nearest of, answered from them, is the nearest measured live.
  for (const target of NEAREST_CLASSES) {
    const res = await request(h.app, 'GET', `/api/analysis/nearest?target=${target}&region=360729`)
    expect(res.status, step).toBe(200)
    const measuredNearest = (await nearestPerVillage(h.db, targetSource(target, 'completed', radiiOf(settings)), villages))
      .map(({ radiusM: _, ...r }) => r)
    expect(res.json, `${step}: nearest ${target}`).toEqual(measuredNearest)
    expect(res.json.some((r: { target: string | null }) => r.target !== null), `${step}: nearest ${target}`).toBe(true)
  }
}

const NEAREST_CLASSES = ['road_hardened', 'clinic', 'school', 'township_seat', 'site'] as const

const COVERAGE_CLASSES = [
  ['road_hardened', 'exit.roadAccessM'], ['water', null], ['clinic', 'exit.clinicWithinM'], ['school', 'siting.maxSchoolM'],
  ['township_seat', 'siting.maxTownshipSeatM'], ['site', 'siting.catchmentRadiusM'],
] as const

/** The seeded generator of the optimiser, for edits that are the same on every run. */
const rng = mulberry32

const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features })
const ok = async (res: Promise<{ status: number; text: string }>, step: string) => {
  const r = await res
  expect(r.status, `${step}: ${r.text.slice(0, 300)}`).toBe(200)
}

describe(`precomputed village facts (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('hold one row per village after the sample county is loaded, equal to the live measurement', async () => {
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM villages`)
    expect((await stored()).length).toBe(n)
    await expectFactsCurrent('sample loaded')
    // Real values: some village has a hardened road within 500 m, some is farther than 1 km from any.
    const facts = await stored() as { road_m: number | null }[]
    expect(facts.some((f) => f.road_m !== null && f.road_m <= 500)).toBe(true)
    expect(facts.some((f) => f.road_m !== null && f.road_m > 1000)).toBe(true)
    // A province (two digits) is a region of nearest too: its villages, from the facts, as measured live.
    const province = await request(h.app, 'GET', '/api/analysis/nearest?target=road_hardened&region=36')
    expect(province.status).toBe(200)
    const radii = radiiOf(await resolveSettings(h.db, '36'))
    const measured = await nearestPerVillage(h.db, targetSource('road_hardened', 'completed', radii), villagesIn(inRegion('villages', '36')))
    expect(province.json).toEqual(measured.map(({ radiusM: _, ...r }) => r))
    expect(province.json.length).toBe(facts.filter((f) => (f as unknown as { village_code: string }).village_code.startsWith('36')).length)
  })

  it('stay equal to the live measurement after random edits of roads, water, facilities, sites, villages and a setting', async () => {
    const random = rng(15)
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]
    const near = ([lon, lat]: number[], spread: number) => [
      Math.round((lon + (random() - 0.5) * spread) * 1e6) / 1e6, Math.round((lat + (random() - 0.5) * spread) * 1e6) / 1e6]
    const villages = async () => (await request(h.app, 'GET', '/api/layers/villages?region=360729')).json.features as Feature<Point>[]
    const layer = async (name: string) => (await request(h.app, 'GET', `/api/layers/${name}?region=360729`)).json.features as Feature[]
    let n = 0
    const ops: Record<string, () => Promise<void>> = {
      'insert a hardened road': async () => {
        const at = pick(await villages()).geometry.coordinates
        await ok(request(h.app, 'POST', '/api/layers/roads/import', fc([{ type: 'Feature', geometry: { type: 'LineString', coordinates: [near(at, 0.01), near(at, 0.01)] },
          properties: { code: `360729-RD-F${++n}`, roadClass: 'village', surface: 'hardened', status: 'completed' } }])), 'insert road')
      },
      'move a road': async () => {
        const road = pick((await layer('roads')).filter((r) => r.geometry))
        const at = pick(await villages()).geometry.coordinates
        await ok(request(h.app, 'POST', '/api/layers/roads/import', fc([{ ...road, geometry: { type: 'LineString', coordinates: [near(at, 0.02), near(at, 0.02)] },
          properties: { ...road.properties, lengthM: undefined } }])), 'move road')
      },
      'delete a road': async () => {
        const road = pick(await layer('roads'))
        await ok(request(h.app, 'DELETE', `/api/layers/roads/${encodeURIComponent(road.properties!.code)}`), 'delete road')
      },
      'a road no longer complete (progress log)': async () => {
        const road = pick((await layer('roads')).filter((r) => r.geometry && r.properties!.status === 'completed' && r.properties!.surface === 'hardened'))
        const code = encodeURIComponent(road.properties!.code)
        const { version } = (await request(h.app, 'GET', `/api/projects/roads/${code}`)).json
        await ok(request(h.app, 'POST', `/api/projects/roads/${code}/progress`,
          { version, date: todayInChina(), status: 'under_construction', progressPct: 90, reason: '路面返修' }), 'road reopened')
      },
      'a road completed (progress log)': async () => {
        const open = async () => (await layer('roads')).filter((r) => r.geometry && r.properties!.status === 'under_construction' && r.properties!.surface === 'hardened')
        if (!(await open()).length) await ops['a road no longer complete (progress log)']()
        const road = pick(await open())
        const code = encodeURIComponent(road.properties!.code)
        const { version } = (await request(h.app, 'GET', `/api/projects/roads/${code}`)).json
        await ok(request(h.app, 'POST', `/api/projects/roads/${code}/progress`,
          { version, date: todayInChina(), status: 'completed', progressPct: 100 }), 'road completed')
      },
      'insert a water scheme': async () => {
        const at = pick(await villages()).geometry.coordinates
        await ok(request(h.app, 'POST', '/api/layers/water/import', fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: near(at, 0.03) },
          properties: { code: `360729-WS-F${++n}`, kind: 'well', status: 'completed', serviceRadiusM: pick([300, 1500, 2500]) } }])), 'insert water')
      },
      'delete a water scheme': async () => {
        const scheme = pick(await layer('water'))
        await ok(request(h.app, 'DELETE', `/api/layers/water/${encodeURIComponent(scheme.properties!.code)}`), 'delete water')
      },
      'insert a clinic, delete a school': async () => {
        const at = pick(await villages()).geometry.coordinates
        await ok(request(h.app, 'POST', '/api/layers/facilities/import', fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: near(at, 0.02) },
          properties: { code: `360729-FC-F${++n}`, name: `卫生室${n}`, kind: 'clinic' } }])), 'insert clinic')
        const school = pick((await layer('facilities')).filter((f) => f.properties!.kind === 'school'))
        await ok(request(h.app, 'DELETE', `/api/layers/facilities/${encodeURIComponent(school.properties!.code)}`), 'delete school')
      },
      'insert a selected site': async () => {
        const at = pick(await villages()).geometry.coordinates
        await ok(request(h.app, 'POST', '/api/layers/sites/import', fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: near(at, 0.02) },
          properties: { code: `360729100-ST-F${++n}`, name: `安置点${n}`, townshipCode: '360729100', decision: 'selected', status: 'completed' } }])), 'insert site')
      },
      'insert, move and delete villages': async () => {
        const all = await villages()
        const other = pick(all)
        await ok(request(h.app, 'POST', '/api/layers/villages/import', fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: near(other.geometry.coordinates, 0.02) },
          properties: { code: `${other.properties!.townshipCode}9${String(++n).padStart(2, '0')}`, name: `新村${n}`, townshipCode: other.properties!.townshipCode, households: 100, population: 400 } }])), 'insert village')
        const moved = pick(all)
        await ok(request(h.app, 'POST', '/api/layers/villages/import', fc([{ ...moved, geometry: { type: 'Point', coordinates: near(moved.geometry.coordinates, 0.03) } }])), 'move village')
        const gone = pick(all.filter((v) => v !== moved))
        await ok(request(h.app, 'DELETE', `/api/layers/villages/${gone.properties!.code}`), 'delete village')
      },
      'change a village’s figures and exit years': async () => {
        const v = pick(await villages())
        const p = v.properties!
        await ok(request(h.app, 'POST', '/api/layers/villages/import', fc([{ ...v, properties: {
          ...p, poorPopulation: pick([0, 5, 40, 300]), isPoorVillage: pick([true, false]), hasBroadband: pick([true, false]),
          plannedExitYear: pick([2018, 2019, 2020]), exitYear: pick([2019, 2021, undefined]),
        } }])), 'village figures')
      },
      'change an exit threshold and the criteria': async () => {
        await ok(request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: pick([200, 500, 1500]), scope: '360729' }), 'road setting')
        await ok(request(h.app, 'PUT', '/api/settings/exit.criteria', {
          value: pick([['incidence', 'road', 'water', 'electricity', 'broadband', 'clinic', 'cultural_room'], ['road', 'incidence'], ['water', 'clinic', 'broadband']]),
          scope: '',
        }), 'criteria setting')
      },
      'change a water radius setting': async () => {
        await ok(request(h.app, 'PUT', '/api/settings/water.pointServiceRadiusM', { value: pick([600, 1200, 2000]), scope: '360729' }), 'setting')
        await ok(request(h.app, 'PUT', '/api/settings/water.pipelineServiceM', { value: pick([300, 800]), scope: '' }), 'setting')
      },
    }
    const names = Object.keys(ops)
    // Every kind of edit once, then a random sequence.
    const sequence = [...names, ...Array.from({ length: 12 }, () => pick(names))]
    for (const [i, name] of sequence.entries()) {
      await ops[name]()
      await expectFactsCurrent(`step ${i}: ${name}`)
    }
  }, 300_000)

  it('the exit summary of the stored facts equals the one measured live, and coverage agrees with them', async () => {
    const res = await request(h.app, 'GET', '/api/exit/summary?region=360729')
    expect(res.status).toBe(200)
    const year = Number(todayInChina().slice(0, 4))
    const liveVillages = await exitVillages(h.db, { region: '360729', year, live: true })
    const ready = liveVillages.villages.filter((v) => v.state === 'ready').length
    expect(res.json.region.states.ready).toBe(ready)
    expect(res.json.region.villages).toBe(liveVillages.villages.length)
    const coverage = await request(h.app, 'GET', '/api/analysis/coverage?target=school&region=360729')
    expect(coverage.status).toBe(200)
    const limit = coverage.json.withinM as number
    const facts = await stored() as { village_code: string; school_m: number | null }[]
    const covered = facts.filter((f) => f.village_code.startsWith('360729') && f.school_m !== null && f.school_m <= limit).length
    expect(coverage.json.covered.villages).toBe(covered)
  })
})
