import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { matchColumns, rowProperties, typeUnknownColumns } from '../../../core/format/columns.ts'
import { msg } from '../../../core/messages/catalogue.ts'
import { ApiError, badRequest } from '../../http/errors.ts'
import { checkJsonValue } from '../../http/input_checks.ts'
import { issue } from '../validate.ts'
import { crsFromCode, fromGcj02, LONLAT, mapGeometry, toLonLat, type Crs } from './crs.ts'
import { decodeText } from './encoding.ts'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import { readCsv } from './csv.ts'
import { readGpkg } from './gpkg.ts'
import { readKml, readKmz } from './kml.ts'
import { readShapefileZip } from './shapefile.ts'
import { readXlsx } from './xlsx.ts'
import type { FileFormat, ReadFile, ReadOptions, Upload } from './types.ts'

// An uploaded file as the FeatureCollection the import checks, whatever its format: the reader by
// the file's extension (its content checked against it), the columns named as the exchange format's
// properties, the coordinates transformed to longitude/latitude (Gauss-Krüger by proj4, GCJ-02 when
// the user says so), and each feature's row as the clerk finds it.

const BY_EXTENSION: Record<string, FileFormat> = {
  geojson: 'geojson', json: 'geojson', csv: 'csv', txt: 'csv', xlsx: 'xlsx', zip: 'shapefile', shp: 'shapefile',
  kml: 'kml', kmz: 'kmz', gpkg: 'gpkg',
}

export interface UploadRead {
  file: ReadFile
  /** What the import checks: the GeoJSON document itself, or the features read. */
  collection: unknown
}

export async function readUpload(upload: Upload, options: ReadOptions): Promise<UploadRead> {
  const extension = (/\.([^./\\]+)$/.exec(upload.name)?.[1] ?? '').toLowerCase()
  const format = BY_EXTENSION[extension]
  if (!format) throw badRequest('unsupported_format', msg('import.unsupported_format', { extension: extension ? `.${extension}` : upload.name.slice(0, 60) }))
  const blank = upload.bytes.length <= 4096 && /^[\s\uFEFF]*$/.test(new TextDecoder().decode(upload.bytes))
  if (upload.bytes.length === 0 || (['geojson', 'csv', 'kml'].includes(format) && blank)) {
    throw badRequest('empty_file', msg('import.empty_file', { file: upload.name }))
  }
  if (extension === 'shp') {
    throw new ApiError(400, 'shapefile_part_missing', msg('import.shapefile_part_missing', { name: upload.name.replace(/\.shp$/i, ''), part: '.dbf' }))
  }
  const file = await read(format, upload, options)
  if (file.document !== undefined) return { file, collection: geoJsonInLonLat(file, options) }
  return { file, collection: collectionOf(file, options) }
}

/** Names of the formats as said in unreadable_file. */
const FORMAT_NAMES: Record<FileFormat, string> = {
  geojson: 'GeoJSON', csv: 'CSV', xlsx: 'Excel (.xlsx)', shapefile: 'Shapefile', kml: 'KML', kmz: 'KMZ', gpkg: 'GeoPackage',
}

/** A reader's own refusals as they are; anything a library throws on a damaged file is that file's 400, never a 500. */
async function read(format: FileFormat, upload: Upload, options: ReadOptions): Promise<ReadFile> {
  try {
    return await readAs(format, upload, options)
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw unreadable(upload.name, FORMAT_NAMES[format], error instanceof Error ? error.message : String(error))
  }
}

async function readAs(format: FileFormat, upload: Upload, options: ReadOptions): Promise<ReadFile> {
  switch (format) {
    case 'geojson': return readGeoJson(upload)
    case 'csv': return readCsv(upload, options)
    case 'xlsx': return readXlsx(upload, options)
    case 'shapefile': return readShapefileZip(upload, options)
    case 'kml': return readKml(upload, options)
    case 'kmz': return readKmz(upload, options)
    case 'gpkg': return readGpkg(upload, options)
  }
}

function readGeoJson(upload: Upload): ReadFile {
  const kind = sniff(upload.bytes)
  if (kind !== 'json') throw mismatch(upload.name, 'GeoJSON', KIND_NAMES[kind])
  let document: unknown
  try {
    document = JSON.parse(decodeText(upload.bytes, 'utf-8').text)
  } catch (error) {
    throw badRequest('invalid_json', msg('errors.invalid_json', { reason: (error as Error).message }))
  }
  checkJsonValue(document)
  const features = Array.isArray((document as any)?.features) ? (document as any).features as Feature[] : []
  return {
    format: 'geojson', rowKind: 'feature', crs: 'EPSG:4326', notes: [], problems: [], document,
    columns: [...new Set(features.flatMap((f) => Object.keys(f?.properties ?? {})))],
    features: features.map((f, i) => ({ properties: f?.properties ?? {}, geometry: f?.geometry ?? null, row: i + 1 })),
  }
}

/**
 * A GeoJSON document as it is, unless it is in a Gauss-Krüger zone (its `crs` member, or the user's
 * choice) or GCJ-02: then its geometries are transformed and the `crs` member goes. Any other `crs`
 * is left for the format's check to refuse.
 */
function geoJsonInLonLat(file: ReadFile, options: ReadOptions): unknown {
  const doc = file.document as { crs?: { properties?: { name?: unknown } }; features?: unknown }
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.features)) return doc
  const declared = typeof doc.crs?.properties?.name === 'string' ? doc.crs.properties.name : undefined
  let source: Crs = LONLAT
  if (options.crs) source = crsFromCode(options.crs)
  else if (declared) {
    try {
      source = crsFromCode(declared)
    } catch {
      return doc
    }
  }
  const named = renamed(doc.features as Feature[], file, options)
  if (!source.zone && !options.gcj02) return named === doc.features ? doc : { ...doc, features: named }
  file.crs = source.name
  const project = toLonLat(source)
  const position = options.gcj02 ? (p: number[]) => fromGcj02(project(p)) : project
  if (source.zone) file.notes.push(issue(null, 'crs', 'crs_transformed', msg('import.crs_transformed', { crs: source.name })))
  if (options.gcj02) file.notes.push(issue(null, 'crs', 'gcj02_converted', msg('import.gcj02_converted')))
  const { crs: _declared, ...rest } = doc
  const features = named.map((f) => (f && typeof f === 'object' && f.geometry && typeof f.geometry === 'object' && 'coordinates' in f.geometry && Array.isArray(f.geometry.coordinates)
    ? { ...f, geometry: transformed(f.geometry as Geometry, position) }
    : f))
  file.features = file.features.map((f, i) => ({ ...f, geometry: (features[i] as Feature)?.geometry ?? null }))
  return { ...rest, features }
}

/**
 * Properties of a GeoJSON file named by a Chinese alias (a file GDAL made from a Chinese Shapefile)
 * under the exchange format's names; values stay as they are (a GeoJSON says its types itself).
 */
function renamed(features: Feature[], file: ReadFile, options: ReadOptions): Feature[] {
  const renames = matchColumns(options.layer, file.columns).filter((m) => m.property && m.property !== m.header)
  if (!renames.length) return features
  const out = features.map((f) => {
    if (!f || typeof f !== 'object' || !f.properties || typeof f.properties !== 'object') return f
    const p: Record<string, unknown> = { ...f.properties }
    for (const m of renames) {
      if (m.header in p && !(m.property! in p)) {
        p[m.property!] = p[m.header]
        delete p[m.header]
      }
    }
    return { ...f, properties: p }
  })
  file.features = file.features.map((f, i) => ({ ...f, properties: (out[i]?.properties ?? f.properties) as Record<string, unknown> }))
  return out
}

/** A geometry transformed, or as it came when its coordinates are not well formed (the format's check names that). */
function transformed(g: Geometry, position: (p: number[]) => number[]): Geometry {
  try {
    return mapGeometry(g, position)
  } catch {
    return g
  }
}

/** The features read as a FeatureCollection of the layer: named, typed and in longitude/latitude. */
function collectionOf(file: ReadFile, options: ReadOptions): FeatureCollection {
  const source: Crs = 'sourceCrs' in file ? (file as ReadFile & { sourceCrs: Crs }).sourceCrs : options.crs ? crsFromCode(options.crs) : LONLAT
  file.crs = source.name
  const project = toLonLat(source)
  const position = options.gcj02 ? (p: number[]) => fromGcj02(project(p)) : project
  if (source.zone) file.notes.push(issue(null, 'crs', 'crs_transformed', msg('import.crs_transformed', { crs: source.name })))
  if (options.gcj02) file.notes.push(issue(null, 'crs', 'gcj02_converted', msg('import.gcj02_converted')))
  const typed = file.typedFor === options.layer
  const matches = typed ? [] : matchColumns(options.layer, file.columns)
  const named = file.features.map((f) => (typed ? f.properties : rowProperties(options.layer, matches, file.columns.map((c) => f.properties[c]))))
  // CSV and KML data are text: an unknown column of numbers (or true/false) only is read back as such.
  const textual = file.format === 'csv' || file.format === 'kml' || file.format === 'kmz'
  const propertiesOf = textual ? typeUnknownColumns(options.layer, named) : named
  const features = file.features.map((f, i): Feature<Geometry | null> => {
    const geometry = f.geometry ? mapGeometry(f.geometry, position) as Geometry : null
    return { type: 'Feature', properties: propertiesOf[i], geometry }
  })
  file.features = file.features.map((f, i) => ({ ...f, properties: features[i].properties!, geometry: features[i].geometry as Geometry | null }))
  return { type: 'FeatureCollection', features } as FeatureCollection
}

