import type { Geometry, Position } from 'geojson'
import { zipSync, strToU8 } from 'fflate'
import { LAYER_SPECS } from '../../core/format/layers.ts'
import type { LayerName, PropertyType } from '../../core/format/layers.ts'
import type { LayerFeature } from '../../core/contract/layers.ts'
import { shapefileFieldNames } from '../../core/export/shapefile_fields.ts'
import { cellValue, layerTable, type PropertyColumn } from './table.ts'

// A layer as a zipped Shapefile: one .shp/.shx/.dbf per kind of geometry the layer holds (a layer
// of one kind is one file set named after it), with a .prj (CGCS2000, EPSG:4490), a .cpg (UTF-8)
// and fields.csv (each dBase field's property and Chinese name, since dBase names are cut to 10).
// The writer is our own: dbf@0.2.0 (under @mapbox/shp-write) writes each UTF-16 unit of a text as
// one byte, so Chinese names came out as garbage, and shp-write 0.4 wrote all lines as one record.

export const PRJ_CGCS2000 =
  'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]'

type Kind = 'point' | 'line' | 'polygon'
const SHAPE_TYPE: Record<Kind, number> = { point: 1, line: 3, polygon: 5 }

function kindOf(geometry: Geometry): Kind {
  switch (geometry.type) {
    case 'Point': case 'MultiPoint': return 'point'
    case 'LineString': case 'MultiLineString': return 'line'
    default: return 'polygon'
  }
}

export function layerShapefileZip(layer: LayerName, features: readonly LayerFeature[]): Uint8Array {
  const table = layerTable(layer, features)
  const fields = shapefileFieldNames(table.columns.map((c) => c.property))
  const primary = kindOf({ type: LAYER_SPECS[layer].geometry[0] } as Geometry)
  const groups = new Map<Kind, LayerFeature[]>()
  // Features without geometry (planned projects) are null shapes in the file of the layer's first kind.
  for (const f of features) {
    const kind = f.geometry ? kindOf(f.geometry) : primary
    groups.set(kind, [...(groups.get(kind) ?? []), f])
  }
  if (groups.size === 0) groups.set(primary, [])
  const files: Record<string, Uint8Array> = {}
  const single = groups.size === 1
  for (const [kind, members] of groups) {
    const base = single ? layer : `${layer}_${kind}`
    const { shp, shx } = writeShapes(SHAPE_TYPE[kind], members.map((f) => f.geometry))
    files[`${base}.shp`] = shp
    files[`${base}.shx`] = shx
    files[`${base}.dbf`] = writeDbf(table.columns, fields, members)
    files[`${base}.prj`] = strToU8(PRJ_CGCS2000)
    files[`${base}.cpg`] = strToU8('UTF-8')
  }
  const mapping = [['field', 'property', 'alias'], ...table.columns.map((c) => [fields.get(c.property)!, c.property, c.alias])]
  files['fields.csv'] = strToU8(`\uFEFF${mapping.map((r) => r.join(',')).join('\r\n')}\r\n`)
  return zipSync(files, { level: 6 })
}

// ---- .shp and .shx (ESRI Shapefile Technical Description, 1998) ----

interface Extent { xmin: number; ymin: number; xmax: number; ymax: number }

function ringArea(ring: Position[]): number {
  let sum = 0
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return sum / 2
}

/** The parts of a geometry as the shapefile wants them: polygon outer rings clockwise, holes counter-clockwise. */
function partsOf(geometry: Geometry): Position[][] {
  switch (geometry.type) {
    case 'Point': return [[geometry.coordinates]]
    case 'MultiPoint': return [geometry.coordinates]
    case 'LineString': return [geometry.coordinates]
    case 'MultiLineString': return geometry.coordinates
    case 'Polygon': return orient(geometry.coordinates)
    case 'MultiPolygon': return geometry.coordinates.flatMap(orient)
    default: return []
  }
}

function orient(rings: Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const clockwise = ringArea(ring) < 0
    return (i === 0) === clockwise ? ring : [...ring].reverse()
  })
}

function writeShapes(shapeType: number, geometries: readonly (Geometry | null)[]): { shp: Uint8Array; shx: Uint8Array } {
  const records = geometries.map((g) => (g ? partsOf(g) : null))
  const contentLength = (parts: Position[][] | null) => {
    if (!parts) return 4
    if (shapeType === 1) return 20
    return 44 + 4 * parts.length + 16 * parts.reduce((n, p) => n + p.length, 0)
  }
  const lengths = records.map(contentLength)
  const shpLength = 100 + lengths.reduce((n, l) => n + 8 + l, 0)
  const shp = new DataView(new ArrayBuffer(shpLength))
  const shx = new DataView(new ArrayBuffer(100 + 8 * records.length))
  const all: Extent = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity }
  for (const parts of records) for (const part of parts ?? []) for (const [x, y] of part) grow(all, x, y)
  if (!Number.isFinite(all.xmin)) Object.assign(all, { xmin: 0, ymin: 0, xmax: 0, ymax: 0 })
  header(shp, shpLength, shapeType, all)
  header(shx, 100 + 8 * records.length, shapeType, all)
  let offset = 100
  records.forEach((parts, i) => {
    const length = lengths[i]
    shx.setInt32(100 + 8 * i, offset / 2)
    shx.setInt32(104 + 8 * i, length / 2)
    shp.setInt32(offset, i + 1)
    shp.setInt32(offset + 4, length / 2)
    let at = offset + 8
    if (!parts) {
      shp.setInt32(at, 0, true)
    } else if (shapeType === 1) {
      shp.setInt32(at, 1, true)
      shp.setFloat64(at + 4, parts[0][0][0], true)
      shp.setFloat64(at + 12, parts[0][0][1], true)
    } else {
      const box: Extent = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity }
      for (const part of parts) for (const [x, y] of part) grow(box, x, y)
      shp.setInt32(at, shapeType, true)
      writeBox(shp, at + 4, box)
      const points = parts.reduce((n, p) => n + p.length, 0)
      shp.setInt32(at + 36, parts.length, true)
      shp.setInt32(at + 40, points, true)
      at += 44
      let first = 0
      for (const part of parts) {
        shp.setInt32(at, first, true)
        at += 4
        first += part.length
      }
      for (const part of parts) for (const [x, y] of part) {
        shp.setFloat64(at, x, true)
        shp.setFloat64(at + 8, y, true)
        at += 16
      }
    }
    offset += 8 + length
  })
  return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) }
}

function grow(e: Extent, x: number, y: number) {
  e.xmin = Math.min(e.xmin, x); e.ymin = Math.min(e.ymin, y); e.xmax = Math.max(e.xmax, x); e.ymax = Math.max(e.ymax, y)
}

function writeBox(view: DataView, at: number, e: Extent) {
  view.setFloat64(at, e.xmin, true); view.setFloat64(at + 8, e.ymin, true)
  view.setFloat64(at + 16, e.xmax, true); view.setFloat64(at + 24, e.ymax, true)
}

function header(view: DataView, byteLength: number, shapeType: number, extent: Extent) {
  view.setInt32(0, 9994)
  view.setInt32(24, byteLength / 2)
  view.setInt32(28, 1000, true)
  view.setInt32(32, shapeType, true)
  writeBox(view, 36, extent)
}

// ---- .dbf (dBase III, text in UTF-8 as the .cpg says) ----

interface DbfField { name: string; type: 'C' | 'N' | 'L' | 'D'; length: number; decimals: number; encode: (v: unknown) => Uint8Array }

const encoder = new TextEncoder()
const ascii = (text: string) => encoder.encode(text)

/** A number in at most `length` characters, without exponent or trailing zeros. */
function numberText(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals)
  return decimals > 0 ? fixed.replace(/\.?0+$/, '') : fixed
}

/** UTF-8 bytes of a text cut at a character boundary to fit `max` bytes. */
function utf8Within(text: string, max: number): Uint8Array {
  let bytes = encoder.encode(text)
  if (bytes.length <= max) return bytes
  let cut = max
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--
  bytes = bytes.slice(0, cut)
  return bytes
}

function dbfField(column: PropertyColumn, name: string, values: unknown[]): DbfField {
  const type: PropertyType | 'number' | 'boolean' | 'text' = column.type
    ?? (values.every((v) => v === null || v === undefined || typeof v === 'number') && values.some((v) => typeof v === 'number') ? 'number'
      : values.every((v) => v === null || v === undefined || typeof v === 'boolean') && values.some((v) => typeof v === 'boolean') ? 'boolean' : 'text')
  switch (type) {
    case 'int': case 'year':
      return { name, type: 'N', length: 11, decimals: 0, encode: (v) => ascii(numberText(v as number, 0)) }
    case 'number':
      return { name, type: 'N', length: 24, decimals: 7, encode: (v) => ascii(numberText(v as number, 7)) }
    case 'boolean':
      return { name, type: 'L', length: 1, decimals: 0, encode: (v) => ascii(v ? 'T' : 'F') }
    case 'date':
      return { name, type: 'D', length: 8, decimals: 0, encode: (v) => ascii(String(v).replaceAll('-', '')) }
    default: {
      const texts = values.map((v) => (v === null || v === undefined ? '' : String(cellValue(v))))
      const length = Math.min(254, Math.max(1, ...texts.map((t) => encoder.encode(t).length)))
      return { name, type: 'C', length, decimals: 0, encode: (v) => utf8Within(String(cellValue(v)), length) }
    }
  }
}

function writeDbf(columns: readonly PropertyColumn[], names: Map<string, string>, features: readonly LayerFeature[]): Uint8Array {
  const fields = columns.map((c) => dbfField(c, names.get(c.property)!, features.map((f) => f.properties[c.property])))
  const headerLength = 32 + 32 * fields.length + 1
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0)
  const bytes = new Uint8Array(headerLength + recordLength * features.length + 1)
  const view = new DataView(bytes.buffer)
  const now = new Date()
  view.setUint8(0, 0x03)
  view.setUint8(1, now.getUTCFullYear() - 1900)
  view.setUint8(2, now.getUTCMonth() + 1)
  view.setUint8(3, now.getUTCDate())
  view.setUint32(4, features.length, true)
  view.setUint16(8, headerLength, true)
  view.setUint16(10, recordLength, true)
  fields.forEach((f, i) => {
    const at = 32 + 32 * i
    bytes.set(ascii(f.name).slice(0, 10), at)
    bytes[at + 11] = f.type.charCodeAt(0)
    bytes[at + 16] = f.length
    bytes[at + 17] = f.decimals
  })
  bytes[headerLength - 1] = 0x0d
  let at = headerLength
  for (const feature of features) {
    bytes[at++] = 0x20
    fields.forEach((f, i) => {
      const value = feature.properties[columns[i].property]
      const cell = new Uint8Array(f.length).fill(0x20)
      if (value !== null && value !== undefined) {
        const text = f.encode(value)
        // Numbers are right-aligned, everything else left-aligned.
        cell.set(text.slice(0, f.length), f.type === 'N' ? Math.max(0, f.length - text.length) : 0)
      }
      bytes.set(cell, at)
      at += f.length
    })
  }
  bytes[at] = 0x1a
  return bytes
}
