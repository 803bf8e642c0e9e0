// The build-out workbook: the projects as listed and the rollup, read back with exceljs.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { ProjectRow, ProjectSummary, Rollup } from '../../core/contract/projects'
import { projectSheet, rollupSheet, type BuildoutExportText } from '../../web/workspaces/buildout/export'
import { workbookBytes } from '../../web/export/xlsx'

const row = (code: string, extra: Partial<ProjectRow>): ProjectRow => ({
  layer: 'roads', code, name: `路 ${code}`, townshipCode: '360729100', townshipName: '城厢镇', status: 'under_construction',
  progressPct: 40, plannedStart: '2018-03-01', plannedEnd: '2018-12-31', actualStart: '2018-03-15', actualEnd: null,
  budgetCny: 2_500_000, spentCny: 1_000_000, fundingState: 2_000_000, fundingSector: 0, fundingSelf: 500_000, fundingOther: null,
  contractor: '全南县路桥公司', version: 1, noGeometry: false, lengthM: 3250, overdue: true, ...extra,
})

const rollup = (projects: number, started: number, extraFunding: Record<string, number> = {}): Rollup => ({
  projects, started, completed: 1, startRate: started / projects, completionRate: 1 / projects, overdue: 1,
  roadKmBuilt: 12.5, roadKmHardened: 10, pipeKmBuilt: 3.25, budgetCny: 5_000_000, spentCny: 2_000_000,
  funding: { state: 3_000_000, sector: 1_000_000, self: 500_000, other: 0, ...extraFunding },
})

const summary = {
  region: '360729', today: '2026-11-27',
  total: rollup(10, 6, { 县财政衔接资金: 500_000 }),
  byType: {},
  townships: [
    { code: '360729100', name: '城厢镇', total: rollup(4, 3, { 县财政衔接资金: 500_000 }), byType: { roads: rollup(3, 2), water: rollup(1, 1) } },
    { code: '360729101', name: '大吉山镇', total: rollup(6, 3), byType: { roads: rollup(6, 3) } },
  ],
  notices: [{ code: 'projects.note_rates', params: {} }],
  notes: ['Started: under_construction or later.'],
} as unknown as ProjectSummary

const text: BuildoutExportText = {
  column: (key) => key,
  sheet: (key) => ({ projects: '项目台账', rollup: '汇总' })[key],
  title: (key) => `全南县 ${key}`,
  type: (layer) => ({ roads: '道路', water: '饮水', sites: '安置点' } as Record<string, string>)[layer],
  status: (s) => (s === 'under_construction' ? '在建' : s),
  funding: (s) => ({ state: '中央及省级', sector: '行业部门', self: '群众自筹', other: '其他' } as Record<string, string>)[s] ?? s,
  notice: (m) => (m.code === 'projects.note_rates' ? '开工:在建及以后各阶段。' : m.code),
  countyRoad: '县道(跨乡镇)',
  yes: '是',
}

async function readBack(bytes: ArrayBuffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes)
  return workbook
}

describe('build-out export', () => {
  it('lists the projects in the table order, money in 10,000 yuan, progress as a percentage', async () => {
    const rows = [row('R2', {}), row('R1', { townshipCode: null, townshipName: null, progressPct: null, overdue: false, budgetCny: null })]
    const workbook = await readBack(await workbookBytes([projectSheet(rows, text)], { source: 's' }))
    const sheet = workbook.getWorksheet('项目台账')!
    const header = (sheet.getRow(3).values as unknown[]).slice(1)
    expect(header).toEqual([
      'code', 'name', 'layer', 'township', 'status', 'progress', 'overdue', 'lengthKm', 'plannedStart', 'plannedEnd', 'actualStart',
      'actualEnd', 'budgetWan', 'spentWan', '中央及省级wanSuffix', '行业部门wanSuffix', '群众自筹wanSuffix', '其他wanSuffix', 'contractor',
    ])
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([
      'R2', '路 R2', '道路', '城厢镇', '在建', 0.4, '是', 3.25, '2018-03-01', '2018-12-31', '2018-03-15', null, 250, 100, 200, 0, 50, null, '全南县路桥公司',
    ].map((v) => (v === null ? undefined : v)))
    expect(sheet.getRow(4).getCell(6).numFmt).toBe('0.0%')
    const second = sheet.getRow(5)
    expect(second.getCell(1).value).toBe('R1')
    expect(second.getCell(4).value).toBe('县道(跨乡镇)')
    expect(second.getCell(6).value).toBeNull()
    expect(second.getCell(13).value).toBeNull()
  })

  it('rolls up by township with the total last, a county funding line as its own column', async () => {
    const sheet = rollupSheet(summary, null, text)
    expect(sheet.rows.map((r) => r.label)).toEqual(['城厢镇', '大吉山镇', 'total'])
    const workbook = await readBack(await workbookBytes([sheet], { source: 's' }))
    const ws = workbook.getWorksheet('汇总')!
    const header = (ws.getRow(3).values as unknown[]).slice(1)
    expect(header).toContain('县财政衔接资金wanSuffix')
    const total = ws.getRow(6)
    expect(total.getCell(1).value).toBe('total')
    expect(total.getCell(2).value).toBe(10)
    expect(total.getCell(5).value).toBe(0.6)
    expect(total.getCell(5).numFmt).toBe('0.0%')
    expect(total.getCell(header.indexOf('县财政衔接资金wanSuffix') + 1).value).toBe(50)
    expect(ws.getRow(4).getCell(header.indexOf('县财政衔接资金wanSuffix') + 1).value).toBe(50)
    expect(ws.getRow(5).getCell(header.indexOf('县财政衔接资金wanSuffix') + 1).value).toBe(0)
  })

  it('writes the rollup’s notes in the reader’s language, not the server’s English', async () => {
    const ws = (await readBack(await workbookBytes([rollupSheet(summary, null, text)], { source: 's' }))).getWorksheet('汇总')!
    const cells = ws.getSheetValues().flat().filter((v): v is string => typeof v === 'string')
    expect(cells).toContain('开工:在建及以后各阶段。')
    expect(cells).not.toContain('Started: under_construction or later.')
  })

  it('gives every money column two decimals of 万元, as the tables show them', async () => {
    const workbook = await readBack(await workbookBytes([projectSheet([row('R1', { budgetCny: 170_000 })], text), rollupSheet(summary, null, text)], { source: 's' }))
    for (const name of ['项目台账', '汇总']) {
      const ws = workbook.getWorksheet(name)!
      const header = (ws.getRow(3).values as unknown[]).map(String)
      const money = header.map((h, i) => [h, i] as const).filter(([h]) => /Wan|wanSuffix/.test(h))
      expect(money.length, name).toBeGreaterThanOrEqual(6)
      for (const [h, i] of money) expect(ws.getRow(4).getCell(i).numFmt, `${name} ${h}`).toBe('#,##0.00')
    }
    expect(workbook.getWorksheet('项目台账')!.getRow(4).getCell(13).value).toBe(17)
  })

  it('rolls up a township by project type', () => {
    expect(rollupSheet(summary, '360729100', text).rows.map((r) => [r.label, r.r.projects])).toEqual([['道路', 3], ['饮水', 1], ['total', 4]])
  })
})
