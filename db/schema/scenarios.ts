import { sql } from 'drizzle-orm'
import { doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { geometry } from './columns.ts'

/** A planner's named set of candidate sites and village assignments, within one county. */
export const scenarios = pgTable('scenarios', {
  id: serial('id').primaryKey(),
  countyCode: text('county_code').notNull(),
  /** The region the scenario belongs to: its author's (a township) or the county; only accounts covering it change it. */
  regionCode: text('region_code').notNull().default(''),
  name: text('name').notNull(),
  description: text('description'),
  createdBy: text('created_by').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
}, (t) => [uniqueIndex('scenarios_county_name_idx').on(t.countyCode, sql`lower(${t.name})`)])

/**
 * A candidate site of a scenario: drawn on the map (geometry) or an existing site of the sites layer
 * (siteCode). `key` names it within the scenario (C1, C2…); promotedSiteCode is set once it became a site.
 */
export const scenarioSites = pgTable('scenario_sites', {
  id: serial('id').primaryKey(),
  scenarioId: integer('scenario_id').notNull().references(() => scenarios.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  name: text('name').notNull(),
  siteCode: text('site_code'),
  radiusM: doublePrecision('radius_m'),
  capacityHouseholds: integer('capacity_households'),
  capacityPopulation: integer('capacity_population'),
  floorAreaM2: doublePrecision('floor_area_m2'),
  promotedSiteCode: text('promoted_site_code'),
  extra: jsonb('extra').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  geom: geometry('geom', 'Geometry'),
}, (t) => [uniqueIndex('scenario_sites_key_idx').on(t.scenarioId, t.key), index('scenario_sites_geom_gist').using('gist', t.geom)])

/** Relocating households of a village assigned to a scenario site, whole or in part. */
export const assignments = pgTable('assignments', {
  id: serial('id').primaryKey(),
  scenarioId: integer('scenario_id').notNull().references(() => scenarios.id, { onDelete: 'cascade' }),
  villageCode: text('village_code').notNull(),
  siteKey: text('site_key').notNull(),
  households: integer('households').notNull(),
  persons: integer('persons').notNull(),
  poorHouseholds: integer('poor_households').notNull(),
}, (t) => [uniqueIndex('assignments_unique_idx').on(t.scenarioId, t.villageCode, t.siteKey)])
