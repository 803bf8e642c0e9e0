import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import GeoJSONVT from 'geojson-vt'
import vtpbf from 'vt-pbf'
import type { Database } from '../../db/client.ts'
import type { LayerName } from '../../core/format/layers.ts'
import {
  CELLS_PER_TILE, CLUSTER_CODE_PREFIX, clustersAt, roadCellsAt, COUNTY_CODE_LENGTH, drawnAt, TILE_BUFFER, TILE_EXTENT, TILE_PROPERTIES,
  tileBounds, type TileAddress,
} from '../../core/tiles/tiles.ts'
import { inRegion, layerColumns } from '../layers/store.ts'

// One vector tile of a layer. PostgreSQL builds it with ST_AsMVT (index-backed bbox filter on the
// tile's envelope with its buffer, lines and polygons simplified to the tile's resolution). Below
// CLUSTER_BELOW_ZOOM villages come from the cells kept per zoom in tile_cells (migration 0010): the
// tile reads its 18 × 18 cells by index, never the villages, except the one village of a lone cell.
// PGlite has no ST_AsMVT: it reads the same cell rows and encodes them with vt-pbf, and cuts lines,
// polygons and the points of higher zooms with geojson-vt. Both carry TILE_PROPERTIES only, and
// roads and regions of the classes and levels drawn at the zoom only (drawnAt).

/** Half the world's side in web mercator metres. */
const WORLD_M = 20037508.342789244

interface TileColumn {
  property: string
  column: string
}

function tileColumns(layer: LayerName): TileColumn[] {
  const columns = layerColumns(layer)
  return TILE_PROPERTIES[layer].map((property) =>
    property === 'code' ? { property, column: 'code' } : { property, column: columns.find((c) => c.property === property)!.column })
}

const MARGIN = TILE_BUFFER / TILE_EXTENT

/** Tile corners in web mercator metres: the tile's side and its top-left corner. */
function mercatorTile({ z, x, y }: TileAddress) {
  const side = (2 * WORLD_M) / 2 ** z
  return { side, left: -WORLD_M + x * side, top: WORLD_M - y * side }
}

export interface TileQueryOptions {
  /** Cluster from the villages at request time instead of the kept cells (the benchmark's comparison). */
  live?: boolean
}

/**
 * The clusters of a low-zoom tile as cell rows (cx, cy, n, sx, sy, and code when n = 1): the tile's
 * 16 × 16 cells and the ring of cells around it (their clusters may fall in the buffer). Read from
 * tile_cells (migration 0010; summed over the counties of the scope) unless the scope is finer than a
 * county or `live` is asked: then gathered from the villages of the tile on the same grid.
 */
function clusterCells(layer: LayerName, address: TileAddress, scope: string | undefined, options: TileQueryOptions): SQL {
  const { z } = address
  const { cx0, cy0 } = firstCell(address)
  const within = (cx: SQL, cy: SQL) => sql`${cx} BETWEEN ${cx0 - 1}::int AND ${cx0 + CELLS_PER_TILE}::int
    AND ${cy} BETWEEN ${cy0 - 1}::int AND ${cy0 + CELLS_PER_TILE}::int`
  if (!options.live && clustersFromCells(layer, scope)) {
    return sql`SELECT c.cx, c.cy, sum(c.n)::int AS n, sum(c.sx) AS sx, sum(c.sy) AS sy, min(c.code) AS code
      FROM tile_cells c WHERE c.zoom = ${z}::int AND ${within(sql`c.cx`, sql`c.cy`)}
      ${scope ? sql`AND c.county_code LIKE ${`${scope}%`}` : sql``}
      GROUP BY c.cx, c.cy`
  }
  const [w, s, e, n] = tileBounds(address, 1 / CELLS_PER_TILE)
  return sql`SELECT p.cx, p.cy, count(*)::int AS n, sum(p.x) AS sx, sum(p.y) AS sy, min(p.code) AS code FROM (
      SELECT q.code, ST_X(q.p) AS x, ST_Y(q.p) AS y,
        floor(ST_X(q.p) / tile_cell_side(${z}::int))::int AS cx, floor(ST_Y(q.p) / tile_cell_side(${z}::int))::int AS cy
      FROM (SELECT t.code, tile_cell_point(t.geom) AS p FROM ${sql.identifier(layer)} t
        WHERE t.geom && ST_MakeEnvelope(${w - 1e-9}, ${s - 1e-9}, ${e + 1e-9}, ${n + 1e-9}, 4326)
        ${scope ? sql`AND ${inRegion(layer, scope)}` : sql``}) q) p
    WHERE ${within(sql`p.cx`, sql`p.cy`)}
    GROUP BY p.cx, p.cy`
}

/**
 * The rows PGlite encodes a low-zoom tile from (the benchmark's raw query there): the cell rows, a lone
 * cell's village with its properties and mercator point.
 */
export function clusterCellsQuery(layer: LayerName, address: TileAddress, scope?: string): SQL {
  const columns = tileColumns(layer)
  return sql`
    WITH c AS (${clusterCells(layer, address, scope, {})})
    SELECT c.cx, c.cy, c.n, c.sx::float8 AS sx, c.sy::float8 AS sy,
      ${sql.join(columns.map((col) => sql`t.${sql.identifier(col.column)} AS ${sql.identifier(col.property)}`), sql`, `)},
      ST_X(tile_cell_point(t.geom))::float8 AS vx, ST_Y(tile_cell_point(t.geom))::float8 AS vy
    FROM c LEFT JOIN ${sql.identifier(layer)} t ON c.n = 1 AND t.code = c.code`
}

/** The first cell (lowest cx, lowest cy: mercator y grows northward) of a tile. */
function firstCell({ z, x, y }: TileAddress) {
  const half = 2 ** z * (CELLS_PER_TILE / 2)
  return { cx0: x * CELLS_PER_TILE - half, cy0: half - (y + 1) * CELLS_PER_TILE }
}

/** Whether the kept road lines answer a roads tile at this zoom in this scope (whole counties, or none). */
const fromRoadCells = (layer: LayerName, z: number, scope: string | undefined, options: TileQueryOptions) =>
  roadCellsAt(layer, z) && !options.live && (scope === undefined || scope.length <= COUNTY_CODE_LENGTH)

/**
 * The features of a low-zoom roads tile (code, roadClass, status, surface, cluster and `geom`): the
 * kept lines (road_cells, migration 0012) of the tile and its 8 neighbours (a road lies in the tile of its
 * point and is far shorter than a tile) that meet the tile with its buffer. Scoped by county; the roads
 * without a township are not in a county, so under a scope they come from the roads one by one, scoped as
 * the layers route scopes them (inRegion).
 */
export function roadCellFeatures(address: TileAddress, scope: string | undefined, geometry: (g: SQL) => SQL): SQL {
  const { z, x, y } = address
  const unitM = (2 * WORLD_M) / 2 ** z / TILE_EXTENT
  const kept = sql`SELECT ${`${CLUSTER_CODE_PREFIX}roads-${z}-`} || c.tx || '-' || c.ty || '-' || c.county_code || '-' || c.road_class || '-' || c.status || '-' || c.surface AS code,
      c.road_class AS "roadClass", c.status, c.surface, true AS cluster, ${geometry(sql`c.geom`)} AS geom
    FROM road_cells c
    WHERE c.zoom = ${z}::int AND c.tx BETWEEN ${x - 1}::int AND ${x + 1}::int AND c.ty BETWEEN ${y - 1}::int AND ${y + 1}::int
      AND c.geom && ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${MARGIN}::float8)
      ${scope ? sql`AND c.county_code <> '' AND c.county_code LIKE ${`${scope}%`}` : sql``}`
  if (!scope) return kept
  return sql`${kept}
    UNION ALL
    SELECT t.code, t.road_class, t.status, t.surface, NULL::boolean, ${geometry(sql`ST_Simplify(ST_Transform(t.geom, 3857), ${3 * unitM}::float8, true)`)}
    FROM roads t
    WHERE t.township_code IS NULL
      AND t.geom && ST_Transform(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${MARGIN}::float8), 4326)
      AND ${inRegion('roads', scope)} ${drawnAtSql('roads', z)}`
}

/** The SQL of one tile on PostgreSQL (also what the benchmark measures as the raw query). */
export function mvtQuery(layer: LayerName, address: TileAddress, scope?: string, options: TileQueryOptions = {}): SQL {
  const { z, x, y } = address
  const columns = tileColumns(layer)
  const props = sql.join(columns.map((c) => sql`t.${sql.identifier(c.column)} AS ${sql.identifier(c.property)}`), sql`, `)
  const names = sql.join(columns.map((c) => sql.identifier(c.property)), sql`, `)
  const envelope = sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)`
  const filter = sql`t.geom && ST_Transform(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${MARGIN}::float8), 4326)
    ${scope ? sql`AND ${inRegion(layer, scope)}` : sql``} ${drawnAtSql(layer, z)}`
  const unitM = (2 * WORLD_M) / 2 ** z / TILE_EXTENT
  const asTile = (rows: SQL, extra: SQL = sql``) => sql`
    SELECT ST_AsMVT(m.*, ${layer}, ${TILE_EXTENT}::int, 'geom') AS tile FROM (
      SELECT ${names}${extra}, ST_AsMVTGeom(f.g, ${envelope}, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) AS geom FROM (${rows}) f
    ) m WHERE m.geom IS NOT NULL`
  if (fromRoadCells(layer, z, scope, options)) {
    return sql`
      SELECT ST_AsMVT(m.*, ${layer}, ${TILE_EXTENT}::int, 'geom') AS tile FROM (
        SELECT f.code, f."roadClass", f.status, f.surface, f.cluster,
          ST_AsMVTGeom(f.geom, ${envelope}, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) AS geom
        FROM (${roadCellFeatures(address, scope, (g) => g)}) f
      ) m WHERE m.geom IS NOT NULL`
  }
  if (!clustersAt(layer, z)) {
    // Simplified at 3 tile units, as geojson-vt does (points are left as they are).
    return asTile(sql`SELECT ${props}, ST_Simplify(ST_Transform(t.geom, 3857), ${3 * unitM}::float8, true) AS g
      FROM ${sql.identifier(layer)} t WHERE ${filter}`)
  }
  const nulls = sql.join(columns.slice(1).map((c) => sql`NULL AS ${sql.identifier(c.property)}`), sql`, `)
  // A cell of one village is that village with its properties; a cell of more is a cluster at their mean.
  return asTile(sql`
    WITH c AS (${clusterCells(layer, address, scope, options)})
    SELECT ${props}, NULL::boolean AS cluster, NULL::int AS count, tile_cell_point(t.geom) AS g
    FROM c JOIN ${sql.identifier(layer)} t ON t.code = c.code WHERE c.n = 1
    UNION ALL
    SELECT ${CLUSTER_CODE_PREFIX} || ${z}::int || '-' || c.cx || '-' || c.cy, ${nulls}, true, c.n,
      ST_SetSRID(ST_MakePoint(c.sx / c.n, c.sy / c.n), 3857)
    FROM c WHERE c.n > 1 OR c.code IS NULL`, sql`, "cluster", "count"`)
}

/** Whether the kept cells answer a tile of this layer in this scope (whole counties: none, a province, a prefecture, a county). */
const clustersFromCells = (layer: LayerName, scope: string | undefined) =>
  layer === 'villages' && (scope === undefined || scope.length <= COUNTY_CODE_LENGTH)

/** The features a layer draws at zoom z (roads by class, regions by level: core/tiles/tiles.ts drawnAt). */
function drawnAtSql(layer: LayerName, z: number): SQL {
  const rule = drawnAt(layer, z)
  if (!rule) return sql``
  const column = tileColumns(layer).find((c) => c.property === rule.property)!.column
  return sql`AND t.${sql.identifier(column)} IN (${sql.join(rule.values.map((v) => sql`${v}`), sql`, `)})`
}

export interface BuiltTile {
  body: Uint8Array
  etag: string
}

export async function buildTile(db: Database, layer: LayerName, address: TileAddress, scope?: string): Promise<BuiltTile> {
  const body = db.kind === 'postgres' ? await postgisTile(db, layer, address, scope) : await encodedTile(db, layer, address, scope)
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"` }
}

async function postgisTile(db: Database, layer: LayerName, address: TileAddress, scope?: string): Promise<Uint8Array> {
  // JIT is off on every connection (db/client.ts): a low-zoom tile over a few thousand rows would cross
  // jit_above_cost and spend seconds compiling (measured: 2.1 s of 2.4 s at zoom 6).
  const [row] = await db.rows<{ tile: Uint8Array | null }>(mvtQuery(layer, address, scope))
  return row?.tile ? new Uint8Array(row.tile) : new Uint8Array(0)
}

type Props = Record<string, unknown>

async function encodedTile(db: Database, layer: LayerName, address: TileAddress, scope?: string): Promise<Uint8Array> {
  const { z } = address
  const tile = fromRoadCells(layer, z, scope, {}) ? await encodedRoadCells(db, address, scope)
    : clustersAt(layer, z) ? await encodedClusters(db, layer, address, scope) : await encodedShapes(db, layer, address, scope)
  if (!tile.features.length) return new Uint8Array(0)
  return new Uint8Array(vtpbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT }))
}

/** The cells of the tile (the rows the PostgreSQL tile is built from) as tile features. */
async function encodedClusters(db: Database, layer: LayerName, address: TileAddress, scope?: string) {
  const { z } = address
  const rows = await db.rows<Props & { cx: number; cy: number; n: number; sx: number; sy: number; vx: number | null; vy: number | null }>(
    clusterCellsQuery(layer, address, scope))
  const { side, left, top } = mercatorTile(address)
  const features: { type: 1; geometry: [number, number][]; tags: Props }[] = []
  for (const { cx, cy, n, sx, sy, vx, vy, ...props } of rows) {
    const lone = n === 1 && vx !== null && vy !== null
    const [mx, my] = lone ? [vx, vy] : [sx / n, sy / n]
    // Snapped to the tile's grid and clipped to the tile with its buffer, as ST_AsMVTGeom does.
    const px = Math.round(((mx - left) / side) * TILE_EXTENT)
    const py = Math.round(((top - my) / side) * TILE_EXTENT)
    if (px < -TILE_BUFFER || px > TILE_EXTENT + TILE_BUFFER || py < -TILE_BUFFER || py > TILE_EXTENT + TILE_BUFFER) continue
    const tags = lone ? withoutNulls(props) : { code: `${CLUSTER_CODE_PREFIX}${z}-${cx}-${cy}`, cluster: true, count: n }
    features.push({ type: 1, geometry: [[px, py]], tags })
  }
  return { features }
}

/**
 * The kept road lines of a low-zoom tile as GeoJSON for the encoders (no ST_AsMVT): clipped to the tile
 * with its buffer first, as ST_AsMVTGeom does on PostGIS — the neighbours' lines reach far outside it,
 * and geojson-vt would parse and cut all of them.
 */
export function roadCellRows(address: TileAddress, scope: string | undefined): SQL {
  const { z, x, y } = address
  return roadCellFeatures(address, scope, (g) =>
    sql`ST_AsGeoJSON(ST_Transform(ST_ClipByBox2D(${g}, ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${MARGIN}::float8)), 4326), 7)`)
}

/** The kept road lines of a low-zoom tile (the rows the PostgreSQL tile is built from), cut by geojson-vt. */
async function encodedRoadCells(db: Database, address: TileAddress, scope?: string) {
  const rows = (await db.rows<Props & { geom: string }>(roadCellRows(address, scope)))
    .filter((r) => !r.geom.includes('"coordinates":[]') && !r.geom.includes('"geometries":[]'))
  return cutTile(rows.map(({ geom, ...props }) => ({ geometry: geom, ...props })), address)
}

/** Lines, polygons and unclustered points of the tile's bbox with its buffer, cut and simplified by geojson-vt. */
async function encodedShapes(db: Database, layer: LayerName, address: TileAddress, scope?: string) {
  const { z, x, y } = address
  const columns = tileColumns(layer)
  const [w, s, e, n] = tileBounds(address, MARGIN)
  const rows = await db.rows<Props & { geometry: string }>(sql`
    SELECT ${sql.join(columns.map((c) => sql`t.${sql.identifier(c.column)} AS ${sql.identifier(c.property)}`), sql`, `)},
      ST_AsGeoJSON(t.geom, 7) AS geometry
    FROM ${sql.identifier(layer)} t
    WHERE t.geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326) ${scope ? sql`AND ${inRegion(layer, scope)}` : sql``} ${drawnAtSql(layer, z)}`)
  return cutTile(rows, address)
}

/** Features (GeoJSON geometry as text and their properties) cut into tile z/x/y by geojson-vt. */
function cutTile(rows: (Props & { geometry: string })[], { z, x, y }: TileAddress) {
  if (!rows.length) return { features: [] }
  const features = rows.map(({ geometry, ...props }) => ({
    type: 'Feature' as const, geometry: JSON.parse(geometry), properties: withoutNulls(props),
  }))
  const index = new GeoJSONVT({ type: 'FeatureCollection', features }, {
    maxZoom: Math.max(z, 1), indexMaxZoom: 0, extent: TILE_EXTENT, buffer: TILE_BUFFER, tolerance: 3,
  })
  return index.getTile(z, x, y) ?? { features: [] }
}

function withoutNulls(props: Props): Props {
  const out: Props = {}
  for (const [k, v] of Object.entries(props)) if (v !== null && v !== undefined) out[k] = v
  return out
}
