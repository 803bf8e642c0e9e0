import { doublePrecision, index, integer, pgTable, text, boolean } from 'drizzle-orm/pg-core'

/**
 * The villages of each county counted by exit class (migration 0011): alike in what the exit rollup reads
 * of them — registered poor or not, planned and actual exit year, and the stored judgement of
 * village_facts (meets every criterion, the criteria failed, the data problems) — with their number,
 * population sums and, for registered poor villages, their codes. The classes of a county are counted again from its villages by statement triggers on
 * villages and village_facts in the writing transaction, so the exit summary of a province or the country
 * (api/exit/aggregate.ts) sums stored classes instead of grouping every village.
 */
export const exitClasses = pgTable('exit_classes', {
  countyCode: text('county_code').notNull(),
  isPoorVillage: boolean('is_poor_village'),
  plannedExitYear: integer('planned_exit_year'),
  exitYear: integer('exit_year'),
  /** null: a village not judged yet (or without facts); the summary then judges village by village. */
  meets: boolean('meets'),
  failing: text('failing').array(),
  problems: text('problems').array(),
  villages: integer('villages').notNull(),
  population: doublePrecision('population').notNull(),
  poorPopulation: doublePrecision('poor_population').notNull(),
  knownPopulation: doublePrecision('known_population').notNull(),
  /** The codes of its villages, sorted, when they are registered poor (the exit check names the late ones); null otherwise. */
  poorCodes: text('poor_codes').array(),
}, (t) => [
  index('exit_classes_county_idx').on(t.countyCode),
])
