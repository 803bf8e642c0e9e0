import { createHash } from 'node:crypto'
import type { Feature, Point } from 'geojson'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import GeoJSONVT from 'geojson-vt'
import Supercluster from 'supercluster'
import vtpbf from 'vt-pbf'
import type { Database } from '../../db/client.ts'
import type { LayerName } from '../../core/format/layers.ts'
import {
  CLUSTER_BELOW_ZOOM, CLUSTER_CODE_PREFIX, CLUSTER_RADIUS, clustersAt, TILE_BUFFER, TILE_EXTENT, TILE_PROPERTIES, tileBounds,
  type TileAddress,
} from '../../core/tiles/tiles.ts'
import { inRegion, layerColumns } from '../layers/store.ts'

// One vector tile of a layer. PostgreSQL builds it with ST_AsMVT (index-backed bbox filter on the
// tile's envelope with its buffer, lines and polygons simplified to the tile's resolution, points
// gathered on a grid below CLUSTER_BELOW_ZOOM). PGlite has no ST_AsMVT: the rows of the tile's
// bbox are read and encoded with supercluster (points, clusters with their count), geojson-vt
// (lines, polygons, their simplification by zoom) and vt-pbf. Both carry TILE_PROPERTIES only.

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

/** The SQL of one tile on PostgreSQL (also what the benchmark measures as the raw query). */
export function mvtQuery(layer: LayerName, { z, x, y }: TileAddress, scope?: string): SQL {
  const columns = tileColumns(layer)
  const props = sql.join(columns.map((c) => sql`t.${sql.identifier(c.column)} AS ${sql.identifier(c.property)}`), sql`, `)
  const names = sql.join(columns.map((c) => sql.identifier(c.property)), sql`, `)
  const envelope = sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)`
  const filter = sql`t.geom && ST_Transform(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${MARGIN}::float8), 4326)
    ${scope ? sql`AND ${inRegion(layer, scope)}` : sql``}`
  const unitM = (2 * WORLD_M) / 2 ** z / TILE_EXTENT
  const asTile = (rows: SQL, extra: SQL = sql``) => sql`
    SELECT ST_AsMVT(m.*, ${layer}, ${TILE_EXTENT}::int, 'geom') AS tile FROM (
      SELECT ${names}${extra}, ST_AsMVTGeom(f.g, ${envelope}, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) AS geom FROM (${rows}) f
    ) m WHERE m.geom IS NOT NULL`
  if (!clustersAt(layer, z)) {
    // Simplified at 3 tile units, as geojson-vt does (points are left as they are).
    return asTile(sql`SELECT ${props}, ST_Simplify(ST_Transform(t.geom, 3857), ${3 * unitM}::float8, true) AS g
      FROM ${sql.identifier(layer)} t WHERE ${filter}`)
  }
  const cell = CLUSTER_RADIUS * unitM
  const nulls = sql.join(columns.slice(1).map((c) => sql`NULL AS ${sql.identifier(c.property)}`), sql`, `)
  return asTile(sql`
    WITH p AS (
      SELECT ${props}, ST_Transform(t.geom, 3857) AS g FROM ${sql.identifier(layer)} t WHERE ${filter}),
    c AS (
      SELECT p.*, floor(ST_X(p.g) / ${cell}::float8)::bigint AS cx, floor(ST_Y(p.g) / ${cell}::float8)::bigint AS cy FROM p),
    k AS (SELECT c.*, count(*) OVER (PARTITION BY c.cx, c.cy) AS n FROM c)
    SELECT ${names}, NULL::boolean AS cluster, NULL::int AS count, g FROM k WHERE n = 1
    UNION ALL
    SELECT ${CLUSTER_CODE_PREFIX} || ${z}::int || '-' || cx || '-' || cy, ${nulls}, true, count(*)::int, ST_Centroid(ST_Collect(g))
    FROM k WHERE n > 1 GROUP BY cx, cy`, sql`, "cluster", "count"`)
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
  const [row] = await runMvt<{ tile: Uint8Array | null }>(db, mvtQuery(layer, address, scope))
  return row?.tile ? new Uint8Array(row.tile) : new Uint8Array(0)
}

/**
 * Runs a tile query without JIT: PostGIS functions are costed high, so a low-zoom tile over a few
 * thousand rows crosses jit_above_cost and spends seconds compiling (measured: 2.1 s of 2.4 s at zoom 6).
 */
export function runMvt<T>(db: Database, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.rows(sql`SET LOCAL jit = off`)
    return tx.rows<T>(query)
  })
}

type Props = Record<string, unknown>

async function encodedTile(db: Database, layer: LayerName, address: TileAddress, scope?: string): Promise<Uint8Array> {
  const { z, x, y } = address
  const columns = tileColumns(layer)
  const clustered = clustersAt(layer, z)
  // Points are clustered with those within the cluster radius beyond the tile; lines and polygons need the buffer.
  const [w, s, e, n] = tileBounds(address, clustered ? (2 * CLUSTER_RADIUS) / TILE_EXTENT : MARGIN)
  const rows = await db.rows<Props & { geometry: string }>(sql`
    SELECT ${sql.join(columns.map((c) => sql`t.${sql.identifier(c.column)} AS ${sql.identifier(c.property)}`), sql`, `)},
      ST_AsGeoJSON(t.geom, 7) AS geometry
    FROM ${sql.identifier(layer)} t
    WHERE t.geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326) ${scope ? sql`AND ${inRegion(layer, scope)}` : sql``}`)
  if (!rows.length) return new Uint8Array(0)
  const features = rows.map(({ geometry, ...props }) => ({
    type: 'Feature' as const, geometry: JSON.parse(geometry), properties: withoutNulls(props),
  }))
  let tile: { features: { tags?: Props | null }[] } | null
  if (clustered) {
    const index = new Supercluster<Props, Props>({
      radius: CLUSTER_RADIUS, extent: TILE_EXTENT, maxZoom: CLUSTER_BELOW_ZOOM - 1, minPoints: 2,
    })
    index.load(features as Feature<Point, Props>[])
    tile = index.getTile(z, x, y)
    for (const f of tile?.features ?? []) {
      const tags = f.tags as Props
      if (tags.cluster) f.tags = { code: `${CLUSTER_CODE_PREFIX}${z}-${tags.cluster_id}`, cluster: true, count: tags.point_count }
    }
  } else {
    const index = new GeoJSONVT({ type: 'FeatureCollection', features }, {
      maxZoom: Math.max(z, 1), indexMaxZoom: 0, extent: TILE_EXTENT, buffer: TILE_BUFFER, tolerance: 3,
    })
    tile = index.getTile(z, x, y)
  }
  if (!tile?.features.length) return new Uint8Array(0)
  return new Uint8Array(vtpbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT }))
}

function withoutNulls(props: Props): Props {
  const out: Props = {}
  for (const [k, v] of Object.entries(props)) if (v !== null && v !== undefined) out[k] = v
  return out
}
