import { sql } from 'drizzle-orm'
import { boolean, doublePrecision, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { villages } from './layers.ts'

/**
 * Each village's nearest built feature of every class the dashboards need, kept up to date in the
 * transaction of every change that can alter it (api/analysis/village_facts.ts), so that a rollup of a
 * province or the country is an aggregation instead of a spatial join. Distances are geodesic metres,
 * measured exactly as the live queries measure them; a class's code and distance are null where the
 * instance has no such feature. Water is the covering scheme (each scheme's own radius, by the county's
 * settings), else the nearest one, as the exit judgement takes it.
 */
export const villageFacts = pgTable('village_facts', {
  villageCode: text('village_code').primaryKey().references(() => villages.code, { onDelete: 'cascade' }),
  county: text('county').notNull(),
  roadCode: text('road_code'),
  roadM: doublePrecision('road_m'),
  waterCode: text('water_code'),
  waterM: doublePrecision('water_m'),
  waterRadiusM: doublePrecision('water_radius_m'),
  waterCovers: boolean('water_covers').notNull(),
  clinicCode: text('clinic_code'),
  clinicM: doublePrecision('clinic_m'),
  schoolCode: text('school_code'),
  schoolM: doublePrecision('school_m'),
  townshipSeatCode: text('township_seat_code'),
  townshipSeatM: doublePrecision('township_seat_m'),
  siteCode: text('site_code'),
  siteM: doublePrecision('site_m'),
  // The exit judgement of the village by its county's rules whatever the year (core/exit/criteria.ts
  // judgeVillage over the facts above and the village's own columns): whether it meets every
  // criterion with nothing missing, the criteria it fails and its data problems. The state in a year
  // follows from these and the village's exit years (stateInYear), so a province or the country is
  // counted in SQL by classes of villages (api/exit/aggregate.ts). Null until judged.
  exitMeets: boolean('exit_meets'),
  exitFailing: text('exit_failing').array(),
  exitProblems: text('exit_problems').array(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
}, (t) => [
  index('village_facts_county_idx').on(t.county),
  // "Which villages is this feature the nearest of": the villages a change of that feature must refresh.
  index('village_facts_road_idx').on(t.roadCode),
  index('village_facts_water_idx').on(t.waterCode),
  index('village_facts_clinic_idx').on(t.clinicCode),
  index('village_facts_school_idx').on(t.schoolCode),
  index('village_facts_seat_idx').on(t.townshipSeatCode),
  index('village_facts_site_idx').on(t.siteCode),
  // The villages not judged yet (after this column came, or a bulk path): found without a scan.
  index('village_facts_unjudged_idx').on(t.villageCode).where(sql`exit_meets IS NULL`),
])
