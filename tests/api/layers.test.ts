import type { Feature, FeatureCollection, Point } from 'geojson'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import { LAYER_SPECS, LAYERS } from '../../core/format/layers.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { collection, fixtureRegions, fixtureVillages, FIXTURE_COUNTY, FIXTURE_TOWNSHIP, village } from './fixtures.ts'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness
const sample = (layer: LayerName) => readSampleLayer(layer) as FeatureCollection
const sampleVillages = () => sample('villages').features as Feature<Point>[]

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
})

describe(`layers API (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('reports health with the backend and PostGIS version', async () => {
    const res = await request(h.app, 'GET', '/api/health')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ status: 'ok', database: h.backend, postgis: expect.stringMatching(/^3\.\d+\.\d+/) })
  })

  it('holds every feature of the sample county', async () => {
    const res = await request(h.app, 'GET', '/api/layers')
    expect(res.status).toBe(200)
    for (const layer of LAYERS) {
      expect(res.json.find((r: any) => r.layer === layer).count, layer).toBe(sample(layer).features.length)
    }
  })

  it.each(LAYERS)('exports %s as imported, numbers as JSON numbers', async (layer) => {
    const res = await request(h.app, 'GET', `/api/layers/${layer}`)
    expect(res.status).toBe(200)
    expect(res.json.type).toBe('FeatureCollection')
    const byCode = new Map<string, Feature>(res.json.features.map((f: Feature) => [f.properties!.code, f]))
    const spec = LAYER_SPECS[layer]
    for (const input of sample(layer).features) {
      const output = byCode.get(input.properties!.code)!
      const expected = { ...input.properties }
      for (const p of spec.properties) if (expected[p.name] === undefined && p.default !== undefined) expected[p.name] = p.default
      if (layer === 'roads' && expected.lengthM === undefined && input.geometry) expect(typeof output.properties!.lengthM).toBe('number')
      expect(output.properties).toMatchObject(expected)
      for (const p of spec.properties.filter((q) => ['int', 'number', 'year'].includes(q.type))) {
        if (output.properties![p.name] !== undefined) expect(typeof output.properties![p.name], `${layer}.${p.name}`).toBe('number')
      }
      expect(output.geometry?.type ?? null).toBe(input.geometry?.type ?? null)
    }
  })

  it('returns one feature by code with its exact coordinates, and 404 for an unknown code or layer', async () => {
    const tianxin = sampleVillages().find((f) => f.properties!.name === '田心村')!
    const res = await request(h.app, 'GET', `/api/layers/villages/${tianxin.properties!.code}`)
    expect(res.status).toBe(200)
    expect(res.json.properties.name).toBe('田心村')
    expect(res.json.geometry.coordinates[0]).toBeCloseTo(tianxin.geometry.coordinates[0], 7)
    expect(res.json.geometry.coordinates[1]).toBeCloseTo(tianxin.geometry.coordinates[1], 7)
    const missing = await request(h.app, 'GET', '/api/layers/villages/360729999999')
    expect(missing.status).toBe(404)
    expect(missing.json.error).toMatchObject({ code: 'not_found' })
    expect((await request(h.app, 'GET', '/api/layers/rivers')).status).toBe(404)
    expect((await request(h.app, 'GET', '/api/layers/rivers/1')).status).toBe(404)
  })

  it('filters by bbox, counted against the file', async () => {
    const bbox = [114.4, 24.6, 114.6, 24.8]
    const expected = sampleVillages().filter(({ geometry: { coordinates: [x, y] } }) =>
      x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3]).length
    expect(expected).toBeGreaterThan(0)
    const res = await request(h.app, 'GET', `/api/layers/villages?bbox=${bbox.join(',')}`)
    expect(res.json.features).toHaveLength(expected)
  })

  it('refuses a bad bbox with 400', async () => {
    for (const bbox of ['1,2,3', 'a,b,c,d', '114,24,113,25', '114,24,200,25', '114,24,115,NaN', '', '1,2,3,4,5']) {
      const res = await request(h.app, 'GET', `/api/layers/villages?bbox=${encodeURIComponent(bbox)}`)
      expect(res.status, bbox).toBe(400)
      expect(res.json.error).toMatchObject({ code: 'invalid_bbox', details: { parameter: 'bbox' } })
    }
  })

  it('filters by region with the membership rule', async () => {
    const township = '360729100'
    const villages = await request(h.app, 'GET', `/api/layers/villages?region=${township}`)
    const expected = sampleVillages().filter((f) => f.properties!.townshipCode === township).length
    expect(villages.json.features).toHaveLength(expected)
    // Roads: by townshipCode; a county road without one (coded 360729-RD-…) belongs to the county by
    // its code's division digits, not to each township it crosses (GEODATA_FORMAT.md, membership).
    const roads = await request(h.app, 'GET', `/api/layers/roads?region=${township}`)
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM roads r WHERE r.township_code = ${township}`)
    expect(roads.json.features).toHaveLength(n)
    expect(n).toBeGreaterThan(0)
    const countyRoads = await request(h.app, 'GET', '/api/layers/roads?region=360729')
    expect(countyRoads.json.features).toHaveLength((await h.db.rows(sql`SELECT code FROM roads`)).length)
    // A feature with neither a townshipCode nor a division code belongs where its geometry lies.
    const [hz] = await h.db.rows<{ code: string }>(sql`SELECT code FROM hazards LIMIT 1`)
    expect(hz.code).toMatch(/^360729-/)
    const county = await request(h.app, 'GET', '/api/layers/villages?region=360729')
    expect(county.json.features).toHaveLength(sampleVillages().length)
  })

  it('refuses an unknown or malformed region with 400', async () => {
    const unknown = await request(h.app, 'GET', '/api/layers/villages?region=110101')
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.code).toBe('unknown_region')
    const malformed = await request(h.app, 'GET', `/api/layers/villages?region=${encodeURIComponent("3607' OR 1=1 --")}`)
    expect(malformed.status).toBe(400)
    expect(malformed.json.error.code).toBe('invalid_region')
  })

  it('lists counties with their extent', async () => {
    const res = await request(h.app, 'GET', '/api/counties')
    const quannan = res.json.find((c: any) => c.code === '360729')
    expect(quannan.name).toBe('全南县')
    const [w, s, e, n] = quannan.bbox
    expect(w).toBeLessThan(114.5)
    expect(e).toBeGreaterThan(114.5)
    expect(s).toBeLessThan(24.75)
    expect(n).toBeGreaterThan(24.75)
  })

  it('finds villages, townships and sites by name or code', async () => {
    const res = await request(h.app, 'GET', `/api/search?q=${encodeURIComponent('田心')}`)
    expect(res.status).toBe(200)
    expect(res.json[0]).toMatchObject({ layer: 'villages', name: '田心村', kind: 'village', townshipName: '城厢镇' })
    const town = await request(h.app, 'GET', `/api/search?q=${encodeURIComponent('南迳镇')}`)
    expect(town.json[0]).toMatchObject({ layer: 'regions', code: '360729104', kind: 'township' })
    const byCode = await request(h.app, 'GET', '/api/search?q=360729100')
    expect(byCode.json[0].code).toBe('360729100')
    expect((await request(h.app, 'GET', '/api/search?q=%25')).json).toEqual([])
    expect((await request(h.app, 'GET', '/api/search?q=x&limit=0')).status).toBe(400)
  })

  it('resolves settings by province: 2 % for Jiangxi, 3 % for Guizhou (western)', async () => {
    await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())
    const jiangxi = await request(h.app, 'GET', '/api/settings?region=360729')
    expect(jiangxi.json.find((s: any) => s.key === 'exit.incidenceThreshold')).toMatchObject({ value: 0.02, scope: '' })
    const guizhou = await request(h.app, 'GET', `/api/settings?region=${FIXTURE_COUNTY}`)
    expect(guizhou.json.find((s: any) => s.key === 'exit.incidenceThreshold')).toMatchObject({ value: 0.03, scope: '52' })
  })
})

describe(`importing a second county (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('imports beside the sample county and upserts by code', async () => {
    await resetData(h.db)
    const before = sampleVillages().length
    await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())
    const first = await request(h.app, 'POST', '/api/layers/villages/import', fixtureVillages())
    expect(first.json).toEqual({ inserted: 2, updated: 0, warnings: [] })
    const all = await request(h.app, 'GET', '/api/layers/villages')
    expect(all.json.features).toHaveLength(before + 2)
    const again = await request(h.app, 'POST', '/api/layers/villages/import', fixtureVillages())
    expect(again.json).toMatchObject({ inserted: 0, updated: 2 })
    const mine = await request(h.app, 'GET', `/api/layers/villages?region=${FIXTURE_COUNTY}`)
    expect(mine.json.features).toHaveLength(2)
  })

  it('replaces properties wholesale and keeps unknown ones', async () => {
    await request(h.app, 'POST', '/api/layers/villages/import', collection(village('201', { 帮扶单位: '县水利局', hasClinic: true })))
    await request(h.app, 'POST', '/api/layers/villages/import', collection(village('201', { poorPopulation: undefined, 备注: '2019年核查' })))
    const res = await request(h.app, 'GET', `/api/layers/villages/${FIXTURE_TOWNSHIP}201`)
    expect(res.json.properties.备注).toBe('2019年核查')
    expect(res.json.properties).not.toHaveProperty('帮扶单位')
    expect(res.json.properties).not.toHaveProperty('hasClinic')
    expect(res.json.properties).not.toHaveProperty('poorPopulation')
  })

  it('records a progress-log entry for each changed project, none for an unchanged one', async () => {
    const road = (status: string, progressPct: number) => ({
      type: 'Feature',
      properties: { code: 'QB-RD-1', roadClass: 'village', surface: 'hardened', status, progressPct, townshipCode: FIXTURE_TOWNSHIP },
      geometry: { type: 'LineString', coordinates: [[107.0, 27.5], [107.01, 27.5]] },
    })
    const count = async () => (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM project_log WHERE code = 'QB-RD-1'`))[0].n
    await request(h.app, 'POST', '/api/layers/roads/import', collection(road('under_construction', 40) as never))
    expect(await count()).toBe(1)
    await request(h.app, 'POST', '/api/layers/roads/import', collection(road('under_construction', 40) as never))
    expect(await count()).toBe(1)
    await request(h.app, 'POST', '/api/layers/roads/import', collection(road('completed', 100) as never))
    expect(await count()).toBe(2)
    const [entry] = await h.db.rows<{ status: string; progress_pct: number }>(sql`
      SELECT status, progress_pct FROM project_log WHERE code = 'QB-RD-1' ORDER BY id DESC LIMIT 1`)
    expect(entry).toEqual({ status: 'completed', progress_pct: 100 })
    // 0.01° of longitude at 27.5°N on the WGS84 spheroid: ≈ 988.0 m (computed length when none is given).
    const stored = await request(h.app, 'GET', '/api/layers/roads/QB-RD-1')
    expect(stored.json.properties.lengthM).toBeCloseTo(988.1, 0)
  })
})
