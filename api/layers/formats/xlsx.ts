import ExcelJS from 'exceljs'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import { findHeader, tableFeatures, type TableRow } from './table.ts'
import { weighArchive } from './zip.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// Excel (.xlsx, the first sheet with rows): a ledger's merged title rows above the header are passed
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
  const sheet = workbook.worksheets.find((s) => s.state !== 'hidden' && s.actualRowCount > 0) ?? workbook.worksheets[0]
  const rows: TableRow[] = []
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: unknown[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellValue(cell)
    })
    rows.push({ row: number, cells })
  })
  const table = findHeader(options.layer, rows, sheet?.name ?? '')
  const { features, notes, problems } = tableFeatures(options.layer, table)
  return { format: 'xlsx', rowKind: 'row', columns: table.headers, features, crs: 'EPSG:4326', notes, problems, typedFor: options.layer }
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
