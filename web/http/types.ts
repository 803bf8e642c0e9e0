// Shapes of the API's answers (the API contract: GET /api/health, /api/counties, /api/layers, /api/search).
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { LayerName } from '../../geodata/format'

export type BBox = [number, number, number, number]

export interface County {
  code: string
  name: string
  bbox: BBox
}

/** Exchange-format properties: `code` is the key; the rest as GEODATA_FORMAT.md names them. */
export type FeatureProps = { code: string; name?: string | null } & Record<string, unknown>

export type LayerFeature = Feature<Geometry | null, FeatureProps>
export type LayerCollection = FeatureCollection<Geometry | null, FeatureProps>

export interface SearchResult {
  layer: Extract<LayerName, 'villages' | 'regions' | 'sites'>
  code: string
  name: string
  kind: 'village' | 'township' | 'county' | 'site'
  townshipName?: string
  bbox: BBox
}

export type Health =
  | { status: 'starting'; message: string; stage?: string }
  | { status: 'ok'; database: 'pglite' | 'postgres'; postgis: string }

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown }
}
