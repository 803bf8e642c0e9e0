// A ledger (台账) sheet as data: its title, columns (header, value, number format) and rows. The
// builders of core/ledgers/ make these; core/ledgers/workbook.ts writes them with exceljs, in the
// browser (web/export/xlsx.ts) and on the server (GET /api/ledgers/:kind) alike.

export type CellValue = string | number | boolean | null

/** How a column's numbers are shown; text is left as it is. */
export type ColumnFormat = 'integer' | 'decimal1' | 'decimal2' | 'percent1' | 'text'

export interface SheetColumn<Row> {
  header: string
  value: (row: Row) => CellValue
  format?: ColumnFormat
  /** Width in characters; by default from the header and the longest value. */
  width?: number
  /** Values of several lines: wrapped in the cell. */
  wrap?: boolean
}

export interface Sheet<Row = any> {
  /** The tab's name (Excel allows 31 characters, no []:*?/\). */
  name: string
  /** The line above the table: what it is, for which area. */
  title: string
  columns: SheetColumn<Row>[]
  rows: Row[]
  /** Lines under the table: how figures were computed, what a year means. */
  notes?: string[]
}

export interface WorkbookMeta {
  /** Data source and date line, e.g. "数据来源:扶贫规划一张图 · 导出于 2026-11-27 10:00". */
  source: string
}

export const NUMBER_FORMATS: Record<Exclude<ColumnFormat, 'text'>, string> = {
  integer: '#,##0',
  decimal1: '#,##0.0',
  decimal2: '#,##0.00',
  percent1: '0.0%',
}

/** Sheet names Excel accepts, unique within the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet'
  let candidate = base
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 31 - String(n).length - 1)} ${n}`
  taken.add(candidate.toLowerCase())
  return candidate
}

/** Display width of a value: CJK characters take two columns. */
export function displayWidth(value: CellValue): number {
  const text = value === null ? '' : String(value)
  let width = 0
  for (const ch of text) width += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1
  return width
}

/** Money in tables is 万元 (stored in yuan). */
export const yuanToWan = (yuan: number): number => yuan / 10_000

/** Decimals of 万元 in a table column (and its Excel number format, `#,##0.00`). */
export const WAN_TABLE_DECIMALS = 2
