// Tables to Excel (UX.md: every table can be exported). A workbook is made in the browser from the
// rows on screen, so it says what the user sees (their filters, their language). exceljs is loaded
// on the first export only: it is as large as the rest of the app.
import type ExcelJSNamespace from 'exceljs'
import type { Sheet, WorkbookMeta } from '../../core/ledgers/sheet'
import { writeWorkbook } from '../../core/ledgers/workbook'

// The sheets and the writer are shared with the server's ledgers (core/ledgers/).
export type { CellValue, ColumnFormat, Sheet, SheetColumn, WorkbookMeta } from '../../core/ledgers/sheet'
export { sheetName } from '../../core/ledgers/sheet'

async function loadExcelJS(): Promise<typeof ExcelJSNamespace> {
  const module = (await import('exceljs')) as unknown as { default?: typeof ExcelJSNamespace } & typeof ExcelJSNamespace
  return module.default ?? module
}

/** The workbook as .xlsx bytes: one sheet per table, with title, header, frozen header row, filter and notes. */
export async function workbookBytes(sheets: Sheet[], meta: WorkbookMeta): Promise<ArrayBuffer> {
  const ExcelJS = await loadExcelJS()
  return writeWorkbook(ExcelJS.Workbook, sheets, meta)
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
