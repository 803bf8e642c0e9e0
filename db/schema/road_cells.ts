import { integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core'
import { customType } from 'drizzle-orm/pg-core'

const mercatorGeometry = (name: string) => customType<{ data: string; driverData: string }>({
  dataType: () => 'geometry(Geometry, 3857)',
})(name)

/**
 * The roads of the low-zoom tiles (migration 0012): per zoom below ROAD_CELLS_BELOW_ZOOM, per tile of that
 * zoom, county, road class, status and surface (what the map styles draw), the lines of the roads drawn there whose point lies in the tile,
 * merged and simplified to the zoom (web mercator). Kept by statement triggers on roads in the writing
 * transaction; api/tiles/build.ts reads it instead of the roads.
 */
export const roadCells = pgTable('road_cells', {
  zoom: smallint('zoom').notNull(),
  tx: integer('tx').notNull(),
  ty: integer('ty').notNull(),
  countyCode: text('county_code').notNull(),
  roadClass: text('road_class').notNull(),
  status: text('status').notNull(),
  surface: text('surface').notNull(),
  geom: mercatorGeometry('geom').notNull(),
}, (t) => [
  primaryKey({ name: 'road_cells_pk', columns: [t.zoom, t.tx, t.ty, t.countyCode, t.roadClass, t.status, t.surface] }),
])
