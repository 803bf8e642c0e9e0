import type { Geometry } from 'geojson'
import type { LayerName } from '../../../core/format/layers.ts'
import type { Issue } from '../validate.ts'

// What every reader of an uploaded file gives back: features with the properties as the file names
// them, and for each the row a clerk finds it at (the Excel row, the CSV line, the feature from 1).

export const FILE_FORMATS = ['geojson', 'csv', 'xlsx', 'shapefile', 'kml', 'kmz', 'gpkg'] as const
export type FileFormat = (typeof FILE_FORMATS)[number]

/** How a file's rows are counted for the clerk. */
export type RowKind = 'row' | 'line' | 'feature'

export interface ReadFeature {
  properties: Record<string, unknown>
  geometry: Geometry | null
  /** The row as the clerk sees it. */
  row: number
  /** The sheet it is on, for a workbook of several sheets read. */
  sheet?: string
}

export interface ReadFile {
  format: FileFormat
  rowKind: RowKind
  /** The columns (attribute names) as the file has them. */
  columns: string[]
  features: ReadFeature[]
  /** The coordinate system as read (`EPSG:4326`, `EPSG:4526`). */
  crs: string
  /** The text encoding used, where the file has text in a chosen encoding. */
  encoding?: string
  /** Problems of reading that do not refuse the file (a totals row skipped, the encoding guessed). */
  notes: Issue[]
  /** Rows that could not be read (a WKT or a position that is not one), by feature index: errors. */
  problems: Issue[]
  /** A tabular file: its rows are already typed against this layer. */
  typedFor?: LayerName
  /** A GeoJSON file: the document itself, imported as it is. */
  document?: unknown
}

export const TEXT_ENCODINGS = ['auto', 'utf-8', 'gbk', 'gb18030'] as const
export type TextEncodingChoice = (typeof TEXT_ENCODINGS)[number]

export interface ReadOptions {
  layer: LayerName
  encoding: TextEncodingChoice
  /** The coordinate system the user chose (`EPSG:4526`), for files that do not say, or say wrongly. */
  crs?: string
  /** The coordinates are GCJ-02 (from a Chinese web map): convert them to WGS84. */
  gcj02: boolean
  maxUnpackedBytes: number
  maxCompressionRatio: number
}

export interface Upload {
  name: string
  bytes: Uint8Array
}
