import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettings, resolveSettingsMany } from '../../db/settings.ts'
import { evaluateVillage, exitRules } from '../../core/exit/criteria.ts'
import type { ExitCriterionId, ExitRules, ExitVillage, VillageFacts } from '../../core/exit/criteria.ts'
import { reaches } from '../analysis/coverage.ts'
import { nearestOne, villagesIn } from '../analysis/nearest.ts'
import { targetSource } from '../analysis/targets.ts'
import type { TargetSource } from '../analysis/targets.ts'
import { inRegion, villageCounties } from '../layers/store.ts'

// The facts of village exit: what the database knows about every village of a region, gathered in
// one query (KNN and DWithin as in api/analysis, through the same targetSource definitions), then
// judged by core/exit/criteria.ts, which also states the year rule the query follows.

const flag = (on: boolean) => (on ? sql`true` : sql`false`)

/** The village's own columns of the exit judgement, as both the live and the stored facts query select them. */
const VILLAGE_COLUMNS = sql`v.code, v.name, v.township_code AS "townshipCode", r.name AS "townshipName",
  v.households, v.population, v.poor_population AS "poorPopulation", v.is_poor_village AS "isPoorVillage",
  v.planned_exit_year AS "plannedExitYear", v.exit_year AS "exitYear",
  v.has_electricity AS "hasElectricity", v.has_broadband AS "hasBroadband", v.has_clinic AS "hasClinic",
  v.has_cultural_room AS "hasCulturalRoom"`

/**
 * One query over the villages matching `filter` (a condition on alias `t` of the villages table): the
 * village attributes and, for the spatial criteria that count, the nearest hardened complete road, the
 * covering (else nearest) drinking-water scheme and the nearest clinic.
 */
export function exitFactsSql(filter: SQL, rules: ExitRules, year: number): SQL {
  const radii = { pointServiceRadiusM: rules.pointServiceRadiusM, pipelineServiceM: rules.pipelineServiceM }
  // Complete by the end of the year; undated complete projects predate the data.
  const builtBy = sql`(t.actual_end IS NULL OR t.actual_end <= ${`${year}-12-31`}::date)`
  const asOf = (source: TargetSource): TargetSource => ({ ...source, where: sql`${source.where} AND ${builtBy}` })
  const road = asOf(targetSource('road_hardened', 'completed', radii))
  const water = asOf(targetSource('water', 'completed', radii))
  const clinic = targetSource('clinic', 'completed', radii)
  const counts = (id: ExitCriterionId) => rules.criteria.includes(id)
  // Covered as in coverage (each scheme's own radius, inclusive); the nearest scheme is looked up only for villages not covered.
  return sql`
    SELECT ${VILLAGE_COLUMNS},
      rd.code AS road, rd.distance AS "roadM",
      coalesce(wc.code, wn.code) AS water, coalesce(wc.distance, wn.distance) AS "waterM",
      coalesce(wc.radius, wn.radius) AS "waterRadiusM", (wc.code IS NOT NULL) AS "waterCovers",
      cl.code AS clinic, cl.distance AS "clinicM"
    FROM ${villagesIn(filter)} v
    LEFT JOIN regions r ON r.code = v.township_code
    LEFT JOIN LATERAL (${nearestOne(road, sql`v.geom`, flag(counts('road')))}) rd ON true
    LEFT JOIN LATERAL (
      SELECT t.code, ST_Distance(t.geom::geography, v.geom::geography) AS distance, ${water.radius!} AS radius
      FROM ${water.from}
      WHERE ${flag(counts('water'))} AND ${water.where} AND ${reaches(water, sql`v.geom`, null)}
      ORDER BY distance, t.code LIMIT 1) wc ON true
    LEFT JOIN LATERAL (${nearestOne(water, sql`v.geom`, sql`${flag(counts('water'))} AND wc.code IS NULL`)}) wn ON true
    LEFT JOIN LATERAL (${nearestOne(clinic, sql`v.geom`, flag(counts('clinic')))}) cl ON true
    ORDER BY v.code`
}

/**
 * The same facts from the precomputed table (api/analysis/village_facts.ts): an aggregation, no spatial
 * join. It holds what is built now, which is what the year rule counts for any year from the last
 * completion of a road or water scheme on (factsServe).
 */
export function storedFactsSql(filter: SQL, rules: ExitRules): SQL {
  const counts = (id: ExitCriterionId) => rules.criteria.includes(id)
  const when = (id: ExitCriterionId, value: SQL, otherwise = sql`NULL`) => (counts(id) ? value : otherwise)
  return sql`
    SELECT ${VILLAGE_COLUMNS},
      ${when('road', sql`f.road_code`)} AS road, ${when('road', sql`f.road_m`)} AS "roadM",
      ${when('water', sql`f.water_code`)} AS water, ${when('water', sql`f.water_m`)} AS "waterM",
      ${when('water', sql`f.water_radius_m`)} AS "waterRadiusM", ${when('water', sql`coalesce(f.water_covers, false)`, sql`false`)} AS "waterCovers",
      ${when('clinic', sql`f.clinic_code`)} AS clinic, ${when('clinic', sql`f.clinic_m`)} AS "clinicM"
    FROM ${villagesIn(filter)} v
    LEFT JOIN village_facts f ON f.village_code = v.code
    LEFT JOIN regions r ON r.code = v.township_code
    ORDER BY v.code`
}

/**
 * Whether the stored facts answer for the end of `year`: no road or water scheme counted as complete
 * was completed after it (actual dates are never in the future, so this holds for the current year).
 */
export async function factsServe(db: Database, year: number): Promise<boolean> {
  const complete = sql`status IN ('completed', 'accepted')`
  const [{ latest }] = await db.rows<{ latest: string | null }>(sql`
    SELECT greatest((SELECT max(actual_end) FROM roads WHERE ${complete}), (SELECT max(actual_end) FROM water WHERE ${complete}))::text AS latest`)
  return latest === null || latest <= `${year}-12-31`
}

/**
 * The judgement from the stored facts: one query for every village of the region (no spatial join),
 * the settings of all its counties from another, each village judged by its county's rules.
 */
async function judgeStored(db: Database, filter: SQL, year: number): Promise<{ villages: ExitVillage[]; rules: ExitRules[] }> {
  const every = { criteria: ['road', 'water', 'clinic'] } as ExitRules
  const facts = await db.rows<VillageFacts>(storedFactsSql(filter, every))
  const counties = [...new Set(facts.map((v) => v.code.slice(0, 6)))].sort()
  const settings = await resolveSettingsMany(db, counties)
  const rules = counties.map((county) => exitRules(county, settings.get(county)!))
  const byCounty = new Map(rules.map((r) => [r.county, r]))
  const villages = facts.map((v) => {
    const own = byCounty.get(v.code.slice(0, 6))!
    return evaluateVillage(maskUncounted(v, own), own, year)
  })
  return { villages, rules }
}

/** Stored facts as the live query gives them under these rules: a criterion that does not count is not measured. */
export function maskUncounted(v: VillageFacts, rules: ExitRules): VillageFacts {
  const counts = (id: ExitCriterionId) => rules.criteria.includes(id)
  return {
    ...v,
    ...(counts('road') ? {} : { road: null, roadM: null }),
    ...(counts('water') ? {} : { water: null, waterM: null, waterRadiusM: null, waterCovers: false }),
    ...(counts('clinic') ? {} : { clinic: null, clinicM: null }),
  }
}

export interface ExitQuery {
  /** A region code (membership rule), or undefined for every village. */
  region?: string
  /** The caller's village scope (readScope), if limited. */
  scope?: string
  year: number
  /** Measure now instead of reading the stored facts (the tests compare both). */
  live?: boolean
}

/** The villages of a region (if any) within the caller's scope (if limited), as a condition on alias `t`. */
export function villageFilter(query: Pick<ExitQuery, 'region' | 'scope'>): SQL {
  const conditions: SQL[] = []
  if (query.region) conditions.push(inRegion('villages', query.region))
  if (query.scope) conditions.push(inRegion('villages', query.scope))
  return conditions.length ? sql.join(conditions, sql` AND `) : sql`true`
}

/**
 * The exit state of every village of a region within the caller's scope. Settings are per county, so
 * the facts are gathered with one query per county (one for any region, since a region lies in a county).
 */
export async function exitVillages(db: Database, query: ExitQuery): Promise<{ villages: ExitVillage[]; rules: ExitRules[] }> {
  const filter = villageFilter(query)
  if (!query.live && await factsServe(db, query.year)) return judgeStored(db, filter, query.year)
  // A county or a region in it: that county; a province or the whole instance: each county of it.
  const counties = query.region && query.region.length >= 6
    ? [query.region.slice(0, 6)]
    : await villageCounties(db, filter)
  const villages: ExitVillage[] = []
  const rules: ExitRules[] = []
  for (const county of counties) {
    const countyRules = exitRules(county, await resolveSettings(db, county))
    rules.push(countyRules)
    const inCounty = sql`${filter} AND t.code LIKE ${`${county}%`}`
    const facts = await db.rows<VillageFacts>(exitFactsSql(inCounty, countyRules, query.year))
    for (const v of facts) villages.push(evaluateVillage(v, countyRules, query.year))
  }
  return { villages, rules }
}
