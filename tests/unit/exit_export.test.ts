// The exit ledger workbook: written by web/export/xlsx.ts from web/domain/exit_export.ts, read back
// with exceljs as Excel would read it.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { ExitVillage, RegionRollup } from '../../web/workspaces/exit/dashboard'
import { criterionIds, exitLedgerSheets, type ExitExportText } from '../../web/workspaces/exit/export'
import { fileName, sheetName, workbookBytes } from '../../web/export/xlsx'
import { msg } from '../../core/messages/catalogue'

const criteria = (incidence: number | null, road: number | null, roadPass: boolean | null, clinic: boolean | null) => [
  { id: 'incidence', value: incidence, threshold: 0.03, pass: incidence === null ? null : incidence < 0.03, note: '', noteMsg: msg('exit.incidence') },
  { id: 'road', value: road, threshold: 500, pass: roadPass, note: '', noteMsg: msg('exit.road_distance') },
  { id: 'hasClinic', value: clinic, threshold: null, pass: clinic, note: '', noteMsg: msg('exit.clinic_own') },
]

const village = (code: string, name: string, state: ExitVillage['state'], extra: Partial<ExitVillage> = {}): ExitVillage => ({
  code, name, townshipCode: code.slice(0, 9), townshipName: '城厢镇', population: 1200, poorPopulation: 24,
  isPoorVillage: state !== 'not_poor', plannedExitYear: 2018, exitYear: null, state,
  criteria: criteria(0.02, 320.4, true, true), dataProblems: [], ...extra,
})

const villages: ExitVillage[] = [
  village('360729100202', '树垇村', 'behind', { criteria: criteria(0.045, 1800, false, null), dataProblems: ['unknown_clinic'] }),
  village('360729100201', '田心村', 'exited', { exitYear: 2018 }),
  village('360729100203', '桃江社区', 'not_poor', { plannedExitYear: null, poorPopulation: null, criteria: criteria(null, 90, true, true) }),
]

const township = {
  code: '360729100', name: '城厢镇', level: 'township', villages: 3, poorVillages: 2, exitedPoorVillages: 1, exitedShare: 0.5,
  states: { not_poor: 1, exited: 1, ready: 0, behind: 1, in_progress: 0 }, population: 3600, poorPopulation: 48, incidence: 48 / 2400,
  plannedExitYear: 2019, exitYear: null,
} as unknown as RegionRollup

const text: ExitExportText = {
  column: (key) => ({ code: '代码', village: '村', township: '乡镇', state: '状态', population: '总人口', poorPopulation: '贫困人口',
    plannedExitYear: '计划退出年份', exitYear: '退出年份', problems: '数据问题', failing: '未达标指标', metSuffix: '是否达标',
    villages: '村数', poorVillages: '贫困村', exited: '已退出贫困村', exitedShare: '退出比例', incidence: '贫困发生率' } as Record<string, string>)[key],
  sheet: (key) => ({ ledger: '村级台账', behind: '滞后村', townships: '乡镇汇总' })[key],
  title: (key) => `全南县 ${key}`,
  state: (s) => ({ behind: '滞后', exited: '已退出', not_poor: '非贫困村', ready: '达标待退出', in_progress: '推进中' })[s],
  criterionName: (id) => ({ incidence: '贫困发生率', road: '通硬化路', hasClinic: '有卫生室' } as Record<string, string>)[id] ?? id,
  problem: (id) => (id === 'unknown_clinic' ? '缺卫生室数据' : id),
  pass: (p) => (p === true ? '达标' : p === false ? '未达标' : '未知'),
  bool: (v) => (v === true ? '是' : v === false ? '否' : '未知'),
  unit: (kind) => (kind === 'ratio' ? '(%)' : '(米)'),
}

async function readBack(bytes: ArrayBuffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes)
  return workbook
}

describe('exit ledger export', () => {
  it('lists the criteria once each, in the order the villages carry them', () => {
    expect(criterionIds(villages)).toEqual(['incidence', 'road', 'hasClinic'])
  })

  it('writes every village with its state, figures and each criterion value and result', async () => {
    const sheets = exitLedgerSheets({ villages, townships: [township], notes: ['贫困人口为当前数据。'] }, text)
    expect(sheets.map((s) => s.name)).toEqual(['村级台账', '滞后村', '乡镇汇总'])
    const workbook = await readBack(await workbookBytes(sheets, { source: '数据来源:测试' }))

    const ledger = workbook.getWorksheet('村级台账')!
    expect(ledger.getCell('A1').value).toBe('全南县 ledger')
    expect(ledger.getCell('A2').value).toBe('数据来源:测试')
    const header = ledger.getRow(3).values as unknown[]
    expect(header.slice(1)).toEqual([
      '代码', '村', '乡镇', '状态', '总人口', '贫困人口', '计划退出年份', '退出年份',
      '贫困发生率(%)', '贫困发生率是否达标', '通硬化路(米)', '通硬化路是否达标', '有卫生室', '有卫生室是否达标', '数据问题',
    ])
    // Sorted by code: 田心村 first; numbers stay numbers, with the column's format.
    expect(ledger.getRow(4).values).toEqual([
      undefined, '360729100201', '田心村', '城厢镇', '已退出', 1200, 24, 2018, 2018, 0.02, '达标', 320.4, '达标', '是', '达标',
    ])
    const behindRow = ledger.getRow(5)
    expect(behindRow.getCell(2).value).toBe('树垇村')
    expect(behindRow.getCell(9).value).toBe(0.045)
    expect(behindRow.getCell(9).numFmt).toBe('0.0%')
    expect(behindRow.getCell(10).value).toBe('未达标')
    expect(behindRow.getCell(11).numFmt).toBe('#,##0')
    expect(behindRow.getCell(13).value).toBeNull() // not known: an empty cell; the next column says so
    expect(behindRow.getCell(14).value).toBe('未知')
    expect(behindRow.getCell(15).value).toBe('缺卫生室数据')
    // Unknown values are empty cells, not zeros.
    expect(ledger.getRow(6).getCell(6).value).toBeNull()
    expect(ledger.getRow(6).getCell(9).value).toBeNull()
    expect(ledger.getRow(8).getCell(1).value).toBe('贫困人口为当前数据。')
    expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })

    const behind = workbook.getWorksheet('滞后村')!
    expect(behind.rowCount).toBe(4)
    expect(behind.getRow(4).values).toEqual([undefined, '360729100202', '树垇村', '城厢镇', 2018, '贫困发生率、通硬化路', '缺卫生室数据'])

    const townships = workbook.getWorksheet('乡镇汇总')!
    expect(townships.getRow(4).getCell(2).value).toBe('城厢镇')
    expect(townships.getRow(4).getCell(6).value).toBe(0.5)
    expect(townships.getRow(4).getCell(6).numFmt).toBe('0.0%')
    expect(townships.getRow(4).getCell(12).value).toBeCloseTo(0.02, 10)
  })

  it('lists failing criteria as the reader’s language lists them', () => {
    const sheets = exitLedgerSheets({ villages, townships: [] }, { ...text, list: (items) => items.join(', ') })
    const behind = sheets.find((s) => s.name === '滞后村')!
    const failing = behind.columns.find((c) => c.header === '未达标指标')!
    expect(failing.value(villages[0])).toBe('贫困发生率, 通硬化路')
  })

  it('leaves out the township rollup inside a township', () => {
    expect(exitLedgerSheets({ villages, townships: [] }, text).map((s) => s.name)).toEqual(['村级台账', '滞后村'])
  })

  it('makes sheet and file names Excel and file systems accept', () => {
    const taken = new Set<string>()
    expect(sheetName('a/b:c', taken)).toBe('a b c')
    expect(sheetName('A/B:C', taken)).toBe('A B C 2')
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31)
    expect(fileName('全南县 贫困村退出台账/2018年')).toBe('全南县_贫困村退出台账_2018年.xlsx')
    expect(fileName('../..')).toBe('.._...xlsx')
  })
})
