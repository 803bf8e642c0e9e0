import { sql } from 'drizzle-orm'
import { customType, doublePrecision, index, integer, jsonb, text, timestamp, date } from 'drizzle-orm/pg-core'
import type { AnyPgColumn, PgTableExtraConfigValue } from 'drizzle-orm/pg-core'
import { PROJECT_STATUSES } from '../../core/format/layers.ts'

/**
 * A PostGIS geometry column in SRID 4326. Drizzle's built-in geometry() models points only,
 * so lines and polygons go through this custom type. Reads and writes of geometry go through
 * ST_AsGeoJSON / ST_GeomFromGeoJSON in the spatial queries, never through the row mapper.
 */
export const geometry = (name: string, type = 'Geometry') =>
  customType<{ data: string; driverData: string }>({
    dataType: () => `geometry(${type}, 4326)`,
  })(name)

/** Columns every layer table has: the key, unknown properties, bookkeeping. */
export const featureColumns = () => ({
  code: text('code').primaryKey(),
  extra: jsonb('extra').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
})

/** The project fields of sites, roads and water (GEODATA_FORMAT.md, "Project fields"). */
export const projectColumns = () => ({
  status: text('status', { enum: PROJECT_STATUSES }).notNull(),
  progressPct: doublePrecision('progress_pct'),
  plannedStart: date('planned_start', { mode: 'string' }),
  plannedEnd: date('planned_end', { mode: 'string' }),
  actualStart: date('actual_start', { mode: 'string' }),
  actualEnd: date('actual_end', { mode: 'string' }),
  budgetCny: doublePrecision('budget_cny'),
  spentCny: doublePrecision('spent_cny'),
  fundingState: doublePrecision('funding_state'),
  fundingSector: doublePrecision('funding_sector'),
  fundingSelf: doublePrecision('funding_self'),
  fundingOther: doublePrecision('funding_other'),
  contractor: text('contractor'),
})

/** A GiST index on the geometry and one on its geography cast, for metre-based distance queries. */
export const spatialIndexes = (table: string, geom: AnyPgColumn): PgTableExtraConfigValue[] => [
  index(`${table}_geom_gist`).using('gist', geom),
  index(`${table}_geog_gist`).using('gist', sql`(${geom}::geography)`),
]
