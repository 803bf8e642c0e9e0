import { boolean, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import {
  FACILITY_KINDS, HAZARD_KINDS, HAZARD_LEVELS, LAND_STATUSES, REGION_LEVELS, RELOCATION_KINDS, ROAD_CLASSES,
  ROAD_SURFACES, SITE_DECISIONS, SITE_KINDS, WATER_KINDS,
} from '../../core/format/layers.ts'
import { featureColumns, geometry, projectColumns, spatialIndexes } from './columns.ts'

// The seven layers of the exchange format. Column names are snake_case; the property names of
// the exchange format are the camelCase keys. tests/unit/schema.test.ts checks that every property
// of core/format/layers.ts has a column here.

export const regions = pgTable('regions', {
  ...featureColumns(),
  name: text('name').notNull(),
  level: text('level', { enum: REGION_LEVELS }).notNull(),
  parentCode: text('parent_code'),
  exitYear: integer('exit_year'),
  plannedExitYear: integer('planned_exit_year'),
  geom: geometry('geom', 'Geometry').notNull(),
}, (t) => [...spatialIndexes('regions', t.geom), index('regions_parent_idx').on(t.parentCode)])

export const villages = pgTable('villages', {
  ...featureColumns(),
  name: text('name').notNull(),
  townshipCode: text('township_code').notNull(),
  households: integer('households').notNull(),
  population: integer('population').notNull(),
  poorHouseholds: integer('poor_households'),
  poorPopulation: integer('poor_population'),
  isPoorVillage: boolean('is_poor_village'),
  plannedExitYear: integer('planned_exit_year'),
  exitYear: integer('exit_year'),
  elevationM: doublePrecision('elevation_m'),
  hasElectricity: boolean('has_electricity'),
  hasBroadband: boolean('has_broadband'),
  hasClinic: boolean('has_clinic'),
  hasCulturalRoom: boolean('has_cultural_room'),
  relocation: text('relocation', { enum: RELOCATION_KINDS }),
  relocationHouseholds: integer('relocation_households'),
  relocationPopulation: integer('relocation_population'),
  relocationPoorHouseholds: integer('relocation_poor_households'),
  relocationSiteCode: text('relocation_site_code'),
  geom: geometry('geom', 'Point').notNull(),
}, (t) => [...spatialIndexes('villages', t.geom), index('villages_township_idx').on(t.townshipCode.op('text_pattern_ops')),
  index('villages_code_prefix_idx').on(t.code.op('text_pattern_ops'))])

export const sites = pgTable('sites', {
  ...featureColumns(),
  name: text('name').notNull(),
  townshipCode: text('township_code').notNull(),
  kind: text('kind', { enum: SITE_KINDS }),
  decision: text('decision', { enum: SITE_DECISIONS }).notNull(),
  capacityHouseholds: integer('capacity_households'),
  capacityPopulation: integer('capacity_population'),
  floorAreaM2: doublePrecision('floor_area_m2'),
  landStatus: text('land_status', { enum: LAND_STATUSES }),
  ...projectColumns(),
  geom: geometry('geom', 'Geometry'),
}, (t) => [...spatialIndexes('sites', t.geom), index('sites_township_idx').on(t.townshipCode.op('text_pattern_ops'))])

export const roads = pgTable('roads', {
  ...featureColumns(),
  name: text('name'),
  roadClass: text('road_class', { enum: ROAD_CLASSES }).notNull(),
  surface: text('surface', { enum: ROAD_SURFACES }).notNull(),
  lengthM: doublePrecision('length_m'),
  townshipCode: text('township_code'),
  ...projectColumns(),
  geom: geometry('geom', 'Geometry'),
}, (t) => [...spatialIndexes('roads', t.geom), index('roads_township_idx').on(t.townshipCode.op('text_pattern_ops')),
  index('roads_actual_end_idx').on(t.actualEnd)])

export const water = pgTable('water', {
  ...featureColumns(),
  name: text('name'),
  kind: text('kind', { enum: WATER_KINDS }).notNull(),
  capacityM3: doublePrecision('capacity_m3'),
  capacityM3PerDay: doublePrecision('capacity_m3_per_day'),
  servesPopulation: integer('serves_population'),
  serviceRadiusM: doublePrecision('service_radius_m'),
  townshipCode: text('township_code'),
  ...projectColumns(),
  geom: geometry('geom', 'Geometry'),
}, (t) => [...spatialIndexes('water', t.geom), index('water_township_idx').on(t.townshipCode.op('text_pattern_ops')),
  index('water_actual_end_idx').on(t.actualEnd), index('water_service_radius_idx').on(t.serviceRadiusM)])

export const facilities = pgTable('facilities', {
  ...featureColumns(),
  name: text('name').notNull(),
  kind: text('kind', { enum: FACILITY_KINDS }).notNull(),
  townshipCode: text('township_code'),
  geom: geometry('geom', 'Point').notNull(),
}, (t) => [...spatialIndexes('facilities', t.geom), index('facilities_kind_idx').on(t.kind),
  index('facilities_township_idx').on(t.townshipCode.op('text_pattern_ops'))])

export const hazards = pgTable('hazards', {
  ...featureColumns(),
  name: text('name'),
  kind: text('kind', { enum: HAZARD_KINDS }).notNull(),
  level: text('level', { enum: HAZARD_LEVELS }),
  geom: geometry('geom', 'Geometry').notNull(),
}, (t) => [...spatialIndexes('hazards', t.geom)])

export const layerTables = { regions, villages, sites, roads, water, facilities, hazards } as const
