import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import { evaluateVillage, exitRules } from '../../core/exit/criteria.ts'
import type { ExitCriterionId, ExitRules, ExitVillage, VillageFacts } from '../../core/exit/criteria.ts'
import { reaches } from '../analysis/coverage.ts'
import { nearestOne, villagesIn } from '../analysis/nearest.ts'
import { targetSource } from '../analysis/targets.ts'
import type { TargetSource } from '../analysis/targets.ts'
import { inRegion } from '../layers/store.ts'

// The facts of village exit: what the database knows about every village of a region, gathered in
// one query (KNN and DWithin as in api/analysis, through the same targetSource definitions), then
// judged by core/exit/criteria.ts, which also states the year rule the query follows.

const flag = (on: boolean) => (on ? sql`true` : sql`false`)

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
    SELECT v.code, v.name, v.township_code AS "townshipCode", r.name AS "townshipName",
      v.households, v.population, v.poor_population AS "poorPopulation", v.is_poor_village AS "isPoorVillage",
      v.planned_exit_year AS "plannedExitYear", v.exit_year AS "exitYear",
      v.has_electricity AS "hasElectricity", v.has_broadband AS "hasBroadband", v.has_clinic AS "hasClinic",
      v.has_cultural_room AS "hasCulturalRoom",
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

export interface ExitQuery {
  /** A region code (membership rule), or undefined for every village. */
  region?: string
  /** The caller's village scope (readScope), if limited. */
  scope?: string
  year: number
}

/**
 * The exit state of every village of a region within the caller's scope. Settings are per county, so
 * the facts are gathered with one query per county (one for any region, since a region lies in a county).
 */
export async function exitVillages(db: Database, query: ExitQuery): Promise<{ villages: ExitVillage[]; rules: ExitRules[] }> {
  const conditions: SQL[] = []
  if (query.region) conditions.push(inRegion('villages', query.region))
  if (query.scope) conditions.push(inRegion('villages', query.scope))
  const filter = conditions.length ? sql.join(conditions, sql` AND `) : sql`true`
  // A county or a region in it: that county; a province or the whole instance: each county of it.
  const counties = query.region && query.region.length >= 6
    ? [query.region.slice(0, 6)]
    : (await db.rows<{ county: string }>(sql`
        SELECT DISTINCT left(t.code, 6) AS county FROM villages t WHERE ${filter} ORDER BY county`)).map((r) => r.county)
  const villages: ExitVillage[] = []
  const rules: ExitRules[] = []
  for (const county of counties) {
    const countyRules = exitRules(county, await resolveSettings(db, county))
    rules.push(countyRules)
    const facts = await db.rows<VillageFacts>(exitFactsSql(sql`${filter} AND t.code LIKE ${`${county}%`}`, countyRules, query.year))
    for (const v of facts) villages.push(evaluateVillage(v, countyRules, query.year))
  }
  return { villages, rules }
}
