import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import type { Feature, FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import { LAYERS } from '../../core/format/layers.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// OGC API – Features under /ogc: our own requests, and GDAL's OAPIF client (ogrinfo, ogr2ogr) against
// the app served over real HTTP on a free port, signed in with an API token as QGIS would be.

const run = promisify(execFile)
let h: Harness
let server: ServerType
let base: string
let token: string
let town: Identity
const TOWNSHIP = '360729100'
const dir = mkdtempSync(join(tmpdir(), 'fupin-ogc-'))
const sample = (layer: LayerName) => (readSampleLayer(layer) as FeatureCollection).features

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  const created = await request(h.app, 'POST', '/api/tokens', { name: 'QGIS' })
  expect(created.status).toBe(201)
  token = created.json.token
  await createUser(h.db, 'town_viewer', 'viewer', TOWNSHIP)
  town = await login(h.app, 'town_viewer')
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

const gdalEnv = () => ({ ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}`, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' })

describe(`OGC API – Features (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('links the landing page to the API definition, the conformance classes and the collections', async () => {
    const res = await request(h.app, 'GET', '/ogc', undefined, { as: { token } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const rels = Object.fromEntries(res.json.links.map((l: any) => [l.rel, l.href]))
    expect(rels).toMatchObject({ 'service-desc': 'http://localhost/ogc/api', conformance: 'http://localhost/ogc/conformance', data: 'http://localhost/ogc/collections' })
    const conformance = await request(h.app, 'GET', '/ogc/conformance', undefined, { as: { token } })
    expect(conformance.json.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core')
    const api = await request(h.app, 'GET', '/ogc/api', undefined, { as: { token } })
    expect(api.json.openapi).toMatch(/^3\.0/)
    expect(Object.keys(api.json.paths)).toContain('/collections/{collectionId}/items')
  })

  it('lists every layer as a collection with its extent', async () => {
    const res = await request(h.app, 'GET', '/ogc/collections')
    expect(res.json.collections.map((c: any) => c.id)).toEqual([...LAYERS])
    const villages = res.json.collections.find((c: any) => c.id === 'villages')
    const lons = sample('villages').map((f: any) => f.geometry.coordinates[0])
    expect(villages.extent.spatial.bbox[0][0]).toBeCloseTo(Math.min(...lons), 6)
    expect(villages.extent.spatial.bbox[0][2]).toBeCloseTo(Math.max(...lons), 6)
    const one = await request(h.app, 'GET', '/ogc/collections/roads')
    expect(one.json.links.find((l: any) => l.rel === 'items').href).toBe('http://localhost/ogc/collections/roads/items')
  })

  it('pages the items with numberMatched, numberReturned and next links to the last feature', async () => {
    const total = sample('villages').length
    const seen: string[] = []
    let next: string | undefined = '/ogc/collections/villages/items?limit=40'
    while (next) {
      const res = await request(h.app, 'GET', next.replace('http://localhost', ''))
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/geo+json')
      expect(res.json.numberMatched).toBe(total)
      expect(res.json.numberReturned).toBe(res.json.features.length)
      seen.push(...res.json.features.map((f: any) => f.id))
      next = res.json.links.find((l: any) => l.rel === 'next')?.href
    }
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    const exchange = await request(h.app, 'GET', '/api/layers/villages')
    const first = await request(h.app, 'GET', '/ogc/collections/villages/items?limit=1')
    const present = Object.fromEntries(Object.entries(first.json.features[0].properties).filter(([, v]) => v !== null))
    expect(present).toEqual(exchange.json.features[0].properties)
  })

  it('filters by bbox and reads one item by its code', async () => {
    const bbox = [114.5, 24.7, 114.6, 24.8]
    const inside = sample('villages').filter((f: any) => {
      const [x, y] = f.geometry.coordinates
      return x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3]
    })
    expect(inside.length).toBeGreaterThan(0)
    const res = await request(h.app, 'GET', `/ogc/collections/villages/items?bbox=${bbox.join(',')}&limit=1000`)
    expect(res.json.numberMatched).toBe(inside.length)
    const item = await request(h.app, 'GET', '/ogc/collections/villages/items/360729100001')
    expect(item.status).toBe(200)
    expect(item.json).toMatchObject({ type: 'Feature', id: '360729100001', properties: { name: '桃江社区', population: 2991 } })
    expect((await request(h.app, 'GET', '/ogc/collections/villages/items/999999999999')).status).toBe(404)
    expect((await request(h.app, 'GET', '/ogc/collections/towns')).status).toBe(404)
  })

  it('keeps a township account to its villages', async () => {
    const mine = sample('villages').filter((f) => f.properties!.townshipCode === TOWNSHIP)
    const res = await request(h.app, 'GET', '/ogc/collections/villages/items?limit=1000', undefined, { as: town })
    expect(res.json.numberMatched).toBe(mine.length)
    const other = sample('villages').find((f) => f.properties!.townshipCode !== TOWNSHIP)!
    expect((await request(h.app, 'GET', `/ogc/collections/villages/items/${other.properties!.code}`, undefined, { as: town })).status).toBe(404)
  })

  it('refuses a bad bbox, limit or offset with the error body, callers without an account, and non-JSON', async () => {
    for (const [query, code] of [['bbox=1,2,3', 'invalid_bbox'], ['bbox=10,50,5,60', 'invalid_bbox'], ['limit=0', 'invalid_limit'], ['limit=abc', 'invalid_limit'], ['offset=-1', 'invalid_offset'], ['bbox-crs=EPSG:4490', 'unsupported_bbox_crs']]) {
      const res = await request(h.app, 'GET', `/ogc/collections/villages/items?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.json.error.code, query).toBe(code)
      expect(res.json.error.details.msg.code, query).toMatch(/^export\./)
    }
    expect((await request(h.app, 'GET', '/ogc/collections', undefined, { as: null })).status).toBe(401)
    expect((await request(h.app, 'GET', '/ogc/collections', undefined, { as: { token: 'fpt_wrong' } })).status).toBe(401)
    expect((await request(h.app, 'GET', '/ogc/collections', undefined, { headers: { accept: 'text/html' } })).status).toBe(406)
    const geo = await request(h.app, 'GET', '/ogc/collections/villages/items?limit=1', undefined, { headers: { accept: 'application/geo+json' } })
    expect(geo.status).toBe(200)
  })

  it('is read by GDAL: the layer list and every feature count', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', `OAPIF:${base}/ogc`], { env: gdalEnv(), maxBuffer: 32 * 1024 * 1024 })
    const layers = [...stdout.matchAll(/^Layer name: (\S+)/gm)].map((m) => m[1])
    expect(layers.sort()).toEqual([...LAYERS].sort())
    const counts = Object.fromEntries([...stdout.matchAll(/^Layer name: (\S+)[\s\S]*?^Feature Count: (\d+)/gm)].map((m) => [m[1], Number(m[2])]))
    for (const layer of LAYERS) expect(counts[layer], layer).toBe(sample(layer).length)
  })

  it('is copied by ogr2ogr into GeoJSON equal to our own export', async () => {
    for (const layer of ['villages', 'roads'] as const) {
      const out = join(dir, `${layer}.geojson`)
      // GDAL types fields by its first page (10 features by default): with pages of 1000 a field whose
      // first values are null (exitYear) is typed by its values, not as text.
      await run('ogr2ogr', ['-f', 'GeoJSON', '-oo', 'PAGE_SIZE=1000', out, `OAPIF:${base}/ogc/collections/${layer}`], { env: gdalEnv() })
      const copied = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection
      const ours = (await request(h.app, 'GET', `/api/layers/${layer}/export?format=geojson`)).json as FeatureCollection
      expect(copied.features).toHaveLength(ours.features.length)
      const byCode = new Map(copied.features.map((f) => [f.properties!.code, f]))
      for (const f of ours.features as Feature[]) {
        const got = byCode.get(f.properties!.code)!
        expect(got, String(f.properties!.code)).toBeDefined()
        // GDAL gives every feature every field of its layer (null where missing) and the id as a field.
        const props = Object.fromEntries(Object.entries(got.properties!).filter(([k, v]) => v !== null && k !== 'id'))
        expect(props).toEqual(f.properties)
        expect(got.geometry).toEqual(f.geometry)
      }
    }
  })
})
