import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Feature, FeatureCollection } from 'geojson'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { unzipSync, strFromU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import { LAYER_SPECS, LAYERS } from '../../core/format/layers.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { SHAPEFILE_FIELD_NAMES } from '../../core/export/shapefile_fields.ts'
import { createUser, harness, login, ORIGIN, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Exports of every layer in every format, read back: our own parsers for GeoJSON, CSV and Excel, and
// GDAL (ogrinfo, ogr2ogr) for the zipped Shapefile and KML, so a file a county opens in QGIS or
// ArcGIS is checked by the reader they use.

let h: Harness
let town: Identity
const dir = mkdtempSync(join(tmpdir(), 'fupin-export-'))
const sample = (layer: LayerName) => (readSampleLayer(layer) as FeatureCollection).features
const TOWNSHIP = '360729100'

async function download(path: string, as: Identity = h.admin) {
  const headers: Record<string, string> = { origin: ORIGIN }
  if (as.cookie) headers.cookie = as.cookie
  if (as.token) headers.authorization = `Bearer ${as.token}`
  const res = await h.app.request(`${ORIGIN}${path}`, { headers })
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
}

function gdalGeoJson(file: string, layerName?: string): FeatureCollection {
  const out = join(dir, `gdal-${Math.random().toString(36).slice(2)}.geojson`)
  execFileSync('ogr2ogr', ['-f', 'GeoJSON', out, file, ...(layerName ? [layerName] : [])], { stdio: 'pipe' })
  return JSON.parse(readFileSync(out, 'utf8'))
}

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  await createUser(h.db, 'town_viewer', 'viewer', TOWNSHIP)
  town = await login(h.app, 'town_viewer')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe(`layer export (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each(LAYERS)('exports %s as GeoJSON equal to the layer read', async (layer) => {
    const { res, bytes } = await download(`/api/layers/${layer}/export?format=geojson`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/geo+json')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.geojson"; filename\*=UTF-8''%[0-9A-F]{2}/)
    const read = await request(h.app, 'GET', `/api/layers/${layer}`)
    expect(JSON.parse(strFromU8(bytes))).toEqual(read.json)
    expect(read.json.features).toHaveLength(sample(layer).length)
  })

  it('names the download in Chinese with the region and the day (RFC 5987)', async () => {
    const { res } = await download(`/api/layers/villages/export?format=csv&region=${TOWNSHIP}`)
    const header = res.headers.get('content-disposition')!
    const name = decodeURIComponent(header.split("filename*=UTF-8''")[1])
    expect(name).toMatch(new RegExp(`^行政村_${TOWNSHIP}_\\d{8}\\.csv$`))
  })

  it.each(LAYERS)('exports %s as CSV with a BOM, property names and lon/lat or WKT', async (layer) => {
    const { res, bytes } = await download(`/api/layers/${layer}/export?format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const parsed = Papa.parse<Record<string, string>>(strFromU8(bytes), { header: true, skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    const features = sample(layer)
    expect(parsed.data).toHaveLength(features.length)
    const pointsOnly = LAYER_SPECS[layer].geometry.every((g) => g === 'Point')
    expect(parsed.meta.fields).toEqual(expect.arrayContaining(['code', ...(pointsOnly ? ['lon', 'lat'] : ['wkt'])]))
    const first = [...features].sort((a, b) => String(a.properties!.code).localeCompare(String(b.properties!.code)))[0]
    const row = parsed.data.find((r) => r.code === first.properties!.code)!
    expect(row.name ?? '').toBe(first.properties!.name ?? '')
    if (pointsOnly && first.geometry?.type === 'Point') {
      expect(Number(row.lon)).toBeCloseTo(first.geometry.coordinates[0], 6)
      expect(Number(row.lat)).toBeCloseTo(first.geometry.coordinates[1], 6)
    }
  })

  it('writes village figures into the CSV as the database holds them', async () => {
    const { bytes } = await download('/api/layers/villages/export?format=csv')
    const rows = Papa.parse<Record<string, string>>(strFromU8(bytes), { header: true, skipEmptyLines: true }).data
    const v = rows.find((r) => r.code === '360729100001')!
    expect(v).toMatchObject({ name: '桃江社区', townshipCode: '360729100', households: '861', population: '2991', poorHouseholds: '3', isPoorVillage: 'false', hasClinic: 'true', relocation: 'none' })
    expect([Number(v.lon), Number(v.lat)]).toEqual([114.532398, 24.756037])
  })

  it.each(LAYERS)('exports %s as Excel with the Chinese headers of the exchange format', async (layer) => {
    const { res, bytes } = await download(`/api/layers/${layer}/export?format=xlsx`)
    expect(res.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(bytes) as never)
    const ws = workbook.worksheets[0]
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    const spec = LAYER_SPECS[layer]
    expect(header.slice(0, spec.properties.length)).toEqual(spec.properties.map((p) => p.alias ?? p.name))
    expect(ws.actualRowCount - 1).toBe(sample(layer).length)
  })

  it('writes a village into Excel with numbers as numbers and coordinates as 经度/纬度', async () => {
    const { bytes } = await download('/api/layers/villages/export?format=xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(bytes) as never)
    const ws = workbook.worksheets[0]
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[]
    expect(header.slice(-2)).toEqual(['经度', '纬度'])
    let found: Record<string, unknown> | undefined
    ws.eachRow((row, n) => {
      if (n === 1) return
      const values = (row.values as unknown[]).slice(1)
      const record = Object.fromEntries(header.map((h, i) => [h, values[i] ?? null]))
      if (record['村代码'] === '360729100001') found = record
    })
    expect(found).toMatchObject({ 村名: '桃江社区', 乡镇代码: '360729100', 总户数: 861, 总人口: 2991, 贫困户数: 3, 贫困村: false, 经度: 114.532398, 纬度: 24.756037 })
  })

  it.each(LAYERS)('exports %s as a zipped Shapefile that GDAL reads with CGCS2000 and UTF-8', async (layer) => {
    const { res, bytes } = await download(`/api/layers/${layer}/export?format=shp`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const entries = unzipSync(bytes)
    const shps = Object.keys(entries).filter((n) => n.endsWith('.shp'))
    expect(shps.length).toBeGreaterThan(0)
    for (const shp of shps) {
      const base = shp.slice(0, -4)
      for (const ext of ['shx', 'dbf', 'prj', 'cpg']) expect(entries[`${base}.${ext}`], `${base}.${ext}`).toBeDefined()
      expect(strFromU8(entries[`${base}.prj`])).toContain('AUTHORITY["EPSG","4490"]')
      expect(strFromU8(entries[`${base}.cpg`])).toBe('UTF-8')
    }
    expect(strFromU8(entries['fields.csv'])).toContain('twpCode,townshipCode,乡镇代码'.split(',')[0] === 'twpCode' && LAYER_SPECS[layer].properties.some((p) => p.name === 'townshipCode') ? 'twpCode,townshipCode,乡镇代码' : 'code,code,')
    const file = join(dir, `${layer}.zip`)
    writeFileSync(file, bytes)
    const info = execFileSync('ogrinfo', ['-ro', '-al', '-so', `/vsizip/${file}`], { encoding: 'utf8' })
    const counts = [...info.matchAll(/Feature Count: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0)
    expect(counts).toBe(sample(layer).length)
    expect(info).toMatch(/China Geodetic Coordinate System 2000|CGCS2000/)
    // Every feature comes back with its code, name (Chinese, through the .cpg) and geometry type.
    const back = shps.flatMap((shp) => gdalGeoJson(`/vsizip/${file}/${shp}`).features)
    const byCode = new Map(back.map((f) => [f.properties!.code, f]))
    for (const f of sample(layer)) {
      const got = byCode.get(f.properties!.code)!
      expect(got, f.properties!.code).toBeDefined()
      if (f.properties!.name) expect(got.properties!.name).toBe(f.properties!.name)
      expect(got.geometry?.type.replace('Multi', '') ?? null).toBe(f.geometry?.type.replace('Multi', '') ?? null)
    }
  })

  it('maps village properties to their 10-character fields with values intact', async () => {
    const { bytes } = await download('/api/layers/villages/export?format=shp')
    const file = join(dir, 'villages-values.zip')
    writeFileSync(file, bytes)
    const back = gdalGeoJson(`/vsizip/${file}/villages.shp`)
    const v = back.features.find((f) => f.properties!.code === '360729100001')!
    const f = (p: string) => v.properties![SHAPEFILE_FIELD_NAMES[p]]
    expect([f('name'), f('townshipCode'), f('households'), f('population'), f('poorHouseholds'), f('isPoorVillage'), f('hasClinic'), f('elevationM')])
      .toEqual(['桃江社区', '360729100', 861, 2991, 3, 'F', 'T', 200]) // dBase logicals, as GDAL 3.6 reads them
    expect((v.geometry as any).coordinates).toEqual([114.532398, 24.756037])
  })

  it('keeps roads as one record each and polygons closed with their area', async () => {
    const { bytes } = await download('/api/layers/roads/export?format=shp')
    const file = join(dir, 'roads-values.zip')
    writeFileSync(file, bytes)
    const back = gdalGeoJson(`/vsizip/${file}/roads.shp`)
    const placed = sample('roads').filter((f) => f.geometry)
    expect(back.features.filter((f) => f.geometry)).toHaveLength(placed.length)
    const road = placed[0]
    const got = back.features.find((f) => f.properties!.code === road.properties!.code)!
    expect((got.geometry as any).coordinates).toEqual((road.geometry as any).coordinates)
    const { bytes: hz } = await download('/api/layers/hazards/export?format=shp')
    writeFileSync(join(dir, 'hazards.zip'), hz)
    const hazards = gdalGeoJson(`/vsizip/${join(dir, 'hazards.zip')}/hazards.shp`)
    const first = sample('hazards')[0]
    const ring = (hazards.features.find((f) => f.properties!.code === first.properties!.code)!.geometry as any).coordinates[0]
    expect(ring).toHaveLength((first.geometry as any).coordinates[0].length)
    expect(new Set(ring.map((p: number[]) => p.join(',')))).toEqual(new Set((first.geometry as any).coordinates[0].map((p: number[]) => p.join(','))))
  })

  it.each(LAYERS)('exports %s as KML that GDAL reads, properties in ExtendedData', async (layer) => {
    const { res, bytes } = await download(`/api/layers/${layer}/export?format=kml`)
    expect(res.status).toBe(200)
    const file = join(dir, `${layer}.kml`)
    writeFileSync(file, bytes)
    const back = gdalGeoJson(file)
    const placed = sample(layer).filter((f) => f.geometry)
    expect(back.features).toHaveLength(placed.length)
    const first = placed[0]
    const got = back.features.find((f) => f.properties!.code === first.properties!.code)!
    expect(got, String(first.properties!.code)).toBeDefined()
    expect(got.properties!.Name ?? null).toBe(first.properties!.name ?? null)
  })

  it('filters by region and status, and keeps a township account to its villages', async () => {
    const ofTownship = sample('villages').filter((f) => f.properties!.townshipCode === TOWNSHIP)
    const { res } = await download(`/api/layers/villages/export?format=geojson&region=${TOWNSHIP}`)
    expect(Number(res.headers.get('x-feature-count'))).toBe(ofTownship.length)
    const status = (f: Feature) => f.properties!.status ?? 'completed'
    const wanted = sample('roads').filter((f) => ['completed', 'accepted'].includes(status(f)))
    const roads = await download('/api/layers/roads/export?format=csv&status=completed,accepted')
    const rows = Papa.parse<Record<string, string>>(strFromU8(roads.bytes), { header: true, skipEmptyLines: true }).data
    expect(rows.map((r) => r.code).sort()).toEqual(wanted.map((f) => f.properties!.code).sort())
    const mine = await download('/api/layers/villages/export?format=geojson', town)
    expect(mine.res.status).toBe(200)
    const codes = JSON.parse(strFromU8(mine.bytes)).features.map((f: Feature) => f.properties!.code)
    expect(codes.sort()).toEqual(ofTownship.map((f) => f.properties!.code).sort())
  })

  it('refuses an unknown format, layer or status, a status on a layer without one, and anonymous callers', async () => {
    const pdf = await request(h.app, 'GET', '/api/layers/villages/export?format=pdf')
    expect(pdf.status).toBe(400)
    expect(pdf.json.error).toMatchObject({ code: 'unknown_format', details: { parameter: 'format', msg: { code: 'export.unknown_format' } } })
    expect((await request(h.app, 'GET', '/api/layers/towns/export')).status).toBe(404)
    const onVillages = await request(h.app, 'GET', '/api/layers/villages/export?status=planned')
    expect(onVillages.status).toBe(400)
    expect(onVillages.json.error.code).toBe('status_not_project')
    const unknown = await request(h.app, 'GET', '/api/layers/roads/export?status=built')
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.code).toBe('unknown_status')
    expect((await request(h.app, 'GET', '/api/layers/roads/export?region=12')).status).toBe(400)
    expect((await request(h.app, 'GET', '/api/layers/roads/export', undefined, { as: null })).status).toBe(401)
  })

  it('re-imports its GeoJSON export without changing a feature', async () => {
    for (const layer of LAYERS) {
      const before = await download(`/api/layers/${layer}/export?format=geojson`)
      const body = strFromU8(before.bytes)
      const imported = await request(h.app, 'POST', `/api/layers/${layer}/import`, body)
      expect(imported.status, `${layer}: ${imported.text}`).toBe(200)
      expect(imported.json).toMatchObject({ inserted: 0, updated: sample(layer).length })
      const after = await download(`/api/layers/${layer}/export?format=geojson`)
      expect(JSON.parse(strFromU8(after.bytes))).toEqual(JSON.parse(body))
    }
  })
})
