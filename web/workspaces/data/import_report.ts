// The problem report of an import as a spreadsheet (web/export/xlsx.ts): one row per error and
// warning, named by the row a clerk finds it at, in the reader's language.
import type { ImportIssue, ImportPreview } from '../../http/types'
import type { Sheet } from '../../export/xlsx'

export interface ReportText {
  title: string
  rowHeader: string
  kindHeader: string
  kind: (kind: 'error' | 'warning') => string
  code: string
  property: string
  propertyName: (name: string) => string
  reason: string
  reasonName: (issue: ImportIssue) => string
  message: string
  say: (issue: ImportIssue) => string
  sheetName: string
}

export function problemSheet(preview: Pick<ImportPreview, 'errors' | 'warnings'>, text: ReportText): Sheet<{ kind: 'error' | 'warning'; issue: ImportIssue }> {
  const rows = [
    ...preview.errors.map((issue) => ({ kind: 'error' as const, issue })),
    ...preview.warnings.map((issue) => ({ kind: 'warning' as const, issue })),
  ]
  return {
    name: text.sheetName,
    title: text.title,
    rows,
    columns: [
      { header: text.rowHeader, value: (r) => r.issue.row ?? (r.issue.index === null ? null : r.issue.index + 1), format: 'integer', width: 10 },
      { header: text.kindHeader, value: (r) => text.kind(r.kind), width: 8 },
      { header: text.code, value: (r) => r.issue.code ?? null, format: 'text' },
      { header: text.property, value: (r) => text.propertyName(r.issue.property) },
      { header: text.reason, value: (r) => text.reasonName(r.issue) },
      { header: text.message, value: (r) => text.say(r.issue), width: 70, wrap: true },
    ],
  }
}
