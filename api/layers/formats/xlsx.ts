import ExcelJS from 'exceljs'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import { LAYER_SPECS } from '../../../core/format/layers.ts'
import type { LayerName } from '../../../core/format/layers.ts'
import { looksLikeHeader, matchColumns } from '../../../core/format/columns.ts'
import { msg } from '../../../core/messages/catalogue.ts'
import { ApiError } from '../../http/errors.ts'
import { issue, type Issue } from '../validate.ts'
import { findHeader, tableFeatures, type Table, type TableRow } from './table.ts'
import { weighArchive } from './zip.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// Excel (.xlsx): every sheet with the layer's header (a ledger's sheet per township), a summary sheet
// that lacks a column the others have passed over and reported; merged title rows above a header are
// passed over, totals rows below skipped and reported; each row named by its Excel row number (and
// its sheet, when several are read).

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
  const sheets = workbook.worksheets.filter((s) => s.state !== 'hidden' && s.actualRowCount > 0)
  // Every sheet with the layer's header (a ledger has one per township), a summary sheet passed over.
  const found: { sheet: string; table: Table }[] = []
  let refusal: unknown
  for (const sheet of sheets.length ? sheets : workbook.worksheets.slice(0, 1)) {
    try {
      found.push({ sheet: sheet.name, table: findHeader(options.layer, sheetRows(sheet), sheet.name) })
    } catch (error) {
      refusal ??= error
    }
  }
  if (!found.length) throw refusal ?? new Error('no sheet')
  const own = found.filter((f) => looksLikeHeader(options.layer, f.table.headers))
  const read = own.length ? own : found.slice(0, 1)
  // The properties the fullest sheet names that a row needs: a sheet without one of them is a summary.
  const required = new Set(LAYER_SPECS[options.layer].properties.filter((p) => p.required).map((p) => p.name))
  const named = (t: Table) => new Set(matchColumns(options.layer, t.headers).map((m) => m.property).filter((p): p is string => !!p && required.has(p)))
  const fullest = read.reduce((best, f) => (named(f.table).size > named(best.table).size ? f : best), read[0])
  const needed = [...named(fullest.table)]
  const notes: Issue[] = []
  const tables = read.filter((f) => {
    const missing = needed.filter((p) => !named(f.table).has(p))
    if (missing.length) notes.push({ ...issue(null, 'sheet', 'sheet_skipped', msg('import.sheet_skipped', { sheet: f.sheet, missing: missing.map((p) => aliasOf(options.layer, p)) })), sheet: f.sheet })
    return missing.length === 0
  })
  const several = tables.length > 1
  const features: ReadFile['features'] = []
  const problems: Issue[] = []
  for (const { sheet, table } of tables) {
    const part = tableFeatures(options.layer, table, { allowEmpty: several })
    const onSheet = <T extends object>(x: T) => (several ? { ...x, sheet } : x)
    const offset = features.length
    features.push(...part.features.map(onSheet))
    notes.push(...part.notes.map(onSheet))
    problems.push(...part.problems.map((p) => onSheet({ ...p, index: p.index === null ? null : p.index + offset })))
  }
  if (!features.length && !problems.length) throw new ApiError(400, 'no_rows', msg('import.no_rows'))
  // The columns of every sheet read (a township's sheet may have one more).
  const columns = [...new Set(tables.flatMap((t) => t.table.headers))]
  return { format: 'xlsx', rowKind: 'row', columns, features, crs: 'EPSG:4326', notes, problems, typedFor: options.layer }
}

function aliasOf(layer: LayerName, property: string): string {
  return LAYER_SPECS[layer].properties.find((p) => p.name === property)?.alias ?? property
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
