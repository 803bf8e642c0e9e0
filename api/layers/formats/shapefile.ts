import * as shapefile from 'shapefile'
import Papa from 'papaparse'
import type { Geometry, Position } from 'geojson'
import { msg } from '../../../core/messages/catalogue.ts'
import { ApiError } from '../../http/errors.ts'
import { issue, type Issue } from '../validate.ts'
import { crsFromCode, crsFromWkt, LONLAT, mapGeometry, maxFirstCoordinate, toLonLat, type Crs } from './crs.ts'
import { encodingFromCpg, guessEncoding } from './encoding.ts'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import { unzipChecked } from './zip.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// A zipped Shapefile (every .shp in it, each with its own parts): .shp, .dbf and .prj are needed (a missing one is named), .cpg honoured; without
// it the attribute table is read as UTF-8 when it is valid UTF-8, else as GBK/GB18030 (or as chosen).
// The .prj says the coordinate system (or the user does); Gauss-Krüger zones are transformed later.

export interface ShapefileRead extends ReadFile {
  sourceCrs: Crs
}

export async function readShapefileZip(file: Upload, options: ReadOptions): Promise<ShapefileRead> {
  const kind = sniff(file.bytes)
  if (kind !== 'zip') throw mismatch(file.name, 'ZIP (Shapefile)', KIND_NAMES[kind])
  const entries = unzipChecked(file.name, file.bytes, options, (name) => /\.(shp|shx|dbf|prj|cpg)$/i.test(name) || /(^|\/)fields\.csv$/i.test(name))
  const shps = Object.keys(entries).filter((n) => /\.shp$/i.test(n)).sort()
  if (shps.length === 0) {
    throw new ApiError(400, 'zip_no_shapefile', msg('import.zip_no_shapefile', { file: file.name }))
  }
  const sets: ShapefileSet[] = []
  for (const shp of shps) sets.push(await readSet(file.name, entries, shp, options))
  // Sets in different coordinate systems (rare) are each brought to longitude/latitude here.
  const same = sets.every((s) => s.crs.name === sets[0].crs.name)
  const sourceCrs = same ? sets[0].crs : LONLAT
  const features = sets.flatMap((s) => (same ? s.features : s.features.map((f) => ({ ...f, geometry: f.geometry ? mapGeometry(f.geometry, toLonLat(s.crs)) : null }))))
  const notes = unique(sets.flatMap((s) => s.notes))
  // fields.csv (our own export writes one: dBase field, property, Chinese name) names every field back.
  const mapping = fieldMapping(entries)
  const named = mapping.size ? features.map((f) => ({ ...f, properties: Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [mapping.get(k) ?? k, v])) })) : features
  const columns = [...new Set(named.flatMap((f) => Object.keys(f.properties)))]
  return {
    format: 'shapefile', rowKind: 'feature', columns, crs: sourceCrs.name, encoding: sets[0].encoding, notes, problems: [], sourceCrs,
    features: named.map((f, i) => ({ ...f, row: i + 1 })),
  }
}

interface ShapefileSet {
  crs: Crs
  encoding: string
  notes: Issue[]
  features: { properties: Record<string, unknown>; geometry: Geometry | null }[]
}

/** One .shp with its .dbf, .prj and .cpg (a zip may hold one set per kind of geometry, as our export writes a mixed layer). */
async function readSet(fileName: string, entries: Record<string, Uint8Array>, shpName: string, options: ReadOptions): Promise<ShapefileSet> {
  const base = shpName.slice(0, -4)
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
    throw unreadable(fileName, 'Shapefile', (error as Error).message)
  }
  const geometries = collection.features.map((f) => f.geometry)
  const crs = options.crs ? crsFromCode(options.crs) : crsFromWkt(new TextDecoder().decode(prj!), maxFirstCoordinate(geometries))
  if (crs.note) notes.push(crs.note)
  return {
    crs, encoding, notes,
    features: collection.features.map((f) => ({ properties: trimmed(f.properties ?? {}), geometry: rewound(f.geometry) })),
  }
}

/** The same note from several sets said once. */
function unique(notes: Issue[]): Issue[] {
  const seen = new Set<string>()
  return notes.filter((n) => {
    const key = JSON.stringify(n.msg)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** `fields.csv` of the zip (field,property,alias), where it is there: each dBase field's property. */
function fieldMapping(entries: Record<string, Uint8Array>): Map<string, string> {
  const found = Object.entries(entries).find(([n]) => /(^|\/)fields\.csv$/i.test(n))
  const out = new Map<string, string>()
  if (!found) return out
  const rows = Papa.parse<string[]>(new TextDecoder().decode(found[1]).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data
  if (rows[0]?.[0] !== 'field' || rows[0]?.[1] !== 'property') return out
  for (const [field, property] of rows.slice(1)) if (field && property && property.length <= 200) out.set(field, property)
  return out
}

function ringArea(ring: Position[]): number {
  let sum = 0
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return sum / 2
}

/** A Shapefile's rings (outer clockwise) as GeoJSON wants them (RFC 7946: outer counter-clockwise, holes clockwise). */
function rewound(g: Geometry | null): Geometry | null {
  if (!g) return g
  const orient = (rings: Position[][]) => rings.map((r, i) => ((ringArea(r) > 0) === (i === 0) ? r : [...r].reverse()))
  if (g.type === 'Polygon') return { ...g, coordinates: orient(g.coordinates) }
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map(orient) }
  return g
}

/** The record bytes of a .dbf (after its header), where the text is. */
function dbfRecords(dbf: Uint8Array): Uint8Array {
  if (dbf.length < 12) return dbf
  const headerLength = dbf[8] | (dbf[9] << 8)
  return dbf.subarray(Math.min(headerLength, dbf.length))
}

/**
 * What the `shapefile` library makes of a blank date field (no date; GDAL and our export write blanks):
 * `new Date(+'    ', '  ' - 1, +'  ')`, the day before 1 December 1899, in local time.
 */
const BLANK_DATE = new Date(0, -1, 0).getTime()

/** dBASE pads text with spaces; a date is the local day the library built (YYYY-MM-DD), a blank one none. */
function trimmed(p: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k.trim(), typeof v === 'string' ? v.trim() : v instanceof Date ? localDay(v) : v]))
}

function localDay(d: Date): string | null {
  if (Number.isNaN(d.getTime()) || d.getTime() === BLANK_DATE) return null
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
