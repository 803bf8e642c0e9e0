import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { LayerName } from '../format/layers.ts'
import type { WireMessage } from '../messages/catalogue.ts'
import type { AuditEntry } from './audit.ts'
import { endpoint, type Ok } from './endpoint.ts'

// Layers in the exchange format (GEODATA_FORMAT.md), the counties of the instance, search, a
// feature's history and imports.

export type BBox = [number, number, number, number]

/** Exchange-format properties: `code` is the key; the rest as GEODATA_FORMAT.md names them. */
export type FeatureProps = { code: string; name?: string | null } & Record<string, unknown>

export type LayerFeature = Feature<Geometry | null, FeatureProps>
export type LayerCollection = FeatureCollection<Geometry | null, FeatureProps>

export interface County {
  code: string
  name: string
  bbox: BBox
}

export interface LayerCount {
  layer: LayerName
  /** Features of the layer (in `region` when asked with one, and in the reader's scope). */
  count: number
  /** Whether the map draws the layer from vector tiles (more than `map.tilesAboveFeatures`). */
  tiles: boolean
}

export interface SearchResult {
  layer: Extract<LayerName, 'villages' | 'regions' | 'sites'>
  code: string
  name: string
  kind: 'village' | 'township' | 'county' | 'site'
  townshipName?: string
  bbox: BBox
}

/** One problem of an import (an error refusing the file, or a warning), as listed in details.errors or warnings. */
export interface ImportIssue {
  /** The feature's 0-based position in the file; null for the file itself. */
  index: number | null
  code?: string
  property: string
  /** The stable reason of GEODATA_FORMAT.md's error list. */
  reason: string
  msg: WireMessage
  /** The same in English, for scripts. */
  message: string
  /** The row as the clerk finds it in an uploaded file (the Excel row, the CSV line, the feature from 1). */
  row?: number
  /** The sheet of a workbook the row is on, where the workbook has several read. */
  sheet?: string
}

export interface ImportResult {
  inserted: number
  updated: number
  warnings: ImportIssue[]
}

/** `?preview=1`: the whole report of a file, nothing written. */
export interface ImportPreview {
  preview: true
  layer: LayerName
  /** geojson, csv, xlsx, shapefile, kml, kmz, gpkg */
  format: string
  /** The layer the file's columns fit best (core/format/columns.ts guessLayer). */
  suggestedLayer: LayerName | null
  /** How the rows are counted: Excel rows, CSV lines, or features from 1. */
  rowKind: 'row' | 'line' | 'feature'
  count: number
  /** The coordinate system the file was read in (`EPSG:4526`), before the transform to longitude/latitude. */
  crs: string
  encoding: string | null
  /** Each column of the file and the property (or coordinate role) it fills. */
  columns: { header: string; property?: string; role?: 'lon' | 'lat' | 'wkt' }[]
  /** The first rows as parsed. */
  first: { row: number; properties: Record<string, unknown> }[]
  /** Every feature as parsed (longitude/latitude), with its row in `_row`. */
  features: FeatureCollection<Geometry | null>
  errors: ImportIssue[]
  warnings: ImportIssue[]
}

/** One entry of a project's progress log as a feature's history shows it. */
export interface HistoryProgress {
  date: string
  status: string
  progressPct: number | null
  spentCny: number | null
  note: string | null
  source: 'import' | 'manual'
  createdAt: string
}

export interface FeatureHistory {
  changes: AuditEntry[]
  progress: HistoryProgress[]
}

export const layerRoutes = {
  'GET /api/counties': endpoint<County[]>(),
  'GET /api/layers': endpoint<LayerCount[]>(),
  'GET /api/layers/:layer': endpoint<LayerCollection>(),
  'GET /api/layers/:layer/:code': endpoint<LayerFeature>(),
  'GET /api/layers/:layer/:code/history': endpoint<FeatureHistory>(),
  'DELETE /api/layers/:layer/:code': endpoint<Ok>(),
  /**
   * The body is the file as it is (a FeatureCollection), read and checked by the server itself, or a
   * multipart upload (field `file`: GeoJSON, CSV, .xlsx, zipped Shapefile, KML/KMZ, GeoPackage);
   * `?preview=1` answers the report and writes nothing.
   */
  'POST /api/layers/:layer/import': endpoint<ImportResult | ImportPreview>(),
  'GET /api/search': endpoint<SearchResult[]>(),
}
