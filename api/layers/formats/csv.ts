import Papa from 'papaparse'
import { msg } from '../../../core/messages/catalogue.ts'
import { issue } from '../validate.ts'
import { decodeText } from './encoding.ts'
import { KIND_NAMES, mismatch, sniff } from './errors.ts'
import { findHeader, tableFeatures, type TableRow } from './table.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// CSV: UTF-8 with or without BOM, or GBK/GB18030 (detected, or chosen); comma, semicolon or tab
// (papaparse guesses); each row named by its line in the file.

export function readCsv(file: Upload, options: ReadOptions): ReadFile {
  // Excel's "Unicode text" is UTF-16 with a byte-order mark (and NUL bytes, which are not binary then).
  const utf16 = (file.bytes[0] === 0xff && file.bytes[1] === 0xfe) || (file.bytes[0] === 0xfe && file.bytes[1] === 0xff)
  const kind = utf16 ? 'text' : sniff(file.bytes)
  if (kind !== 'text' && kind !== 'json') throw mismatch(file.name, 'CSV', KIND_NAMES[kind])
  const decoded = decodeText(file.bytes, options.encoding)
  const text = decoded.text
  const rows: TableRow[] = []
  let line = 1
  let counted = 0
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step: (result) => {
      const start = counted
      const end = result.meta.cursor
      rows.push({ row: line, cells: result.data })
      // The next row begins after this one's line breaks (a quoted cell may hold some).
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++
      counted = end
      if (text.charCodeAt(end) === 10 || text.charCodeAt(end) === 13) {
        // papaparse leaves the cursor before the row's own line break
        if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) counted = end + 2
        else counted = end + 1
        line++
      }
    },
  })
  const table = findHeader(options.layer, rows, 'CSV')
  const { features, notes, problems } = tableFeatures(options.layer, table)
  if (decoded.guessed) notes.unshift(issue(null, 'encoding', 'encoding_detected', msg('import.encoding_detected', { encoding: decoded.encoding.toUpperCase() })))
  return { format: 'csv', rowKind: 'line', columns: table.headers, features, crs: 'EPSG:4326', encoding: decoded.encoding, notes, problems, typedFor: options.layer }
}
