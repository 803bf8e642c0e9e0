import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import { analyzeAfterWrite, analyzeNeverAnalysed } from '../../db/statistics.ts'
import type { FeatureCollection } from 'geojson'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness
const sampleCount = (layer: string) => (readSampleLayer(layer as never) as FeatureCollection).features.length

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
})

const estimate = async (table: string) =>
  (await h.db.rows<{ n: number }>(sql`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = ${table} AND relnamespace = 'public'::regnamespace`))[0].n
const count = async (table: string) =>
  (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0].n
const columnsWithStats = async (table: string) =>
  (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = ${table}`))[0].n

describe(`planner statistics after bulk writes (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('an import leaves statistics of the tables it wrote: the planner knows their rows', async () => {
    // The sample county was loaded through the import path into emptied tables (TRUNCATE forgets the statistics).
    for (const layer of ['villages', 'roads', 'water', 'facilities', 'sites', 'regions', 'hazards']) {
      expect(await estimate(layer), layer).toBe(sampleCount(layer))
      expect(await columnsWithStats(layer), layer).toBeGreaterThan(5)
    }
    expect(await estimate('project_log')).toBeGreaterThan(0)
    expect(await estimate('audit_log')).toBeGreaterThan(0)
    const [plan] = await h.db.rows<Record<string, unknown>>(sql`EXPLAIN (FORMAT JSON) SELECT * FROM villages`)
    const root = (Object.values(plan)[0] as any)[0].Plan
    expect(root['Plan Rows']).toBe(sampleCount('villages'))
  })

  it('every import, even of one feature, renews the statistics of the tables it wrote, in its transaction', async () => {
    const villages = readSampleLayer('villages') as FeatureCollection
    const roads = readSampleLayer('roads') as FeatureCollection
    const one = villages.features[0]
    await h.db.rows(sql`DELETE FROM villages WHERE code = ${one.properties!.code}`)
    await h.db.rows(sql`ANALYZE villages`)
    await h.db.rows(sql`ANALYZE audit_log`)
    await h.db.rows(sql`ANALYZE project_log`)
    expect(await estimate('villages')).toBe(villages.features.length - 1)
    const auditBefore = await count('audit_log')
    expect(await estimate('audit_log')).toBe(auditBefore)

    // One village back into 93: far below autovacuum's scale, analysed all the same (the layer and the audit trail).
    expect((await request(h.app, 'POST', '/api/layers/villages/import', { ...villages, features: [one] })).status).toBe(200)
    expect(await estimate('villages')).toBe(villages.features.length)
    expect(await count('audit_log')).toBe(auditBefore + 1)
    expect(await estimate('audit_log')).toBe(auditBefore + 1)

    // One new road: the layer, the audit trail and the progress log it wrote an entry to.
    const road = roads.features.find((f) => f.geometry)!
    const logBefore = await count('project_log')
    const added = { ...road, properties: { ...road.properties, code: `${road.properties!.code}-S1` } }
    expect((await request(h.app, 'POST', '/api/layers/roads/import', { ...roads, features: [added] })).status).toBe(200)
    expect(await estimate('roads')).toBe(roads.features.length + 1)
    expect(await count('project_log')).toBe(logBefore + 1)
    expect(await estimate('project_log')).toBe(logBefore + 1)
    expect(await estimate('audit_log')).toBe(auditBefore + 2)
    // The village facts it refreshed: analysed too (the import measured the facts of the road's villages).
    expect(await estimate('village_facts')).toBe(await count('village_facts'))
  })

  it('other small writes keep the threshold rule: a write of a tenth of a table, or 1,000 rows, analyses it', async () => {
    await h.db.rows(sql`ANALYZE villages`)
    const n = await count('villages')
    await h.db.rows(sql`DELETE FROM villages WHERE code = (SELECT max(code) FROM villages)`)
    expect(await analyzeAfterWrite(h.db, ['villages'], 1)).toEqual([])
    expect(await estimate('villages')).toBe(n)
    expect(await analyzeAfterWrite(h.db, ['villages'], Math.ceil(n / 10))).toEqual(['villages'])
    expect(await estimate('villages')).toBe(n - 1)
  })

  it('tables never analysed are analysed on the embedded start (the same function runs on both backends)', async () => {
    await h.db.rows(sql`TRUNCATE hazards`)
    await h.db.rows(sql`INSERT INTO hazards (code, kind, geom) VALUES ('HZ-STAT-1', 'flood', ST_GeomFromText('POLYGON((114 24, 114.1 24, 114.1 24.1, 114 24))', 4326))`)
    expect(await estimate('hazards')).toBe(-1)
    const analysed = await analyzeNeverAnalysed(h.db)
    expect(analysed).toContain('hazards')
    expect(await estimate('hazards')).toBe(1)
    expect(await analyzeNeverAnalysed(h.db)).not.toContain('hazards')
  })
})

describe(`whole layers as GeoJSON are limited (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  beforeAll(async () => {
    await resetData(h.db)
    const res = await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value: 60, scope: '' })
    expect(res.status).toBe(200)
  })

  it('refuses a whole layer above the limit with 413 and a code pointing to bbox, region or tiles', async () => {
    const res = await request(h.app, 'GET', '/api/layers/villages')
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('layer_too_large')
    expect(res.json.error.details.msg).toEqual({ code: 'errors.layer_too_large', params: { layer: 'villages', limit: 60, setting: 'layers.maxGeoJsonFeatures' } })
    expect(res.json.error.details.parameters).toEqual(['bbox', 'region'])
  })

  it('answers a layer at or under the limit, and any layer by region or bbox', async () => {
    expect(sampleCount('sites')).toBeLessThanOrEqual(60)
    const sites = await request(h.app, 'GET', '/api/layers/sites')
    expect(sites.status).toBe(200)
    expect(sites.json.features).toHaveLength(sampleCount('sites'))
    const byRegion = await request(h.app, 'GET', '/api/layers/villages?region=360729')
    expect(byRegion.status).toBe(200)
    expect(byRegion.json.features).toHaveLength(sampleCount('villages'))
    const byBbox = await request(h.app, 'GET', '/api/layers/facilities?bbox=114,24,115,25.5')
    expect(byBbox.status).toBe(200)
    expect(byBbox.json.features).toHaveLength(sampleCount('facilities'))
  })

  it('counts exactly up to the limit: a layer of exactly the limit is answered', async () => {
    const villages = sampleCount('villages')
    expect((await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value: villages, scope: '' })).status).toBe(200)
    expect((await request(h.app, 'GET', '/api/layers/villages')).status).toBe(200)
    expect((await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value: villages - 1, scope: '' })).status).toBe(200)
    expect((await request(h.app, 'GET', '/api/layers/villages')).status).toBe(413)
  })
})

describe(`the county outlines above the county (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  beforeAll(async () => {
    await resetData(h.db)
  })

  it('answers the regions of one level when the whole layer is over the limit, simplified for display if asked', async () => {
    const [{ all, counties }] = await h.db.rows<{ all: number; counties: number }>(sql`
      SELECT count(*)::int AS all, (count(*) FILTER (WHERE level = 'county'))::int AS counties FROM regions`)
    expect(counties).toBeGreaterThan(0)
    expect(all).toBeGreaterThan(counties)
    expect((await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value: counties, scope: '' })).status).toBe(200)
    try {
      expect((await request(h.app, 'GET', '/api/layers/regions')).status).toBe(413)
      const outlines = await request(h.app, 'GET', '/api/layers/regions?level=county')
      expect(outlines.status).toBe(200)
      expect(outlines.json.features.map((f: any) => f.properties.level)).toEqual(Array(counties).fill('county'))

      // Simplified to at most 500 m: fewer vertices, every one of them within 500 m of the stored outline.
      const simplified = await request(h.app, 'GET', '/api/layers/regions?level=township&region=360729&simplify=500')
      expect(simplified.status).toBe(200)
      const [stored] = await h.db.rows<{ points: number }>(sql`SELECT sum(ST_NPoints(geom))::int AS points FROM regions WHERE level = 'township'`)
      const points = simplified.json.features.reduce((n: number, f: any) => n + f.geometry.coordinates.flat(2).length, 0)
      expect(points).toBeLessThan(stored.points)
      const [{ farthest }] = await h.db.rows<{ farthest: number }>(sql`
        SELECT max(ST_HausdorffDistance(r.geom, ST_GeomFromGeoJSON(f->>'geometry'))) AS farthest
        FROM jsonb_array_elements(${JSON.stringify(simplified.json.features.map((f: any) => ({ code: f.properties.code, geometry: JSON.stringify(f.geometry) })))}::jsonb) f
        JOIN regions r ON r.code = f->>'code'`)
      expect(farthest * 111_320).toBeLessThanOrEqual(500 * 1.01)
    } finally {
      await request(h.app, 'PUT', '/api/settings/layers.maxGeoJsonFeatures', { value: 10_000, scope: '' })
    }
  })

  it('refuses a level on another layer, an unknown level and a simplification out of range with 400, naming the parameter', async () => {
    for (const [path, parameter] of [
      ['/api/layers/villages?level=county', 'level'], ['/api/layers/regions?level=planet', 'level'], ["/api/layers/regions?level=county'--", 'level'],
      ['/api/layers/regions?simplify=-1', 'simplify'], ['/api/layers/regions?simplify=20000', 'simplify'], ['/api/layers/regions?simplify=1e3', 'simplify'],
    ]) {
      const res = await request(h.app, 'GET', path)
      expect(res.status, path).toBe(400)
      expect(res.json.error.details.parameter, path).toBe(parameter)
    }
  })
})
