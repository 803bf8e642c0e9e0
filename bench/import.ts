// Importing 10,000 villages from an Excel ledger (targets: under 10 s on real PostGIS, under 25 s
// embedded), beside the same rows as a GeoJSON body in the same run (the baseline the file's reading
// adds to), and the preview of the ledger alone. A county of its own with 20 townships, made first.
import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { benchDatabase } from './database.ts'
import { benchToken } from './identity.ts'

const COUNTY = '360799'
const TOWNSHIPS = 20
const VILLAGES = 10_000
const [LON, LAT] = [114.5, 24.75]

function square(lon: number, lat: number, d: number) {
  return { type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] }
}

function villages() {
  return Array.from({ length: VILLAGES }, (_, i) => {
    const t = i % TOWNSHIPS
    const township = `${COUNTY}${String(100 + t)}`
    const households = 50 + (i % 400)
    return {
      code: `${township}${String(Math.floor(i / TOWNSHIPS)).padStart(3, '0')}`, name: `测试${i}村`, townshipCode: township,
      households, population: households * 4, poorHouseholds: i % 37, poorPopulation: (i % 37) * 3,
      lon: LON - 0.2 + (t % 5) * 0.1 + ((i * 7919) % 1000) / 1e5, lat: LAT - 0.2 + Math.floor(t / 5) * 0.1 + ((i * 104729) % 1000) / 1e5,
    }
  })
}

async function ledger(rows: ReturnType<typeof villages>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('台账')
  sheet.addRow(['基准县村级台账'])
  sheet.mergeCells('A1:I1')
  sheet.addRow(['村代码', '村名', '乡镇代码', '总户数', '总人口', '贫困户数', '贫困人口', '经度', '纬度'])
  for (const v of rows) sheet.addRow([v.code, v.name, v.townshipCode, v.households, v.population, v.poorHouseholds, v.poorPopulation, v.lon, v.lat])
  sheet.addRow(['合计'])
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

export async function benchImport(url: string | undefined): Promise<void> {
  const { db, drop } = await benchDatabase(url)
  const app = createApp(readyBackend(db, 'bench'))
  const headers = await benchToken(db)
  const post = async (path: string, body: BodyInit, json: boolean) => {
    const start = performance.now()
    const res = await app.request(path, { method: 'POST', body, headers: json ? { ...headers, 'content-type': 'application/json' } : headers })
    const text = await res.text()
    if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`)
    return performance.now() - start
  }
  const regions = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: COUNTY, name: '基准县', level: 'county' }, geometry: square(LON, LAT, 0.4) },
      ...Array.from({ length: TOWNSHIPS }, (_, t) => ({
        type: 'Feature', properties: { code: `${COUNTY}${100 + t}`, name: `基准${t}镇`, level: 'township', parentCode: COUNTY },
        geometry: square(LON - 0.2 + (t % 5) * 0.1 + 0.005, LAT - 0.2 + Math.floor(t / 5) * 0.1 + 0.005, 0.05),
      })),
    ],
  }
  await post('/api/layers/regions/import', JSON.stringify(regions), true)
  const rows = villages()
  const bytes = await ledger(rows)
  const form = (preview: boolean) => {
    const f = new FormData()
    f.set('file', new File([new Uint8Array(bytes)], 'ledger.xlsx'))
    return { path: `/api/layers/villages/import${preview ? '?preview=1' : ''}`, body: f }
  }
  const geojson = JSON.stringify({
    type: 'FeatureCollection',
    features: rows.map(({ lon, lat, ...p }) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [lon, lat] } })),
  })
  const baseline = await post('/api/layers/villages/import', geojson, true)
  await db.rows(sql`DELETE FROM villages`)
  const preview = form(true)
  const previewMs = await post(preview.path, preview.body, false)
  const excel = form(false)
  const excelMs = await post(excel.path, excel.body, false)
  const target = db.kind === 'postgres' ? 10_000 : 25_000
  console.log(`import of ${VILLAGES.toLocaleString('en')} villages from Excel (${db.kind}, ${(bytes.length / 1024).toFixed(0)} KB): ` +
    `${(excelMs / 1000).toFixed(2)} s (target < ${target / 1000} s); preview ${(previewMs / 1000).toFixed(2)} s; ` +
    `the same rows as a GeoJSON body ${(baseline / 1000).toFixed(2)} s; ratio ${(excelMs / baseline).toFixed(2)}×`)
  await drop()
}
