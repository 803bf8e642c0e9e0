import type { FeatureCollection } from 'geojson'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import { createUser, harness, login, ORIGIN, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// The three ledgers as Excel (GET /api/ledgers/:kind): a summary sheet and one sheet per township,
// Chinese headers, figures checked against the sample county's own files.

let h: Harness
let town: Identity
const COUNTY = '360729'
const TOWNSHIP = '360729100'
const villages = () => (readSampleLayer('villages') as FeatureCollection).features.map((f) => f.properties!)
const regions = () => (readSampleLayer('regions') as FeatureCollection).features.map((f) => f.properties!)

async function workbook(path: string, as: Identity = h.admin) {
  const res = await h.app.request(`${ORIGIN}${path}`, { headers: { origin: ORIGIN, ...(as.cookie ? { cookie: as.cookie } : {}) } })
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(200)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
  return { res, book }
}

/** A sheet's table as records: the header in row 3 (title and source above), rows below until the first empty one. */
function table(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(3).values as unknown[]).slice(1) as string[]
  const rows: Record<string, unknown>[] = []
  for (let n = 4; n <= ws.rowCount; n++) {
    const values = (ws.getRow(n).values as unknown[]).slice(1)
    if (values.every((v) => v === undefined || v === null)) break
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])))
  }
  return rows
}

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  await createUser(h.db, 'town_viewer', 'viewer', TOWNSHIP)
  town = await login(h.app, 'town_viewer')
})

describe(`ledgers (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('writes the village ledger: a summary of the townships, then each township with its villages', async () => {
    const { res, book } = await workbook(`/api/ledgers/villages?region=${COUNTY}&year=2020`)
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1])).toMatch(/^贫困村退出台账_360729_\d{8}\.xlsx$/)
    const townships = regions().filter((r) => r.level === 'township')
    expect(book.worksheets.map((w) => w.name)).toEqual(['乡镇汇总', ...townships.sort((a, b) => a.code.localeCompare(b.code)).map((t) => t.name)])
    const summary = table(book.worksheets[0])
    expect(summary).toHaveLength(townships.length)
    for (const t of townships) {
      const row = summary.find((r) => r['代码'] === t.code)!
      const own = villages().filter((v) => v.townshipCode === t.code)
      expect(row['村数'], t.name).toBe(own.length)
      expect(row['贫困村'], t.name).toBe(own.filter((v) => v.isPoorVillage === true).length)
      expect(row['总人口'], t.name).toBe(own.reduce((n, v) => n + v.population, 0))
    }
    const first = townships[0]
    const sheet = table(book.getWorksheet(first.name)!)
    const own = villages().filter((v) => v.townshipCode === first.code)
    expect(sheet).toHaveLength(own.length)
    const v = own[0]
    expect(sheet.find((r) => r['代码'] === v.code)).toMatchObject({
      村: v.name, 总户数: v.households, 贫困户数: v.poorHouseholds ?? null, 总人口: v.population, 贫困人口: v.poorPopulation ?? null,
    })
    expect(Object.keys(sheet[0])).toEqual(expect.arrayContaining(['状态', '贫困发生率(%)', '通硬化路(米)', '通硬化路是否达标', '卫生室是否达标']))
  })

  it('keeps a township account to its villages', async () => {
    const { book } = await workbook(`/api/ledgers/villages?region=${COUNTY}`, town)
    const rows = book.worksheets.slice(1).flatMap(table)
    expect(rows.map((r) => r['代码']).sort()).toEqual(villages().filter((v) => v.townshipCode === TOWNSHIP).map((v) => v.code).sort())
    const own = await workbook('/api/ledgers/villages', town)
    expect(own.book.worksheets).toHaveLength(2)
  })

  it('writes the project ledger with the rollup, budgets by source and one sheet per township', async () => {
    const { book } = await workbook(`/api/ledgers/projects?region=${COUNTY}`)
    expect(book.worksheets[0].name).toBe('汇总')
    const listed = await request(h.app, 'GET', `/api/projects?region=${COUNTY}`)
    const all = book.worksheets.slice(1).flatMap(table)
    expect(all).toHaveLength(listed.json.length)
    const p = listed.json.find((x: any) => x.budgetCny && x.townshipName)
    const row = all.find((r) => r['代码'] === p.code)!
    expect(row['预算(万元)']).toBeCloseTo(p.budgetCny / 10_000, 6)
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['状态', '进度', '计划开工', '实际完工', '中央及省级(万元)', '群众自筹(万元)']))
    expect(book.worksheets.map((w) => w.name)).toContain(p.townshipName)
    const summary = await request(h.app, 'GET', `/api/projects/summary?region=${COUNTY}`)
    const total = table(book.worksheets[0]).find((r) => r['乡镇'] === '合计')!
    expect(total['项目数']).toBe(summary.json.total.projects)
  })

  it('writes the relocation ledger: origin village → site with households, persons, floor area and subsidy', async () => {
    const { book } = await workbook(`/api/ledgers/relocation?region=${COUNTY}`)
    const moving = villages().filter((v) => v.relocation === 'partial' || v.relocation === 'whole' || v.relocationHouseholds > 0)
    expect(book.worksheets[0].name).toBe('汇总')
    const rows = book.worksheets.slice(1).flatMap(table)
    expect(rows).toHaveLength(moving.length)
    const v = moving[0]
    const site = (readSampleLayer('sites') as FeatureCollection).features.find((f) => f.properties!.code === v.relocationSiteCode)!
    // 25 m² a person, 60,000 yuan a registered poor household and 40,000 any other (the default settings).
    expect(rows.find((r) => r['迁出村代码'] === v.code)).toMatchObject({
      迁出村: v.name, 安置点代码: v.relocationSiteCode, 安置点: site.properties!.name, 搬迁户数: v.relocationHouseholds, 搬迁人口: v.relocationPopulation,
      其中贫困户数: v.relocationPoorHouseholds, '安置房面积(平方米)': v.relocationPopulation * 25,
      '补助资金(万元)': (v.relocationPoorHouseholds * 60_000 + (v.relocationHouseholds - v.relocationPoorHouseholds) * 40_000) / 10_000,
    })
    const total = table(book.worksheets[0]).find((r) => r['乡镇'] === '合计')!
    expect(total).toMatchObject({
      迁出村数: moving.length,
      搬迁户数: moving.reduce((n, x) => n + x.relocationHouseholds, 0),
      搬迁人口: moving.reduce((n, x) => n + x.relocationPopulation, 0),
      其中贫困户数: moving.reduce((n, x) => n + (x.relocationPoorHouseholds ?? 0), 0),
    })
  })

  it('refuses an unknown ledger, a region that is no county or township, and anonymous callers', async () => {
    const unknown = await request(h.app, 'GET', '/api/ledgers/households?region=360729')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.details.msg.code).toBe('export.unknown_ledger')
    expect((await request(h.app, 'GET', '/api/ledgers/villages')).status).toBe(400)
    expect((await request(h.app, 'GET', '/api/ledgers/villages?region=999999')).status).toBe(400)
    expect((await request(h.app, 'GET', '/api/ledgers/villages?region=360729&year=1900')).status).toBe(400)
    expect((await request(h.app, 'GET', '/api/ledgers/villages?region=360729', undefined, { as: null })).status).toBe(401)
  })
})
