import { ROAD_CLASSES } from '../format/layers.ts'
import type { RegionLevel } from '../format/layers.ts'
import type { LayerName } from '../format/layers.ts'

type RoadClass = (typeof ROAD_CLASSES)[number]

// Vector tiles of the layers (GET /api/tiles/:layer/:z/:x/:y.mvt): the web-mercator tile grid,
// what a tile carries, and when points are drawn as clusters. The server builds the tiles from
// these rules on both backends; the map styles read the same properties.

/** Deepest zoom a tile is served at (the bound; MapLibre overzooms past it). */
export const MAX_TILE_ZOOM = 22

/** Tile coordinates: 4096 units a side, 64 units of buffer beyond each edge (ST_AsMVT's and geojson-vt's defaults). */
export const TILE_EXTENT = 4096
export const TILE_BUFFER = 64

/**
 * The properties a tile carries per layer: what the map styles, popups and selection read
 * (web/map/layer_styles.ts; a popup loads the whole feature by code). `code` identifies a feature
 * (the map's promoteId).
 */
export const TILE_PROPERTIES = {
  regions: ['code', 'name', 'level', 'parentCode'],
  villages: ['code', 'name', 'townshipCode', 'population', 'isPoorVillage', 'exitYear', 'plannedExitYear'],
  sites: ['code', 'name', 'townshipCode', 'kind', 'decision', 'status'],
  roads: ['code', 'name', 'roadClass', 'surface', 'status', 'townshipCode'],
  water: ['code', 'name', 'kind', 'status', 'townshipCode'],
  facilities: ['code', 'name', 'kind', 'townshipCode'],
  hazards: ['code', 'name', 'kind', 'level'],
} as const satisfies Record<LayerName, readonly string[]>

/** Whether the map draws a layer of `count` features from tiles, the setting map.tilesAboveFeatures being `above`. */
export const drawnFromTiles = (count: number, above: number) => count > above

/** Layers of points only (villages: facilities are filtered by kind at low zoom instead), drawn as clusters (with their count) below CLUSTER_BELOW_ZOOM. */
export const CLUSTERED_LAYERS: readonly LayerName[] = ['villages']
export const CLUSTER_BELOW_ZOOM = 10
/**
 * Cluster radius in tile units (32 px of a 512-px tile). On PostgreSQL points are gathered in square
 * cells of this side, a 16th of the tile, so that no cell straddles two tiles.
 */
export const CLUSTER_RADIUS = TILE_EXTENT / 16

/** Cells a tile's side: the cluster grid (kept per zoom on the server, migration 0010). */
export const CELLS_PER_TILE = TILE_EXTENT / CLUSTER_RADIUS

/** Digits of a county's code: a scope of at most this many digits is whole counties, summed from the kept cells. */
export const COUNTY_CODE_LENGTH = 6

/**
 * Below this zoom roads come from the lines kept per zoom tile (migration 0012): merged per county, class
 * and status and simplified to the zoom, as village roads (drawn one by one) appear at 10. Such a feature
 * is a `cluster` with a `cluster-roads-…` code: it stands for many roads, so a click zooms in.
 */
export const ROAD_CELLS_BELOW_ZOOM = 10

/** Whether a roads tile at zoom z comes from the kept lines. */
export const roadCellsAt = (layer: LayerName, z: number) => layer === 'roads' && z < ROAD_CELLS_BELOW_ZOOM

/** Whether points of this layer are clustered at zoom z. */
export const clustersAt = (layer: LayerName, z: number) => CLUSTERED_LAYERS.includes(layer) && z < CLUSTER_BELOW_ZOOM

/**
 * A cluster's properties in a tile: `cluster: true`, `count` (points in it) and a `code` of its own
 * (`cluster-…`, never a feature's code), so that selection by code never picks a cluster.
 */
export const CLUSTER_CODE_PREFIX = 'cluster-'

export interface TileAddress {
  z: number
  x: number
  y: number
}

/** Whether z/x/y names a tile of the grid. */
export function isTile({ z, x, y }: TileAddress): boolean {
  if (![z, x, y].every(Number.isInteger) || z < 0 || z > MAX_TILE_ZOOM) return false
  const n = 2 ** z
  return x >= 0 && x < n && y >= 0 && y < n
}

const lonOf = (x: number, n: number) => (x / n) * 360 - 180
const latOf = (y: number, n: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI

/**
 * The tile's bounds in longitude/latitude `[w, s, e, n]`, widened by `margin` (a share of the tile's
 * side, TILE_BUFFER / TILE_EXTENT for the tile with its buffer).
 */
export function tileBounds({ z, x, y }: TileAddress, margin = 0): [number, number, number, number] {
  const n = 2 ** z
  return [lonOf(x - margin, n), latOf(y + 1 + margin, n), lonOf(x + 1 + margin, n), latOf(y - margin, n)]
}

/** Whether two `[w, s, e, n]` boxes overlap (touching counts). */
export function boxesMeet(a: readonly number[], b: readonly number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/**
 * The zoom from which features are drawn, by a property, for the layers a low zoom thins out; the tiles
 * carry only what their zoom draws, and the map's styles filter by the same rule (web/map/layer_styles.ts),
 * so tiles and GeoJSON draw alike. Roads: a province seen whole (zoom 6–7) shows its county roads,
 * township roads come at 8, village roads at 10 (where the village clusters open), group roads at 11.
 * Regions: the village outlines from zoom 11, where the map has always begun drawing them.
 */
export const DRAWN_FROM_ZOOM = {
  roads: { property: 'roadClass', minZoom: { county: 0, township: 8, village: 10, group: 11 } as Record<RoadClass, number> },
  regions: { property: 'level', minZoom: { county: 0, township: 0, village: 11 } as Record<RegionLevel, number> },
} as const satisfies Partial<Record<LayerName, { property: string; minZoom: Record<string, number> }>>

/** The values of its property a layer draws at zoom z; null when it draws everything there. */
export function drawnAt(layer: LayerName, z: number): { property: string; values: string[] } | null {
  const rule = (DRAWN_FROM_ZOOM as Partial<Record<LayerName, { property: string; minZoom: Record<string, number> }>>)[layer]
  if (!rule) return null
  const entries = Object.entries(rule.minZoom)
  if (entries.every(([, from]) => z >= from)) return null
  return { property: rule.property, values: entries.filter(([, from]) => z >= from).map(([value]) => value) }
}

/** The road classes drawn at zoom z. */
export const roadClassesAt = (z: number): RoadClass[] => drawnAt('roads', z)?.values as RoadClass[] ?? [...ROAD_CLASSES]
