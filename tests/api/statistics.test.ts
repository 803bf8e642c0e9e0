import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import { analyzeNeverAnalysed } from '../../db/statistics.ts'
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

  it('a large import into a table renews its statistics; a small one into a large table does not', async () => {
    const villages = readSampleLayer('villages') as FeatureCollection
    await h.db.rows(sql`DELETE FROM villages WHERE code NOT IN (SELECT code FROM villages ORDER BY code LIMIT 40)`)
    await h.db.rows(sql`ANALYZE villages`)
    expect(await estimate('villages')).toBe(40)
    // 54 rows come back: more than a tenth of 40, so the import analyses.
    const back = { ...villages, features: villages.features.slice(40) }
    expect((await request(h.app, 'POST', '/api/layers/villages/import', back)).status).toBe(200)
    expect(await estimate('villages')).toBe(villages.features.length)
    // One row into 94 is less than a tenth: no ANALYZE (the estimate stays, although the row count changed).
    await h.db.rows(sql`DELETE FROM villages WHERE code = ${villages.features[0].properties!.code}`)
    expect((await request(h.app, 'POST', '/api/layers/villages/import', { ...villages, features: villages.features.slice(0, 1) })).status).toBe(200)
    expect(await estimate('villages')).toBe(villages.features.length)
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
