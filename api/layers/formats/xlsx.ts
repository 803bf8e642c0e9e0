import ExcelJS from 'exceljs'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import { findHeader, tableFeatures, type Table, type TableRow } from './table.ts'
import { weighArchive } from './zip.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// Excel (.xlsx, the first sheet with a recognisable header): a ledger's merged title rows above the header are passed
// over, its totals row below skipped and reported; each row named by its Excel row number.

export async function readXlsx(file: Upload, options: ReadOptions): Promise<ReadFile> {
  const kind = sniff(file.bytes)
  if (kind !== 'zip') throw mismatch(file.name, 'Excel (.xlsx)', KIND_NAMES[kind])
  weighArchive(file.name, file.bytes, options)
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer)
  } catch (error) {
    throw unreadable(file.name, 'Excel (.xlsx)', (error as Error).message)
  }
  // The first sheet with a header the format knows (a workbook may open on a summary sheet).
  const sheets = workbook.worksheets.filter((s) => s.state !== 'hidden' && s.actualRowCount > 0)
  let table: Table | undefined
  let refusal: unknown
  for (const sheet of sheets.length ? sheets : workbook.worksheets.slice(0, 1)) {
    try {
      table = findHeader(options.layer, sheetRows(sheet), sheet.name)
      break
    } catch (error) {
      refusal ??= error
    }
  }
  if (!table) throw refusal ?? new Error('no sheet')
  const { features, notes, problems } = tableFeatures(options.layer, table)
  return { format: 'xlsx', rowKind: 'row', columns: table.headers, features, crs: 'EPSG:4326', notes, problems, typedFor: options.layer }
}

function sheetRows(sheet: ExcelJS.Worksheet): TableRow[] {
  const rows: TableRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: unknown[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellValue(cell)
    })
    rows.push({ row: number, cells })
  })
  return rows
}

/** A cell as a plain value: the result of a formula, the text of rich text and links; a merged cell's own value only once. */
function cellValue(cell: ExcelJS.Cell): unknown {
  if (cell.isMerged && cell.master !== cell) return null
  const v = cell.value as any
  if (v === null || v === undefined) return null
  if (typeof v !== 'object' || v instanceof Date) return v
  if ('result' in v) return v.result instanceof Date || typeof v.result !== 'object' ? v.result : null
  if ('richText' in v) return (v.richText as { text: string }[]).map((t) => t.text).join('')
  if ('text' in v) return v.text
  if ('error' in v) return null
  return String(v)
}
