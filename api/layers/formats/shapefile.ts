import * as shapefile from 'shapefile'
import type { Geometry } from 'geojson'
import { msg } from '../../../core/messages/catalogue.ts'
import { ApiError } from '../../http/errors.ts'
import { issue, type Issue } from '../validate.ts'
import { crsFromCode, crsFromWkt, maxFirstCoordinate, type Crs } from './crs.ts'
import { encodingFromCpg, guessEncoding } from './encoding.ts'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import { unzipChecked } from './zip.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// A zipped Shapefile: .shp, .dbf and .prj are needed (a missing one is named), .cpg honoured; without
// it the attribute table is read as UTF-8 when it is valid UTF-8, else as GBK/GB18030 (or as chosen).
// The .prj says the coordinate system (or the user does); Gauss-Krüger zones are transformed later.

export interface ShapefileRead extends ReadFile {
  sourceCrs: Crs
}

export async function readShapefileZip(file: Upload, options: ReadOptions): Promise<ShapefileRead> {
  const kind = sniff(file.bytes)
  if (kind !== 'zip') throw mismatch(file.name, 'ZIP (Shapefile)', KIND_NAMES[kind])
  const entries = unzipChecked(file.name, file.bytes, options, (name) => /\.(shp|shx|dbf|prj|cpg)$/i.test(name))
  const shps = Object.keys(entries).filter((n) => /\.shp$/i.test(n)).sort()
  if (shps.length === 0) {
    throw new ApiError(400, 'zip_no_shapefile', msg('import.zip_no_shapefile', { file: file.name }))
  }
  const base = shps[0].slice(0, -4)
  const part = (ext: string) => Object.entries(entries).find(([n]) => n.toLowerCase() === `${base}.${ext}`.toLowerCase())?.[1]
  const shp = part('shp')!
  const dbf = part('dbf')
  const prj = part('prj')
  const cpg = part('cpg')
  const name = base.split('/').pop() ?? base
  if (!dbf) throw new ApiError(400, 'shapefile_part_missing', msg('import.shapefile_part_missing', { name, part: '.dbf' }))
  if (!prj && !options.crs) throw new ApiError(400, 'shapefile_part_missing', msg('import.shapefile_part_missing', { name, part: '.prj' }))

  const notes: Issue[] = []
  let encoding = cpg ? encodingFromCpg(new TextDecoder().decode(cpg)) : undefined
  if (options.encoding !== 'auto') encoding = options.encoding
  if (!encoding) {
    encoding = guessEncoding(dbfRecords(dbf))
    if (encoding !== 'utf-8') notes.push(issue(null, 'encoding', 'encoding_detected', msg('import.encoding_detected', { encoding: encoding.toUpperCase() })))
  }
  let collection: { features: { properties: Record<string, unknown> | null; geometry: Geometry | null }[] }
  try {
    collection = await shapefile.read(shp, dbf, { encoding }) as any
  } catch (error) {
    throw unreadable(file.name, 'Shapefile', (error as Error).message)
  }
  const geometries = collection.features.map((f) => f.geometry)
  const sourceCrs = options.crs ? crsFromCode(options.crs) : crsFromWkt(new TextDecoder().decode(prj!), maxFirstCoordinate(geometries))
  if (sourceCrs.note) notes.push(sourceCrs.note)
  const columns = [...new Set(collection.features.flatMap((f) => Object.keys(f.properties ?? {})))]
  return {
    format: 'shapefile', rowKind: 'feature', columns, crs: sourceCrs.name, encoding, notes, problems: [], sourceCrs,
    features: collection.features.map((f, i) => ({ properties: trimmed(f.properties ?? {}), geometry: f.geometry, row: i + 1 })),
  }
}

/** The record bytes of a .dbf (after its header), where the text is. */
function dbfRecords(dbf: Uint8Array): Uint8Array {
  if (dbf.length < 12) return dbf
  const headerLength = dbf[8] | (dbf[9] << 8)
  return dbf.subarray(Math.min(headerLength, dbf.length))
}

/** dBASE pads text with spaces. */
function trimmed(p: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k.trim(), typeof v === 'string' ? v.trim() : v]))
}
