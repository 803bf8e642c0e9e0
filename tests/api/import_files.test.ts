import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { strToU8, zipSync } from 'fflate'
import { sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collection, feature, square } from './fixtures.ts'
import { createUser, harness, login, ORIGIN, request, resetData, uploadFile } from './harness.ts'
import type { Harness } from './harness.ts'

// Files as county offices have them (tests/fixtures/import, made by make.sh with GDAL and iconv;
// Excel ledgers made here with exceljs): each format imported, its values and positions checked
// against villages.geojson, and every kind of bad file refused with a 4xx and nothing written.

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'import')
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))
const SOURCE = JSON.parse(readFileSync(join(FIXTURES, 'villages.geojson'), 'utf8')) as {
  features: { properties: Record<string, string | number>; geometry: { coordinates: [number, number] } }[]
}
const COUNTY = '360799'
const TOWNSHIP = '360799100'

let h: Harness
const gdal = existsSync('/usr/bin/ogr2ogr') || (() => { try { execFileSync('ogr2ogr', ['--version']); return true } catch { return false } })()

const upload = (layer: string, name: string, bytes: Uint8Array, fields: Record<string, string> = {}, query = '') => uploadFile(h, layer, name, bytes, fields, query)

async function counts() {
  const [row] = await h.db.rows<{ v: number; a: number }>(sql`
    SELECT (SELECT count(*)::int FROM villages) AS v, (SELECT count(*)::int FROM audit_log) AS a`)
  return row
}

async function expectRefused(name: string, bytes: Uint8Array, status: number, code: string, fields: Record<string, string> = {}) {
  const before = await counts()
  const res = await upload('villages', name, bytes, fields)
  expect(res.status, res.text).toBe(status)
  expect(res.json.error.code).toBe(code)
  expect(res.json.error.details.msg.code).toMatch(/^(import|errors)\./)
  expect(await counts()).toEqual(before)
  return res.json.error
}

/** Metres between two lon/lat positions (small distances). */
function metres(a: number[], b: number[]): number {
  const dy = (a[1] - b[1]) * 110_574
  const dx = (a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180)
  return Math.hypot(dx, dy)
}

async function expectSourceVillages() {
  const res = await request(h.app, 'GET', `/api/layers/villages?region=${TOWNSHIP}`)
  expect(res.status, res.text).toBe(200)
  const byCode = new Map(res.json.features.map((f: any) => [f.properties.code, f]))
  expect(byCode.size).toBe(SOURCE.features.length)
  for (const s of SOURCE.features) {
    const got: any = byCode.get(String(s.properties['村代码']))
    expect(got, String(s.properties['村代码'])).toBeDefined()
    expect(got.properties.name).toBe(s.properties['村名'])
    expect(got.properties.townshipCode).toBe(TOWNSHIP)
    expect(got.properties.households).toBe(Number(s.properties['总户数']))
    expect(got.properties.population).toBe(Number(s.properties['总人口']))
    expect(got.properties.poorHouseholds).toBe(Number(s.properties['贫困户数']))
    expect(got.properties.poorPopulation).toBe(Number(s.properties['贫困人口']))
    expect(metres(got.geometry.coordinates, s.geometry.coordinates)).toBeLessThan(0.1)
  }
}

/** A village ledger as a county office keeps it: a merged title, a line of who filled it, Chinese headers with units, a totals row. */
async function ledger(options: { header?: boolean; badRow?: boolean } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('村级台账')
  sheet.addRow(['示范县村级基本情况台账(2024年)'])
  sheet.mergeCells('A1:I1')
  sheet.addRow(['填报单位:示范县乡村振兴局', null, null, null, null, '填报日期:2024年12月'])
  sheet.mergeCells('A2:E2')
  if (options.header ?? true) sheet.addRow(['村代码', '村名', '乡镇代码', '总户数(户)', '总人口(人)', '贫困户数', '贫困人口', '经度', '纬度'])
  else sheet.addRow(['编号', '名字', '地址', '户', '人'])
  SOURCE.features.forEach((f, i) => {
    const p = f.properties
    // Excel keeps a long code typed in as a number; the importer reads it back as the code.
    const code = i === 0 ? Number(p['村代码']) : String(p['村代码'])
    const poor = options.badRow && i === 2 ? 9999 : p['贫困人口']
    sheet.addRow([code, p['村名'], String(p['乡镇代码']), p['总户数'], p['总人口'], p['贫困户数'], poor, ...f.geometry.coordinates])
  })
  sheet.addRow(['合计', null, null, { formula: 'SUM(D4:D8)', result: 1162 }, { formula: 'SUM(E4:E8)', result: 4432 }])
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

beforeAll(async () => {
  h = await harness()
})

beforeEach(async () => {
  await resetData(h.db, { sample: false })
  const regions = collection(
    feature({ code: COUNTY, name: '示范县', level: 'county' }, square(114.5, 24.75, 0.3)),
    feature({ code: TOWNSHIP, name: '示范镇', level: 'township', parentCode: COUNTY }, square(114.5, 24.75, 0.25)),
  )
  const res = await request(h.app, 'POST', '/api/layers/regions/import', regions)
  expect(res.status, res.text).toBe(200)
})

describe(`import of files (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('reads an Excel ledger: header under the merged title, totals row skipped and reported, rows by their Excel number', async () => {
    const bytes = await ledger()
    const preview = await upload('villages', '台账.xlsx', bytes, {}, '?preview=1')
    expect(preview.status, preview.text).toBe(200)
    expect(preview.json).toMatchObject({ preview: true, format: 'xlsx', rowKind: 'row', count: 5, suggestedLayer: 'villages', errors: [] })
    expect(preview.json.first[0]).toMatchObject({ row: 4, properties: { code: '360799100201', name: '龙源坝村', households: 312 } })
    expect(preview.json.columns.slice(0, 4)).toEqual([
      { header: '村代码', property: 'code' }, { header: '村名', property: 'name' },
      { header: '乡镇代码', property: 'townshipCode' }, { header: '总户数(户)', property: 'households' },
    ])
    expect(preview.json.warnings).toContainEqual(expect.objectContaining({ reason: 'totals_row_skipped', row: 9 }))
    expect(preview.json.features.features).toHaveLength(5)
    expect(await counts()).toEqual({ v: 0, a: expect.any(Number) })

    const res = await upload('villages', '台账.xlsx', bytes)
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({ inserted: 5, updated: 0 })
    await expectSourceVillages()
  })

  it('passes over a summary sheet before the ledger', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('汇总').addRows([['乡镇', '村数', '总人口'], ['示范镇', 2, 80]])
    const sheet = workbook.addWorksheet('示范镇')
    sheet.addRows([['村代码', '村名', '乡镇代码', '总户数', '总人口', '经度', '纬度'],
      ['360799100201', '甲村', TOWNSHIP, 10, 40, 114.5, 24.75], ['360799100202', '乙村', TOWNSHIP, 10, 40, 114.6, 24.75]])
    const res = await upload('villages', 'ledger.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()), {}, '?preview=1')
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({ count: 2, errors: [] })
    expect(res.json.first.map((r: any) => r.row)).toEqual([2, 3])
  })

  it('names the Excel row of a bad row (poor population above population) and writes nothing', async () => {
    const bytes = await ledger({ badRow: true })
    const preview = await upload('villages', 'ledger.xlsx', bytes, {}, '?preview=1')
    expect(preview.status).toBe(200)
    expect(preview.json.errors).toEqual([expect.objectContaining({ row: 6, index: 2, property: 'poorPopulation', reason: 'exceeds_total' })])
    const error = await expectRefused('ledger.xlsx', bytes, 422, 'invalid_features')
    expect(error.details.errors).toEqual([expect.objectContaining({ row: 6, property: 'poorPopulation', reason: 'exceeds_total' })])
  })

  it('reports duplicate codes within a file and swapped longitude/latitude', async () => {
    const text = '村代码,村名,乡镇代码,总户数,总人口,经度,纬度\n' +
      '360799100201,甲村,360799100,10,40,114.5,24.7\n' +
      '360799100201,乙村,360799100,10,40,114.6,24.7\n' +
      '360799100203,丙村,360799100,10,40,24.7,114.5\n' +
      '360799100204,丁村,360799100,10,40,24.7,80.5\n'
    const res = await upload('villages', 'v.csv', strToU8(text), {}, '?preview=1')
    expect(res.status, res.text).toBe(200)
    expect(res.json.rowKind).toBe('line')
    expect(res.json.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, reason: 'duplicate_code', msg: { code: 'import.duplicate_code_row', params: { code: '360799100201', row: 2 } } }),
      expect.objectContaining({ row: 4, reason: 'coordinates_swapped' }),
      expect.objectContaining({ row: 5, reason: 'coordinates_swapped' }),
    ]))
    await expectRefused('v.csv', strToU8(text), 422, 'invalid_features')
  })

  it('reads a GBK CSV without a byte-order mark (detected), and UTF-8 with one', async () => {
    const res = await upload('villages', 'villages.csv', fixture('villages_gbk.csv'))
    expect(res.status, res.text).toBe(200)
    expect(res.json.inserted).toBe(5)
    expect(res.json.warnings).toContainEqual(expect.objectContaining({ reason: 'encoding_detected', msg: { code: 'import.encoding_detected', params: { encoding: 'GB18030' } } }))
    await expectSourceVillages()
    const utf8 = new TextDecoder('gb18030').decode(fixture('villages_gbk.csv'))
    const again = await upload('villages', 'villages.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(utf8)]))
    expect(again.status, again.text).toBe(200)
    expect(again.json).toMatchObject({ inserted: 0, updated: 5 })
    await expectSourceVillages()
    // Excel's "Unicode text": UTF-16LE with its mark, tab-separated.
    const tabbed = utf8.replace(/,/g, '\t').replace(/"/g, '')
    const utf16 = new Uint8Array(2 + tabbed.length * 2)
    utf16.set([0xff, 0xfe])
    for (let i = 0; i < tabbed.length; i++) { utf16[2 + 2 * i] = tabbed.charCodeAt(i) & 0xff; utf16[3 + 2 * i] = tabbed.charCodeAt(i) >> 8 }
    const unicode = await upload('villages', 'villages.txt', utf16, {}, '?preview=1')
    expect(unicode.status, unicode.text).toBe(200)
    expect(unicode.json).toMatchObject({ count: 5, encoding: 'utf-16le', errors: [] })
    expect(unicode.json.first[3].properties.name).toBe('黄埠·上屋村')
  })

  it('reads a zipped Shapefile in Gauss-Krüger zone 38 with the zone prefix (EPSG:4526), GBK without .cpg', async () => {
    const preview = await upload('villages', 'villages.zip', fixture('villages_gk38_gbk.zip'), {}, '?preview=1')
    expect(preview.status, preview.text).toBe(200)
    expect(preview.json).toMatchObject({ format: 'shapefile', crs: 'EPSG:4526', encoding: 'gb18030', count: 5, errors: [] })
    expect(preview.json.first[1].properties).toMatchObject({ name: '鹤仔村', code: '360799100202' })
    const res = await upload('villages', 'villages.zip', fixture('villages_gk38_gbk.zip'))
    expect(res.status, res.text).toBe(200)
    expect(res.json.inserted).toBe(5)
    expect(res.json.warnings).toContainEqual(expect.objectContaining({ reason: 'crs_transformed' }))
    await expectSourceVillages()
  })

  it('reads a Shapefile on CM 114°E without the prefix (EPSG:4547), UTF-8 by its .cpg, field names cut to 10 characters', async () => {
    const res = await upload('villages', 'cm114.zip', fixture('villages_cm114_utf8.zip'), {}, '?preview=1')
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({ crs: 'EPSG:4547', encoding: 'utf-8', errors: [] })
    expect(res.json.columns).toContainEqual({ header: 'townshipCo', property: 'townshipCode' })
    expect((await upload('villages', 'cm114.zip', fixture('villages_cm114_utf8.zip'))).status).toBe(200)
    await expectSourceVillages()
  })

  it('reads KML (ExtendedData) and KMZ', async () => {
    const kml = await upload('villages', 'villages.kml', fixture('villages.kml'))
    expect(kml.status, kml.text).toBe(200)
    expect(kml.json.inserted).toBe(5)
    await expectSourceVillages()
    const kmz = await upload('villages', 'villages.kmz', fixture('villages.kmz'), {}, '?preview=1')
    expect(kmz.status, kmz.text).toBe(200)
    expect(kmz.json).toMatchObject({ format: 'kmz', count: 5, errors: [] })
  })

  it('reads the table an Ovital (奥维) placemark carries in its description, and GCJ-02 when told', async () => {
    const [lon, lat] = [114.50012, 24.75003]
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>
      <name>鹤仔村</name><description><![CDATA[<table><tr><td>村代码</td><td>360799100202</td></tr><tr><td>乡镇代码</td><td>360799100</td></tr>
      <tr><td>总户数</td><td>208</td></tr><tr><td>总人口</td><td>799</td></tr></table>]]></description>
      <Point><coordinates>${lon},${lat},0</coordinates></Point></Placemark></Document></kml>`
    const plain = await upload('villages', 'ovital.kml', strToU8(kml), {}, '?preview=1')
    expect(plain.status, plain.text).toBe(200)
    expect(plain.json.errors).toEqual([])
    expect(plain.json.first[0].properties).toMatchObject({ name: '鹤仔村', code: '360799100202', households: 208, population: 799 })
    expect(plain.json.features.features[0].geometry.coordinates).toEqual([lon, lat])
    const gcj = await upload('villages', 'ovital.kml', strToU8(kml), { gcj02: '1' }, '?preview=1')
    const moved = gcj.json.features.features[0].geometry.coordinates
    // GCJ-02 lies some hundreds of metres off WGS84 in southern China.
    expect(metres(moved, [lon, lat])).toBeGreaterThan(100)
    expect(metres(moved, [lon, lat])).toBeLessThan(1000)
  })

  it('reads a GeoPackage in zone 38 (srs from gpkg_spatial_ref_sys)', async () => {
    const res = await upload('villages', 'villages.gpkg', fixture('villages_gk38.gpkg'))
    expect(res.status, res.text).toBe(200)
    expect(res.json.inserted).toBe(5)
    await expectSourceVillages()
  })

  it('takes a GeoJSON file upload, and a JSON body with ?preview=1 writes nothing', async () => {
    const geojson = {
      type: 'FeatureCollection',
      features: SOURCE.features.map((f) => ({ ...f, properties: { code: String(f.properties['村代码']), name: f.properties['村名'], townshipCode: TOWNSHIP, households: f.properties['总户数'], population: f.properties['总人口'], poorHouseholds: f.properties['贫困户数'], poorPopulation: f.properties['贫困人口'] } })),
    }
    const preview = await request(h.app, 'POST', '/api/layers/villages/import?preview=1', geojson)
    expect(preview.status, preview.text).toBe(200)
    expect(preview.json).toMatchObject({ preview: true, count: 5, errors: [] })
    expect((await counts()).v).toBe(0)
    const res = await upload('villages', 'v.geojson', strToU8(JSON.stringify(geojson)))
    expect(res.status, res.text).toBe(200)
    expect(res.json.inserted).toBe(5)
    await expectSourceVillages()
  })

  it('takes a table of Gauss-Krüger metres when the system is chosen, and says to choose it when not', async () => {
    // 石铺村 in zone 38 as ogr2ogr puts it (EPSG:4526, with the zone prefix).
    const text = '村代码,村名,乡镇代码,总户数,总人口,X,Y\n360799100205,石铺村,360799100,401,1533,38536354.1954989,2746285.02857292\n'
    const unchosen = await upload('villages', 'gk.csv', strToU8(text), {}, '?preview=1')
    expect(unchosen.status, unchosen.text).toBe(200)
    expect(unchosen.json.errors).toEqual([expect.objectContaining({ row: 2, msg: expect.objectContaining({ code: 'import.projected_coordinates' }) })])
    const chosen = await upload('villages', 'gk.csv', strToU8(text), { crs: 'EPSG:4526' })
    expect(chosen.status, chosen.text).toBe(200)
    const village = (await request(h.app, 'GET', '/api/layers/villages/360799100205')).json
    expect(metres(village.geometry.coordinates, [114.3596, 24.8211])).toBeLessThan(0.1)
  })

  it('warns of a feature far from its county', async () => {
    const text = '村代码,村名,乡镇代码,总户数,总人口,经度,纬度\n360799100201,甲村,360799100,10,40,116.5,24.7\n'
    const res = await upload('villages', 'v.csv', strToU8(text), {}, '?preview=1')
    expect(res.status, res.text).toBe(200)
    expect(res.json.warnings).toContainEqual(expect.objectContaining({ row: 2, reason: 'far_from_county' }))
  })

  it.skipIf(!gdal)('imports what ogr2ogr writes in each format (skipped without GDAL: ogr2ogr not installed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-ogr-'))
    const source = join(FIXTURES, 'villages.geojson')
    const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { cwd: dir, stdio: 'pipe' })
    try {
      ogr('-f', 'ESRI Shapefile', 'v.shp', source, '-t_srs', 'EPSG:4526', '-lco', 'ENCODING=CP936')
      const shp = Object.fromEntries(['shp', 'shx', 'dbf', 'prj', 'cpg'].filter((e) => existsSync(join(dir, `v.${e}`)))
        .map((e) => [`v.${e}`, new Uint8Array(readFileSync(join(dir, `v.${e}`)))]))
      ogr('-f', 'GPKG', 'v.gpkg', source, '-t_srs', 'EPSG:4490')
      ogr('-f', 'GeoJSON', 'v.geojson', source, '-t_srs', 'EPSG:4526', '-lco', 'COORDINATE_PRECISION=3')
      ogr('-f', 'KML', 'v.kml', source)
      ogr('-f', 'CSV', 'v.csv', source, '-lco', 'GEOMETRY=AS_WKT')
      ogr('-f', 'XLSX', 'v.xlsx', source, '-dialect', 'sqlite', '-sql', 'SELECT *, ST_X(geometry) AS "经度", ST_Y(geometry) AS "纬度" FROM villages')
      const files: [string, Uint8Array][] = [
        ['v.zip', zipSync(shp)],
        ...['v.gpkg', 'v.kml', 'v.csv', 'v.xlsx', 'v.geojson'].map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(join(dir, n)))]),
      ]
      for (const [name, bytes] of files) {
        await resetVillages()
        const res = await upload('villages', name, bytes)
        expect(res.status, `${name}: ${res.text}`).toBe(200)
        expect(res.json.inserted, name).toBe(5)
        await expectSourceVillages()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.skipIf(!gdal)('reads roads as lines from a Shapefile in zone 38, every vertex within 0.1 m, lengths computed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupin-ogr-'))
    try {
      const line = [[114.40011, 24.70022], [114.45037, 24.72051], [114.52003, 24.73999]]
      writeFileSync(join(dir, 'roads.geojson'), JSON.stringify(collection(
        feature({ 代码: `${COUNTY}-RD-001`, 名称: '龙源公路', 道路等级: 'county', 路面: 'hardened', 状态: 'completed' }, { type: 'LineString', coordinates: line }),
      )))
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', 'r.shp', 'roads.geojson', '-t_srs', 'EPSG:4526', '-lco', 'ENCODING=CP936'], { cwd: dir, stdio: 'pipe' })
      const parts = Object.fromEntries(['shp', 'shx', 'dbf', 'prj'].map((e) => [`r.${e}`, new Uint8Array(readFileSync(join(dir, `r.${e}`)))]))
      const res = await upload('roads', 'roads.zip', zipSync(parts))
      expect(res.status, res.text).toBe(200)
      const road = (await request(h.app, 'GET', `/api/layers/roads/${COUNTY}-RD-001`)).json
      expect(road.properties).toMatchObject({ name: '龙源公路', roadClass: 'county', surface: 'hardened' })
      road.geometry.coordinates.forEach((p: number[], i: number) => expect(metres(p, line[i])).toBeLessThan(0.1))
      // About 5.6 km + 7.3 km along the spheroid.
      expect(road.properties.lengthM).toBeGreaterThan(12_000)
      expect(road.properties.lengthM).toBeLessThan(14_000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('holds a township account to its township: rows outside it named by their Excel row in the preview, and refused', async () => {
    await request(h.app, 'POST', '/api/layers/regions/import', collection(
      feature({ code: '360799101', name: '邻镇', level: 'township', parentCode: COUNTY }, square(114.9, 24.9, 0.05)),
    ))
    await createUser(h.db, 'clerk', 'admin', TOWNSHIP)
    const clerk = await login(h.app, 'clerk')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('台账')
    sheet.addRow(['村代码', '村名', '乡镇代码', '总户数', '总人口', '经度', '纬度'])
    sheet.addRow(['360799100201', '本镇村', TOWNSHIP, 10, 40, 114.5, 24.75])
    sheet.addRow(['360799101201', '邻镇村', '360799101', 10, 40, 114.9, 24.9])
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
    const saved = h.admin
    h.admin = clerk
    try {
      const preview = await upload('villages', 'v.xlsx', bytes, {}, '?preview=1')
      expect(preview.status, preview.text).toBe(200)
      expect(preview.json.errors).toEqual([expect.objectContaining({ row: 3, reason: 'out_of_scope' })])
      const before = await counts()
      const res = await upload('villages', 'v.xlsx', bytes)
      expect(res.status, res.text).toBe(403)
      expect(res.json.error.details.errors).toEqual([expect.objectContaining({ row: 3, reason: 'out_of_scope' })])
      expect(await counts()).toEqual(before)
    } finally {
      h.admin = saved
    }
  })

  describe('bad files: a 4xx a clerk can act on, nothing written', () => {
    it('a zip bomb by its declared sizes and ratio, before unpacking', async () => {
      const bomb = zipSync({ 'v.shp': new Uint8Array(30_000_000), 'v.dbf': new Uint8Array(10), 'v.prj': strToU8('x') }, { level: 9 })
      await expectRefused('bomb.zip', bomb, 413, 'zip_ratio')
      const xlsx = await ledger()
      await h.db.rows(sql`INSERT INTO settings (scope, key, value) VALUES ('', 'import.maxUnpackedBytes', '2048'::jsonb)
        ON CONFLICT (scope, key) DO UPDATE SET value = EXCLUDED.value`)
      await expectRefused('ledger.xlsx', xlsx, 413, 'zip_too_large')
    })

    it('a file over import.maxBodyBytes', async () => {
      await h.db.rows(sql`INSERT INTO settings (scope, key, value) VALUES ('', 'import.maxBodyBytes', '1024'::jsonb)
        ON CONFLICT (scope, key) DO UPDATE SET value = EXCLUDED.value`)
      await expectRefused('villages.csv', new Uint8Array(4096).fill(65), 413, 'body_too_large')
    })

    it('content that does not match its extension, an empty file, an unknown extension, no file', async () => {
      await expectRefused('villages.csv', fixture('villages_gk38_gbk.zip'), 400, 'content_mismatch')
      await expectRefused('villages.xlsx', fixture('villages_gbk.csv'), 400, 'content_mismatch')
      await expectRefused('villages.gpkg', fixture('villages.kml'), 400, 'content_mismatch')
      await expectRefused('villages.kml', fixture('villages_gk38.gpkg'), 400, 'content_mismatch')
      await expectRefused('villages.geojson', fixture('villages_gbk.csv'), 400, 'content_mismatch')
      await expectRefused('villages.csv', new Uint8Array(0), 400, 'empty_file')
      await expectRefused('villages.geojson', strToU8('  \n'), 400, 'empty_file')
      await expectRefused('villages.dwg', strToU8('x'), 400, 'unsupported_format')
      const before = await counts()
      const form = new FormData()
      form.set('other', 'x')
      const res = await h.app.request(`${ORIGIN}/api/layers/villages/import`, { method: 'POST', body: form, headers: { cookie: h.admin.cookie!, origin: ORIGIN } })
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('no_file')
      expect(await counts()).toEqual(before)
    })

    it('a damaged file of each kind: 400, never a 500', async () => {
      const { unzipSync } = await import('fflate')
      const xlsx = await ledger()
      await expectRefused('ledger.xlsx', xlsx.slice(0, Math.floor(xlsx.length / 2)), 400, 'unreadable_file')
      const gpkg = fixture('villages_gk38.gpkg')
      const damaged = gpkg.slice()
      damaged.fill(0x41, 100, gpkg.length)
      const error = await expectRefused('villages.gpkg', damaged, 400, 'unreadable_file')
      expect(error.details.msg.params.format).toBe('GeoPackage')
      const parts = unzipSync(fixture('villages_gk38_gbk.zip'))
      await expectRefused('v.zip', zipSync({ ...parts, 'gk38.shp': parts['gk38.shp'].slice(0, 120) }), 400, 'unreadable_file')
      await expectRefused('v.kmz', zipSync({ 'doc.kml': strToU8('<kml><Document><Placemark><Point><coordinates>x</coordinates>') }), 400, 'unreadable_file')
      // A SQLite database that is not a GeoPackage.
      const SQL = await (await import('sql.js')).default()
      const plain = new SQL.Database()
      plain.run('CREATE TABLE t (a int)')
      await expectRefused('plain.gpkg', plain.export(), 400, 'gpkg_no_features')
    })

    it('a spreadsheet with no recognisable header, or a header and no rows', async () => {
      const error = await expectRefused('ledger.xlsx', await ledger({ header: false }), 400, 'no_header')
      expect(error.details.msg.params).toMatchObject({ sheet: '村级台账', example: ['村代码', '村名', '乡镇代码', '总户数', '总人口'] })
      await expectRefused('v.csv', strToU8('村代码,村名,乡镇代码\n'), 400, 'no_rows')
    })

    it('a Shapefile without its .dbf or .prj, an archive without one, a lone .shp', async () => {
      const { unzipSync } = await import('fflate')
      const parts = unzipSync(fixture('villages_gk38_gbk.zip'))
      const without = (ext: string) => zipSync(Object.fromEntries(Object.entries(parts).filter(([n]) => !n.endsWith(ext))))
      const dbf = await expectRefused('v.zip', without('.dbf'), 400, 'shapefile_part_missing')
      expect(dbf.details.msg.params).toEqual({ name: 'gk38', part: '.dbf' })
      const prj = await expectRefused('v.zip', without('.prj'), 400, 'shapefile_part_missing')
      expect(prj.details.msg.params).toEqual({ name: 'gk38', part: '.prj' })
      await expectRefused('v.zip', without('.shp'), 400, 'zip_no_shapefile')
      await expectRefused('gk38.shp', parts['gk38.shp'], 400, 'shapefile_part_missing')
      // Without its .prj but with the system chosen, it imports.
      const chosen = await upload('villages', 'v.zip', without('.prj'), { crs: 'EPSG:4526' })
      expect(chosen.status, chosen.text).toBe(200)
      await expectSourceVillages()
    })

    it('a KML without placemarks', async () => {
      const kml = '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>空</name></Folder></Document></kml>'
      await expectRefused('empty.kml', strToU8(kml), 400, 'kml_no_placemarks')
      await expectRefused('broken.kml', strToU8('<kml><Document><Placemark>'), 400, 'unreadable_file')
    })

    it('an unknown coordinate system, named as found; an unknown chosen one', async () => {
      const { unzipSync } = await import('fflate')
      const parts = unzipSync(fixture('villages_gk38_gbk.zip'))
      const beijing = 'PROJCS["Beijing_1954_3_Degree_GK_Zone_38",GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
      const error = await expectRefused('v.zip', zipSync({ ...parts, 'gk38.prj': strToU8(beijing) }), 400, 'unknown_crs')
      expect(error.details.msg.params.found).toBe('Beijing_1954_3_Degree_GK_Zone_38')
      await expectRefused('v.zip', fixture('villages_gk38_gbk.zip'), 400, 'invalid_option', { crs: 'EPSG:32650' })
      await expectRefused('v.csv', fixture('villages_gbk.csv'), 400, 'invalid_option', { encoding: 'latin9' })
    })
  })
})

async function resetVillages() {
  await h.db.rows(sql`DELETE FROM villages`)
}
