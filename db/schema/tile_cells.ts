import { sql } from 'drizzle-orm'
import { doublePrecision, index, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core'

/**
 * The village clusters of the low-zoom tiles (migration 0010): per zoom below CLUSTER_BELOW_ZOOM, per
 * square cell of the tile grid (a 16th of a tile, web mercator) and per county, how many villages lie in
 * it, the sums of their mercator x and y, and which village when it holds one. Kept exact by statement
 * triggers on villages in the writing transaction; api/tiles/build.ts reads it instead of the villages.
 */
export const tileCells = pgTable('tile_cells', {
  zoom: smallint('zoom').notNull(),
  cx: integer('cx').notNull(),
  cy: integer('cy').notNull(),
  countyCode: text('county_code').notNull(),
  n: integer('n').notNull(),
  sx: doublePrecision('sx').notNull(),
  sy: doublePrecision('sy').notNull(),
  code: text('code'),
}, (t) => [
  primaryKey({ name: 'tile_cells_pk', columns: [t.zoom, t.cx, t.cy, t.countyCode] }),
  index('tile_cells_pending_idx').on(t.zoom).where(sql`${t.n} <= 1 AND ${t.code} IS NULL`),
])
