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
}

export interface ImportResult {
  inserted: number
  updated: number
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
  /** The body is the file as it is (a FeatureCollection), read and checked by the server itself. */
  'POST /api/layers/:layer/import': endpoint<ImportResult>(),
  'GET /api/search': endpoint<SearchResult[]>(),
}
