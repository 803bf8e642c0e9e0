import { displayWidth, NUMBER_FORMATS, sheetName, type Sheet, type WorkbookMeta } from './sheet.ts'

// The one writer of ledger workbooks, for the browser and the server. core/ imports no exceljs:
// the caller hands in exceljs's Workbook class (the browser loads it on the first export, the
// server imports it), and this module uses it through the few members below.

interface CellLike { fill?: unknown; border?: unknown }
interface RowLike { font?: unknown; number: number; eachCell(callback: (cell: CellLike) => void): void }
interface ColumnLike { numFmt?: string; alignment?: unknown; width?: number }
interface WorksheetLike {
  addRow(values: unknown[]): RowLike
  mergeCells(top: number, left: number, bottom: number, right: number): void
  getColumn(index: number): ColumnLike
  views: unknown[]
  autoFilter?: unknown
}
export interface WorkbookLike {
  creator: string
  addWorksheet(name: string): WorksheetLike
  xlsx: { writeBuffer(): Promise<unknown> }
}

/** The workbook as .xlsx bytes: one sheet per table, with title, header, frozen header row, filter and notes. */
export async function writeWorkbook(Workbook: new () => WorkbookLike, sheets: Sheet[], meta: WorkbookMeta): Promise<ArrayBuffer> {
  const workbook = new Workbook()
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
      let widest = displayWidth(column.header)
      for (const r of sheet.rows) widest = Math.max(widest, displayWidth(column.value(r)))
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
  const bytes = await workbook.xlsx.writeBuffer()
  return bytes instanceof ArrayBuffer ? bytes : toArrayBuffer(bytes as Uint8Array)
}

function toArrayBuffer(view: Uint8Array): ArrayBuffer {
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer
}
