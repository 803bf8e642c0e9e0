import { sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collection, feature, fixtureRegions, FIXTURE_TOWNSHIP, square, village } from './fixtures.ts'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

// Every error case of the exchange format: a 4xx with the one error body naming the feature and
// property, and nothing written.

let h: Harness

async function snapshot() {
  const [row] = await h.db.rows<{ v: number; r: number; s: number; l: number; sum: number }>(sql`
    SELECT (SELECT count(*)::int FROM villages) AS v, (SELECT count(*)::int FROM regions) AS r,
           (SELECT count(*)::int FROM sites) AS s, (SELECT count(*)::int FROM project_log) AS l,
           (SELECT coalesce(sum(population), 0)::int FROM villages) AS sum`)
  return row
}

async function expectRefused(layer: string, body: unknown, status: number, code: string) {
  const before = await snapshot()
  const res = await request(h.app, 'POST', `/api/layers/${layer}/import`, body)
  expect(res.status, res.text).toBe(status)
  expect(res.json.error.code).toBe(code)
  expect(typeof res.json.error.message).toBe('string')
  expect(await snapshot()).toEqual(before)
  return res.json.error
}

async function expectRowError(layer: string, body: unknown, index: number, property: string, reason: string) {
  const error = await expectRefused(layer, body, 422, 'invalid_features')
  expect(error.details.errors).toContainEqual(expect.objectContaining({ index, property, reason }))
  return error
}

beforeAll(async () => {
  h = await harness()
})

beforeEach(async () => {
  await resetData(h.db, { sample: false })
  const res = await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())
  expect(res.status, res.text).toBe(200)
})

describe(`import errors (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('refuses malformed JSON, NaN literals and an empty body with 400', async () => {
    await expectRefused('villages', '{"type": "FeatureCollection", "features": [', 400, 'invalid_json')
    await expectRefused('villages', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[NaN,1]}}]}', 400, 'invalid_json')
    await expectRefused('villages', '', 400, 'empty_body')
    await expectRefused('villages', '   ', 400, 'empty_body')
  })

  it('refuses what is not a FeatureCollection, and an empty one', async () => {
    await expectRefused('villages', { type: 'Feature', properties: {}, geometry: null }, 400, 'invalid_geojson')
    await expectRefused('villages', [1, 2], 400, 'invalid_geojson')
    await expectRefused('villages', collection(), 400, 'empty_collection')
  })

  it('refuses a CRS other than EPSG:4326/4490 and accepts those two', async () => {
    const body = { ...collection(village('201')), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }
    const error = await expectRefused('villages', body, 400, 'unsupported_crs')
    expect(error.message).toContain('3857')
    for (const name of ['EPSG:4490', 'urn:ogc:def:crs:EPSG::4326', 'urn:ogc:def:crs:OGC:1.3:CRS84']) {
      const ok = await request(h.app, 'POST', '/api/layers/villages/import', { ...collection(village('201')), crs: { type: 'name', properties: { name } } })
      expect(ok.status, name).toBe(200)
    }
  })

  it('answers 404 for an unknown layer', async () => {
    const res = await request(h.app, 'POST', '/api/layers/rivers/import', collection(village('201')))
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('not_found')
  })

  it('names a missing required property, a wrong type and a wrong enum', async () => {
    await expectRowError('villages', collection(village('201'), village('202', { population: undefined })), 1, 'population', 'required')
    await expectRowError('villages', collection(village('201', { households: 'many' })), 0, 'households', 'wrong_type')
    await expectRowError('villages', collection(village('201', { households: 12.5 })), 0, 'households', 'wrong_type')
    await expectRowError('villages', collection(village('201', { relocation: 'everyone' })), 0, 'relocation', 'invalid_enum')
    await expectRowError('villages', collection(village('201', { isPoorVillage: 'yes' })), 0, 'isPoorVillage', 'wrong_type')
    await expectRowError('villages', collection(village('201', { exitYear: 1850 })), 0, 'exitYear', 'out_of_range')
  })

  it('checks the form of division codes', async () => {
    const wrongPrefix = feature({ ...village('201').properties, code: '520999101201' }, { type: 'Point', coordinates: [107, 27.5] })
    await expectRowError('villages', collection(wrongPrefix), 0, 'code', 'invalid_code')
    const short = feature({ ...village('201').properties, code: '52099910020' }, { type: 'Point', coordinates: [107, 27.5] })
    await expectRowError('villages', collection(short), 0, 'code', 'invalid_code')
    const township = feature({ code: '520998100', name: '外县镇', level: 'township', parentCode: '520999' }, square(107, 27.5, 0.01))
    await expectRowError('regions', collection(township), 0, 'code', 'invalid_code')
    await expectRowError('villages', collection(village('201', { townshipCode: '5209991' })), 0, 'townshipCode', 'invalid_code')
  })

  it('refuses duplicate codes, negative counts and poor counts above totals', async () => {
    const error = await expectRowError('villages', collection(village('201'), village('202'), village('201')), 2, 'code', 'duplicate_code')
    expect(error.details.errors[0].message).toContain('feature 0')
    await expectRowError('villages', collection(village('201', { households: -3 })), 0, 'households', 'negative')
    await expectRowError('villages', collection(village('201', { poorPopulation: 2000 })), 0, 'poorPopulation', 'exceeds_total')
    await expectRowError('villages', collection(village('201', { poorHouseholds: 301 })), 0, 'poorHouseholds', 'exceeds_total')
  })

  it('refuses wrong geometry types, out-of-range and swapped coordinates', async () => {
    const line = feature(village('201').properties!, { type: 'LineString', coordinates: [[107, 27.5], [107.1, 27.6]] })
    await expectRowError('villages', collection(line), 0, 'geometry', 'wrong_geometry_type')
    await expectRowError('villages', collection(village('201', {}, [190, 27.5])), 0, 'geometry', 'coordinates_out_of_range')
    const swapped = await expectRowError('villages', collection(village('201', {}, [27.5, 107.0])), 0, 'geometry', 'coordinates_swapped')
    expect(swapped.details.errors[0].message).toContain('[lat, lon]')
    await expectRowError('villages', collection(village('201', {}, ['107', 27.5] as never)), 0, 'geometry', 'invalid_coordinates')
    await expectRowError('villages', collection(feature(village('201').properties!, null)), 0, 'geometry', 'missing_geometry')
  })

  it('refuses unclosed and self-intersecting polygons', async () => {
    const unclosed = feature({ code: 'HZ-1', kind: 'landslide' }, { type: 'Polygon', coordinates: [[[107, 27.5], [107.01, 27.5], [107.01, 27.51], [107, 27.51]]] })
    await expectRowError('hazards', collection(unclosed), 0, 'geometry', 'unclosed_ring')
    const bowtie = feature({ code: 'HZ-2', kind: 'flood' }, { type: 'Polygon', coordinates: [[[107, 27.5], [107.01, 27.51], [107.01, 27.5], [107, 27.51], [107, 27.5]]] })
    const error = await expectRowError('hazards', collection(feature({ code: 'HZ-0', kind: 'flood' }, square(107, 27.5, 0.01)), bowtie), 1, 'geometry', 'invalid_geometry')
    expect(error.details.errors[0].message).toMatch(/Self-intersection/i)
    expect(error.details.errors[0].code).toBe('HZ-2')
  })

  it('writes nothing when one row of many is bad', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => village(String(201 + i)))
    rows.push(village('299', { population: -1 }))
    await expectRowError('villages', collection(...rows), 20, 'population', 'negative')
  })

  it('refuses injection strings as codes and stores names verbatim', async () => {
    await expectRowError('villages', collection(village('201', { townshipCode: "520999100'; DROP TABLE villages; --" })), 0, 'townshipCode', 'wrong_type')
    const name = `<script>alert('x')</script>'; DROP TABLE villages; --`
    const res = await request(h.app, 'POST', '/api/layers/villages/import', collection(village('201', { name })))
    expect(res.status).toBe(200)
    const back = await request(h.app, 'GET', `/api/layers/villages/${FIXTURE_TOWNSHIP}201`)
    expect(back.json.properties.name).toBe(name)
  })

  it('allows a null geometry only for planned or approved projects', async () => {
    const planned = feature({ code: 'RD-P', roadClass: 'village', surface: 'hardened', status: 'planned', townshipCode: FIXTURE_TOWNSHIP }, null)
    expect((await request(h.app, 'POST', '/api/layers/roads/import', collection(planned))).status).toBe(200)
    const built = feature({ code: 'RD-C', roadClass: 'village', surface: 'hardened', townshipCode: FIXTURE_TOWNSHIP }, null)
    await expectRowError('roads', collection(built), 0, 'geometry', 'missing_geometry')
  })

  it('refuses project dates out of order and spending above the budget', async () => {
    const road = (p: Record<string, unknown>) => feature({ code: 'RD-1', roadClass: 'village', surface: 'gravel', ...p }, { type: 'LineString', coordinates: [[107, 27.5], [107.01, 27.5]] })
    await expectRowError('roads', collection(road({ actualStart: '2019-05-01', actualEnd: '2019-04-01' })), 0, 'actualEnd', 'end_before_start')
    await expectRowError('roads', collection(road({ plannedStart: '2019-02-30' })), 0, 'plannedStart', 'wrong_type')
    await expectRowError('roads', collection(road({ budgetCny: 100, spentCny: 200 })), 0, 'spentCny', 'exceeds_total')
    await expectRowError('roads', collection(road({ progressPct: 120 })), 0, 'progressPct', 'out_of_range')
  })

  it('refuses a body over the size limit with 413', async () => {
    await h.db.rows(sql`UPDATE settings SET value = '2048'::jsonb WHERE key = 'import.maxBodyBytes' AND scope = ''`)
    const rows = Array.from({ length: 40 }, (_, i) => village(String(201 + i)))
    const error = await expectRefused('villages', collection(...rows), 413, 'body_too_large')
    expect(error.message).toContain('2048')
  })

  it('warns about unknown references and far-away features but imports', async () => {
    const res = await request(h.app, 'POST', '/api/layers/villages/import', collection(
      village('201', { relocationSiteCode: 'NO-SUCH-SITE' }),
      village('202', {}, [108.5, 27.5]),
    ))
    expect(res.status, res.text).toBe(200)
    expect(res.json.inserted).toBe(2)
    expect(res.json.warnings).toContainEqual(expect.objectContaining({ index: 0, property: 'relocationSiteCode', reason: 'unknown_reference' }))
    const far = res.json.warnings.find((w: any) => w.reason === 'far_from_township')
    expect(far).toMatchObject({ index: 1, property: 'geometry' })
    // 108.5°E is 1.4° of longitude east of the township square's edge at 107.1°E: about 138 km at 27.5°N.
    expect(far.message).toMatch(/13[0-9]\.\d km/)
    const orphan = await request(h.app, 'POST', '/api/layers/villages/import', collection(
      feature({ ...village('201').properties, code: '520999200201', townshipCode: '520999200' }, { type: 'Point', coordinates: [107, 27.5] })))
    expect(orphan.json.warnings).toContainEqual(expect.objectContaining({ property: 'townshipCode', reason: 'unknown_reference' }))
  })
})
