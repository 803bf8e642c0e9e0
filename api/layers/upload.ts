import type { Context } from 'hono'
import type { FeatureCollection } from 'geojson'
import { guessLayer, matchColumns } from '../../core/format/columns.ts'
import { GAUSS_KRUGER } from '../../core/format/crs.ts'
import type { LayerName } from '../../core/format/layers.ts'
import type { ImportPreview } from '../../core/contract/layers.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { settingNumber } from '../../db/settings.ts'
import type { Database } from '../../db/client.ts'
import { ApiError, badRequest } from '../http/errors.ts'
import { readUpload } from './formats/read.ts'
import { crsFromCode } from './formats/crs.ts'
import { TEXT_ENCODINGS, type ReadFile, type TextEncodingChoice } from './formats/types.ts'
import { checkImport, importLayer, type ImportOptions, type ImportResult } from './import.ts'
import { issue, type Issue } from './validate.ts'

// A file uploaded as multipart/form-data (field `file`; optional `encoding`, `crs`, `gcj02`): read
// by its format, then checked and imported by the same path as a GeoJSON body. `?preview=1` answers
// the whole report and writes nothing.

/** Rows of the preview shown as parsed. */
const PREVIEW_ROWS = 20

export interface UploadedFile {
  file: ReadFile
  collection: unknown
}

export async function readMultipart(c: Context, db: Database, layer: LayerName): Promise<UploadedFile> {
  let form: Record<string, string | File | (string | File)[]>
  try {
    form = await c.req.parseBody({ all: false })
  } catch (error) {
    throw badRequest('unreadable_file', msg('import.unreadable_file', { file: '', format: 'multipart/form-data', reason: (error as Error).message.slice(0, 200) }))
  }
  const file = form.file
  if (!(file instanceof File)) throw badRequest('no_file', msg('import.no_file'), { field: 'file' })
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '')
  const encoding = (text('encoding') || 'auto').toLowerCase()
  if (!(TEXT_ENCODINGS as readonly string[]).includes(encoding)) {
    throw badRequest('invalid_option', msg('import.invalid_option', { option: 'encoding', value: encoding.slice(0, 40), allowed: [...TEXT_ENCODINGS] }), { field: 'encoding' })
  }
  const crs = text('crs') || undefined
  if (crs) {
    try {
      crsFromCode(crs)
    } catch {
      throw badRequest('invalid_option', msg('import.invalid_option', {
        option: 'crs', value: crs.slice(0, 40), allowed: ['EPSG:4326', 'EPSG:4490', `EPSG:${GAUSS_KRUGER[0].epsg}–${GAUSS_KRUGER[GAUSS_KRUGER.length - 1].epsg}`],
      }), { field: 'crs' })
    }
  }
  const gcj = text('gcj02').toLowerCase()
  if (!['', '0', '1', 'true', 'false'].includes(gcj)) {
    throw badRequest('invalid_option', msg('import.invalid_option', { option: 'gcj02', value: gcj.slice(0, 40), allowed: ['true', 'false'] }), { field: 'gcj02' })
  }
  const read = await readUpload({ name: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) }, {
    layer,
    encoding: encoding as TextEncodingChoice,
    crs,
    gcj02: gcj === '1' || gcj === 'true',
    maxUnpackedBytes: await settingNumber(db, 'import.maxUnpackedBytes'),
    maxCompressionRatio: await settingNumber(db, 'import.maxCompressionRatio'),
  })
  return read
}

/** Each problem with the row the clerk finds it at; a duplicate names the row of the first, in a table. */
function withRows(issues: Issue[], file: ReadFile | undefined): Issue[] {
  if (!file) return issues
  return issues.map((i) => {
    const at = i.index !== null && i.row === undefined ? file.features[i.index] : undefined
    const located = at ? { ...i, row: at.row, ...(at.sheet ? { sheet: at.sheet } : {}) } : i
    const first = i.msg.code === 'import.duplicate_code' ? file.features[(i.msg.params as { first: number }).first] : undefined
    if (!first || file.rowKind === 'feature') return located
    return { ...issue(i.index, i.property, i.reason, msg('import.duplicate_code_row', { code: i.code ?? '', row: first.row }), i.code), row: located.row, ...(located.sheet ? { sheet: located.sheet } : {}) }
  })
}

/**
 * A table's problems of position said as its columns: a missing one as 经度 and 纬度 (or wkt), metres
 * read as degrees as the coordinate system to choose.
 */
function tableWords(issues: Issue[], file: ReadFile | undefined): Issue[] {
  if (!file || (file.format !== 'csv' && file.format !== 'xlsx')) return issues
  return issues.map((i) => {
    if (i.reason === 'missing_geometry') {
      return { ...issue(i.index, i.property, i.reason, msg('import.no_coordinates', { lon: '经度', lat: '纬度', wkt: 'wkt' }), i.code), row: i.row, ...(i.sheet ? { sheet: i.sheet } : {}) }
    }
    const position = i.msg.params as { lon?: number; lat?: number }
    if (i.reason === 'coordinates_out_of_range' && typeof position.lon === 'number' && typeof position.lat === 'number'
      && (Math.abs(position.lon) > 1000 || Math.abs(position.lat) > 1000)) {
      return { ...issue(i.index, i.property, i.reason, msg('import.projected_coordinates', { x: position.lon, y: position.lat }), i.code), row: i.row, ...(i.sheet ? { sheet: i.sheet } : {}) }
    }
    return i
  })
}

/** Rows a reader could not read stand beside the format's own errors; the format's missing geometry for them is not said twice. */
function mergeProblems(errors: Issue[], file: ReadFile | undefined): Issue[] {
  if (!file?.problems.length) return errors
  const unreadable = new Set(file.problems.map((p) => p.index))
  return [...file.problems, ...errors.filter((e) => !(unreadable.has(e.index) && e.reason === 'missing_geometry'))]
    .sort((a, b) => (a.index ?? -1) - (b.index ?? -1))
}

export async function previewImport(db: Database, layer: LayerName, upload: UploadedFile | { file?: undefined; collection: unknown }, options: Pick<ImportOptions, 'scope'>): Promise<ImportPreview> {
  const check = await checkImport(db, layer, upload.collection, options)
  const file = upload.file
  const errors = tableWords(withRows(mergeProblems(check.errors, file), file), file)
  const warnings = [...(file?.notes ?? []), ...withRows(check.warnings, file)]
  const features = ((upload.collection as FeatureCollection).features ?? [])
  const columns = file?.columns ?? [...new Set(features.flatMap((f) => Object.keys(f?.properties ?? {})))]
  return {
    preview: true,
    layer,
    format: file?.format ?? 'geojson',
    suggestedLayer: guessLayer(columns),
    rowKind: file?.rowKind ?? 'feature',
    count: features.length,
    crs: file?.crs ?? 'EPSG:4326',
    encoding: file?.encoding ?? null,
    columns: matchColumns(layer, columns),
    first: features.slice(0, PREVIEW_ROWS).map((f, i) => ({ row: file?.features[i]?.row ?? i + 1, properties: (f?.properties ?? {}) as Record<string, unknown> })),
    features: {
      type: 'FeatureCollection',
      features: features.map((f, i) => ({ type: 'Feature', properties: { ...(f?.properties ?? {}), _row: file?.features[i]?.row ?? i + 1 }, geometry: f?.geometry ?? null })),
    } as ImportPreview['features'],
    errors,
    warnings,
  }
}

/** Import an uploaded file, all rows or none; its problems carry their rows. */
export async function importUpload(db: Database, layer: LayerName, upload: UploadedFile, options: ImportOptions): Promise<ImportResult> {
  const file = upload.file
  if (file.problems.length) {
    const errors = withRows(mergeProblems((await checkImport(db, layer, upload.collection, options)).errors, file), file)
    throw new ApiError(422, 'invalid_features',
      msg('import.invalid_features', { problems: errors.length, features: new Set(errors.map((e) => e.index)).size }), { errors: tableWords(errors, file) })
  }
  try {
    const result = await importLayer(db, layer, upload.collection, options)
    return { ...result, warnings: [...file.notes, ...withRows(result.warnings, file)] }
  } catch (error) {
    if (error instanceof ApiError && Array.isArray(error.details.errors)) {
      error.details.errors = tableWords(withRows(error.details.errors as Issue[], file), file)
    }
    throw error
  }
}
