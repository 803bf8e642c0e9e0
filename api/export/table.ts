import type { Geometry } from 'geojson'
import wkx from 'wkx'
import { LAYER_SPECS } from '../../core/format/layers.ts'
import type { LayerName, PropertyType } from '../../core/format/layers.ts'
import type { LayerFeature } from '../../core/contract/layers.ts'

// A layer as a table, for the formats that are tables (CSV, Excel, the Shapefile's dBase file):
// the exchange format's properties in its order, then the unknown ones the features carry
// (kept on export, GEODATA_FORMAT.md), then the geometry as lon/lat (point layers) or WKT.

export interface PropertyColumn {
  property: string
  /** The Chinese header of the exchange format (its alias), else the property's own name. */
  alias: string
  /** The exchange format's type; `null` for a property it does not know. */
  type: PropertyType | null
}

export interface LayerTable {
  columns: PropertyColumn[]
  /** lon/lat columns for a layer of points only, a wkt column otherwise. */
  geometry: 'lonlat' | 'wkt'
}

export function layerTable(layer: LayerName, features: readonly LayerFeature[]): LayerTable {
  const spec = LAYER_SPECS[layer]
  const columns: PropertyColumn[] = spec.properties.map((p) => ({ property: p.name, alias: p.alias ?? p.name, type: p.type }))
  const known = new Set(columns.map((c) => c.property))
  const extra = new Set<string>()
  for (const f of features) for (const key of Object.keys(f.properties)) if (!known.has(key)) extra.add(key)
  for (const key of [...extra].sort()) columns.push({ property: key, alias: key, type: null })
  return { columns, geometry: spec.geometry.every((g) => g === 'Point') ? 'lonlat' : 'wkt' }
}

/** A property's value as a cell holds it: objects and lists as JSON text. */
export function cellValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value)
}

export function geometryWkt(geometry: Geometry | null): string | null {
  return geometry ? wkx.Geometry.parseGeoJSON(geometry).toWkt() : null
}

export function pointLonLat(geometry: Geometry | null): [number, number] | [null, null] {
  return geometry?.type === 'Point' ? [geometry.coordinates[0], geometry.coordinates[1]] : [null, null]
}
