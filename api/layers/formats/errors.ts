import { ApiError } from '../../http/errors.ts'
import { msg } from '../../../core/messages/catalogue.ts'

// The refusals of a file as a whole, shared by the readers.

export const unreadable = (file: string, format: string, reason: string) =>
  new ApiError(400, 'unreadable_file', msg('import.unreadable_file', { file, format, reason: reason.slice(0, 200) }))

export const mismatch = (file: string, expected: string, found: string) =>
  new ApiError(400, 'content_mismatch', msg('import.content_mismatch', { file, expected, found }))

export const unknownCrs = (found: string) =>
  new ApiError(400, 'unknown_crs', msg('import.unknown_crs', { found: found.slice(0, 200) }))

/** What the first bytes of a file say it is, to name it when it is not what its extension says. */
export function sniff(bytes: Uint8Array): 'zip' | 'sqlite' | 'xml' | 'json' | 'text' | 'binary' | 'pdf' | 'ole' {
  const head = (n: number) => String.fromCharCode(...bytes.subarray(0, n))
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7)) return 'zip'
  if (head(15) === 'SQLite format 3') return 'sqlite'
  if (head(4) === '%PDF') return 'pdf'
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'ole'
  const sample = bytes.subarray(0, 4096)
  if (sample.includes(0)) return 'binary'
  const start = new TextDecoder('utf-8').decode(sample).replace(/^\uFEFF/, '').trimStart()
  if (start.startsWith('<')) return 'xml'
  if (start.startsWith('{') || start.startsWith('[')) return 'json'
  return 'text'
}

/** The English-neutral name of what a file holds, as said in content_mismatch. */
export const KIND_NAMES: Record<ReturnType<typeof sniff>, string> = {
  zip: 'ZIP', sqlite: 'SQLite/GeoPackage', xml: 'XML', json: 'JSON', text: 'text', binary: 'binary data', pdf: 'PDF', ole: 'Excel 97–2003 (.xls)',
}
