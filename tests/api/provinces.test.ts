import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_COUNTY, fixtureRegions, fixtureVillages } from './fixtures.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Above the county: a province (its two digits) and the whole instance as regions of the rollups,
// with the sample county (360729, Jiangxi 36) and the fixture county (520999, Guizhou 52) side by side.

let h: Harness
let countyViewer: Identity
const SAMPLE = '360729'

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  expect((await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())).status).toBe(200)
  expect((await request(h.app, 'POST', '/api/layers/villages/import', fixtureVillages())).status).toBe(200)
  await createUser(h.db, 'county_viewer', 'viewer', SAMPLE)
  countyViewer = await login(h.app, 'county_viewer')
})

const villagesIn = async (prefix: string) =>
  (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM villages WHERE code LIKE ${`${prefix}%`}`))[0].n

describe(`rollups above the county (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('rolls the exit up for a province, by county, named from the division table', async () => {
    const guizhou = await request(h.app, 'GET', '/api/exit/summary?region=52&year=2020')
    expect(guizhou.status).toBe(200)
    expect(guizhou.json.groupBy).toBe('county')
    expect(guizhou.json.region).toMatchObject({ code: '52', name: '贵州省', villages: 2 })
    expect(guizhou.json.groups.map((g: any) => [g.code, g.villages])).toEqual([[FIXTURE_COUNTY, 2]])

    const jiangxi = await request(h.app, 'GET', '/api/exit/summary?region=36&year=2020')
    const county = await request(h.app, 'GET', `/api/exit/summary?region=${SAMPLE}&year=2020`)
    expect(jiangxi.json.region.villages).toBe(await villagesIn('36'))
    // The same villages, the same figures; the county's own exit year is the county's, not the province's.
    const figures = ({ code: _a, name: _b, level: _c, exitYear: _d, plannedExitYear: _e, checkedYear: _f, villagesSupportExit: _g, villagesLate: _h, ...rest }: any) => rest
    expect(figures(jiangxi.json.region)).toEqual(figures(county.json.region))
    expect(jiangxi.json.region).toMatchObject({ code: '36', name: '江西省', exitYear: null, checkedYear: null })
    expect(jiangxi.json.groups.map((g: any) => g.code)).toEqual([SAMPLE])
    // The county's own exit check, counted from the stored judgement, is the county summary's (judged village by village).
    const check = ({ checkedYear, villagesSupportExit, villagesLate }: any) => ({ checkedYear, villagesSupportExit, villagesLate })
    expect(check(jiangxi.json.groups[0])).toEqual(check(county.json.region))
    expect(county.json.region.checkedYear).not.toBeNull()
  })

  it('rolls up the whole instance by county when no region is asked', async () => {
    const all = await request(h.app, 'GET', '/api/exit/dashboard?year=2020')
    expect(all.status).toBe(200)
    expect(all.json.summary.groupBy).toBe('county')
    expect(all.json.summary.region.villages).toBe(await villagesIn(''))
    expect(all.json.summary.groups.map((g: any) => g.code)).toEqual([SAMPLE, FIXTURE_COUNTY])
    expect(all.json.summary.groups.reduce((s: number, g: any) => s + g.villages, 0)).toBe(await villagesIn(''))
    expect(all.json.villages).toHaveLength(await villagesIn(''))
  })

  it('keeps a county account to its county inside a province or the instance', async () => {
    const other = await request(h.app, 'GET', '/api/exit/summary?region=52&year=2020', undefined, { as: countyViewer })
    expect(other.status).toBe(200)
    expect(other.json.region.villages).toBe(0)
    expect(other.json.groups).toEqual([])
    const own = await request(h.app, 'GET', '/api/exit/dashboard?region=36&year=2020', undefined, { as: countyViewer })
    expect(own.json.summary.region.villages).toBe(await villagesIn(SAMPLE))
    expect(own.json.villages.every((v: any) => v.code.startsWith(SAMPLE))).toBe(true)
    const counts = (await request(h.app, 'GET', '/api/layers?region=52', undefined, { as: countyViewer })).json
    expect(counts.find((c: any) => c.layer === 'villages').count).toBe(0)
  })

  it('counts and lists the layers of a province', async () => {
    const counts = (await request(h.app, 'GET', '/api/layers?region=52')).json
    expect(counts.find((c: any) => c.layer === 'villages').count).toBe(2)
    const villages = await request(h.app, 'GET', '/api/layers/villages?region=52')
    expect(villages.json.features.map((f: any) => f.properties.code).sort()).toEqual(fixtureVillages().features.map((f) => f.properties!.code).sort())
    const jiangxi = await request(h.app, 'GET', '/api/layers/villages?region=36')
    expect(jiangxi.json.features).toHaveLength(await villagesIn('36'))
  })

  it('refuses a province with no county in the instance, and two digits that are no province', async () => {
    for (const region of ['11', '99', '3', '360']) {
      const res = await request(h.app, 'GET', `/api/exit/summary?region=${region}`)
      expect(res.status, region).toBe(400)
      expect(['unknown_region', 'invalid_region']).toContain(res.json.error.code)
    }
    expect((await request(h.app, 'GET', '/api/exit/summary?region=11')).json.error.code).toBe('unknown_region')
    expect((await request(h.app, 'GET', '/api/exit/summary?region=99')).json.error.code).toBe('unknown_region')
    expect((await request(h.app, 'GET', '/api/exit/summary?region=360')).json.error.code).toBe('invalid_region')
    // Coverage and nearest take a province, not a malformed one.
    const coverage = await request(h.app, 'GET', '/api/analysis/coverage?target=clinic&region=360')
    expect(coverage.status).toBe(400)
    expect(coverage.json.error.details.msg.code).toBe('errors.invalid_region_or_province')
    // The build-out rollup takes a province (tests/api/buildout_above.test.ts), not a malformed one.
    expect((await request(h.app, 'GET', '/api/projects/summary?region=360')).status).toBe(400)
    expect((await request(h.app, 'GET', '/api/exit/summary?region=360')).json.error.details.msg.code).toBe('errors.invalid_region_or_province')
  })
  it('sends the villages judged one by one only up to the whole-layer limit; the summary is counted above it', async () => {
    const total = await villagesIn('36')
    expect((await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value: total - 1, scope: '' })).status).toBe(200)
    try {
      for (const path of ['/api/exit/villages?region=36', '/api/exit/dashboard?region=36', '/api/exit/dashboard']) {
        const refused = await request(h.app, 'GET', path)
        expect(refused.status, path).toBe(413)
        expect(refused.json.error).toMatchObject({ code: 'exit_villages_too_many', details: { limit: total - 1, parameters: ['region'] } })
      }
      const summary = await request(h.app, 'GET', '/api/exit/summary?region=36')
      expect(summary.status).toBe(200)
      expect(summary.json.region.villages).toBe(total)
      const township = await request(h.app, 'GET', `/api/exit/villages?region=${SAMPLE}100`)
      expect(township.status).toBe(200)
      expect(township.json).toHaveLength(await villagesIn(`${SAMPLE}100`))
    } finally {
      expect((await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value: 10_000, scope: '' })).status).toBe(200)
    }
  })

  it('measures coverage of a province: the villages of its counties, by township, within the reader\'s region', async () => {
    const province = await request(h.app, 'GET', '/api/analysis/coverage?target=clinic&region=36')
    const county = await request(h.app, 'GET', `/api/analysis/coverage?target=clinic&region=${SAMPLE}`)
    expect(province.status, province.text).toBe(200)
    expect(province.json.region).toBe('36')
    expect(province.json.total.villages).toBe(await villagesIn('36'))
    // Jiangxi holds the sample county only: the same figures and townships.
    expect(province.json.total).toEqual(county.json.total)
    expect(province.json.covered).toEqual(county.json.covered)
    expect(province.json.groups.map((g: any) => g.code)).toEqual(county.json.groups.map((g: any) => g.code))
    const guizhou = await request(h.app, 'GET', '/api/analysis/coverage?target=clinic&region=52', undefined, { as: countyViewer })
    expect(guizhou.status).toBe(200)
    expect(guizhou.json.total.villages).toBe(0)
    expect((await request(h.app, 'GET', '/api/analysis/coverage?target=clinic&region=11')).json.error.code).toBe('unknown_region')
  })
})
