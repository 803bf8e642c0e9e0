// Tables to Excel (UX.md: every table can be exported). A workbook is made in the browser from the
// rows on screen, so it says what the user sees (their filters, their language). exceljs is loaded
// on the first export only: it is as large as the rest of the app.
import type ExcelJSNamespace from 'exceljs'

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

const NUMBER_FORMATS: Record<Exclude<ColumnFormat, 'text'>, string> = {
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
function displayWidth(value: CellValue): number {
  const text = value === null ? '' : String(value)
  let width = 0
  for (const ch of text) width += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1
  return width
}

async function loadExcelJS(): Promise<typeof ExcelJSNamespace> {
  const module = (await import('exceljs')) as unknown as { default?: typeof ExcelJSNamespace } & typeof ExcelJSNamespace
  return module.default ?? module
}

/** The workbook as .xlsx bytes: one sheet per table, with title, header, frozen header row, filter and notes. */
export async function workbookBytes(sheets: Sheet[], meta: WorkbookMeta): Promise<ArrayBuffer> {
  const ExcelJS = await loadExcelJS()
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '扶贫规划一张图'
  const taken = new Set<string>()
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheetName(sheet.name, taken))
    const columnCount = Math.max(sheet.columns.length, 1)
    ws.addRow([sheet.title]).font = { bold: true, size: 13 }
    ws.addRow([meta.source]).font = { color: { argb: 'FF5B6673' }, size: 10 }
    ws.mergeCells(1, 1, 1, columnCount)
    ws.mergeCells(2, 1, 2, columnCount)
    const header = ws.addRow(sheet.columns.map((c) => c.header))
    header.font = { bold: true }
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9EDF1' } }
      cell.border = { bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } } }
    })
    const headerRow = header.number
    for (const row of sheet.rows) ws.addRow(sheet.columns.map((c) => c.value(row)))
    sheet.columns.forEach((column, i) => {
      const col = ws.getColumn(i + 1)
      if (column.format && column.format !== 'text') col.numFmt = NUMBER_FORMATS[column.format]
      if (column.wrap) col.alignment = { wrapText: true, vertical: 'top' }
      const widest = Math.max(displayWidth(column.header), ...sheet.rows.map((r) => displayWidth(column.value(r))))
      col.width = column.width ?? Math.min(60, Math.max(8, widest + 2))
    })
    ws.views = [{ state: 'frozen', ySplit: headerRow }]
    if (sheet.rows.length > 0) {
      ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow + sheet.rows.length, column: sheet.columns.length } }
    }
    if (sheet.notes?.length) {
      ws.addRow([])
      for (const note of sheet.notes) ws.addRow([note]).font = { italic: true, color: { argb: 'FF5B6673' }, size: 10 }
    }
  }
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer
}

/** When an export is made, for its source line and file name: 2026-11-28 09:15, China time (as the server's dates). */
export function exportedAt(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(now)
}

/** Safe file name: no path or reserved characters. */
export function fileName(base: string): string {
  return `${base.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'export'}.xlsx`
}

/** Makes the workbook and hands it to the browser as a download. */
export async function downloadWorkbook(base: string, sheets: Sheet[], meta: WorkbookMeta): Promise<void> {
  const bytes = await workbookBytes(sheets, meta)
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName(base)
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
