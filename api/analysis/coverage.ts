import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { Coverage, CoverageAnswer, CoverageCounts, CoverageGroup } from '../../core/contract/analysis.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { nearestByRoad, nearestOne } from './nearest.ts'
import { storedFactOf } from './village_facts.ts'
import type { AnalysisQuery } from './request.ts'
import { COVERAGE_SETTING } from './targets.ts'
import type { Target, TargetSource } from './targets.ts'

// Which villages a class of features reaches (within a distance, or each water scheme's own
// radius), straight or along the roads: totals, the same per township or village, and the uncovered.

export interface VillageReach {
  code: string
  name: string
  townshipCode: string
  townshipName: string | null
  households: number
  population: number
  poorPopulation: number | null
  target: string | null
  distanceM: number | null
  covered: boolean
  /** Villages the row stands for: the covered villages of one township counted together (figures summed); 1 when absent. */
  villages?: number
}

/**
 * The condition that target feature `t` reaches `place`, inclusive: within `withinM`, or with `withinM`
 * null within each feature's own radius (water schemes). An index-assisted ST_DWithin (1 cm of slack,
 * up to the largest radius) narrows the candidates; the exact test is the same ST_Distance that nearest
 * reports, so a village exactly on the threshold is covered by both.
 */
export function reaches(source: TargetSource, place: SQL, withinM: number | null): SQL {
  const distance = sql`ST_Distance(t.geom::geography, ${place}::geography)`
  if (withinM !== null) return sql`ST_DWithin(t.geom::geography, ${place}::geography, ${withinM + 0.01}) AND ${distance} <= ${withinM}`
  // The largest radius in use, as a constant for the index (water_service_radius_idx makes it one probe).
  const largest = source.largestRadius
    ? sql`(${source.largestRadius} + 0.01)`
    : sql`(SELECT max(r) + 0.01 FROM (SELECT ${source.radius!} AS r FROM ${source.from} WHERE ${source.where}) m)`
  return sql`ST_DWithin(t.geom::geography, ${place}::geography, ${largest}) AND ${distance} <= ${source.radius!}`
}

/**
 * Which villages lie within `withinM` of a target feature (inclusive), or, with `withinM` null,
 * within each feature's own radius (water schemes). Totals, the same per group, and the uncovered.
 */
export async function coverage(
  db: Database, source: TargetSource, villages: SQL, withinM: number | null, groupBy: 'township' | 'village',
): Promise<Coverage> {
  const within = reaches(source, sql`v.geom`, withinM)
  const rows = await db.rows<VillageReach>(sql`
    WITH c AS (
      SELECT v.*, EXISTS (SELECT 1 FROM ${source.from} WHERE ${source.where} AND ${within}) AS covered FROM ${villages} v)
    SELECT v.code, v.name, v.township_code AS "townshipCode", r.name AS "townshipName", v.households, v.population,
      v.poor_population AS "poorPopulation", v.covered, n.code AS target, n.distance AS "distanceM"
    FROM c v
    LEFT JOIN LATERAL (${nearestOne(source, sql`v.geom`, sql`NOT v.covered`)}) n ON true
    LEFT JOIN regions r ON r.code = v.township_code
    ORDER BY v.code`)

  return aggregateCoverage(rows, groupBy)
}

/** The columns of a VillageReach row, in the order `rowsAsOneValue` sends them. */
const REACH_COLUMNS = ['code', 'name', 'townshipCode', 'townshipName', 'households', 'population', 'poorPopulation',
  'covered', 'target', 'distanceM', 'villages'] as const

/**
 * The rows of `query` (ordered by `orderBy`) sent as one JSON value, an array of arrays, and made into
 * objects here: the embedded database's driver costs by the field sent (16,893 rows of 11 fields took
 * 0.2 s of a 0.33 s query at 50,000 villages), one value costs one. The values are those the columns
 * would give (text, booleans, nulls; numbers from the same float8/int4 output functions), in the same order.
 */
async function rowsAsOneValue<T>(db: Database, query: SQL, columns: readonly (keyof T & string)[], orderBy: keyof T & string): Promise<T[]> {
  const fields = sql.join(columns.map((c) => sql`q.${sql.identifier(c)}`), sql`, `)
  const [{ rows }] = await db.rows<{ rows: string }>(sql`
    SELECT coalesce(json_agg(json_build_array(${fields}) ORDER BY q.${sql.identifier(orderBy)}), '[]')::text AS rows FROM (${query}) q`)
  // A plain loop: Object.fromEntries cost 5× the JSON.parse at 16,893 rows.
  return (JSON.parse(rows) as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i]
    return row as T
  })
}

/**
 * Whether the stored facts answer a coverage question: straight distances of a stored class, built as
 * now (no what-if), and for water by each scheme's radius only within one county (the facts hold each
 * county's radii; a wider question is measured with one region's settings).
 */
export function storedCoverage(query: AnalysisQuery, withinM: number | null): boolean {
  if (query.metric !== 'straight' || query.builtFrom !== 'completed' || !storedFactOf(query.target)) return false
  if (query.target === 'water') return withinM === null && query.region !== undefined && query.region.length >= 6
  return withinM !== null
}

/**
 * Coverage from the stored facts: a village is covered when its nearest feature lies within `withinM`
 * (the same inclusive ST_Distance the live EXISTS tests), or for water when a scheme covers it. An aggregation.
 */
export async function coverageFromFacts(db: Database, query: AnalysisQuery, withinM: number | null, groupBy: 'township' | 'village'): Promise<Coverage> {
  const columns = storedFactOf(query.target)!
  const code = sql`f.${sql.identifier(columns.code)}`
  const distance = sql`f.${sql.identifier(columns.distance)}`
  const covered = withinM === null ? sql`coalesce(f.water_covers, false)` : sql`coalesce(${distance} <= ${withinM}, false)`
  // By township, the covered villages of each township come as one row (fewer rows to send: the
  // embedded database's answer costs by the row), those not covered one by one (listed by name); all
  // of them as one value.
  const rows = await rowsAsOneValue(db, sql`
    WITH x AS (
      SELECT v.code, v.name, v.township_code, v.households, v.population, v.poor_population, ${covered} AS covered,
        ${code} AS target, ${distance} AS distance
      FROM ${query.villages} v
      LEFT JOIN village_facts f ON f.village_code = v.code)
    SELECT x.code, x.name, x.township_code AS "townshipCode", r.name AS "townshipName", x.households, x.population,
      x.poor_population AS "poorPopulation", x.covered,
      CASE WHEN x.covered THEN NULL ELSE x.target END AS target, CASE WHEN x.covered THEN NULL ELSE x.distance END AS "distanceM", 1 AS villages
    FROM x LEFT JOIN regions r ON r.code = x.township_code
    WHERE ${groupBy === 'village' ? sql`true` : sql`NOT x.covered`}
    ${groupBy === 'village' ? sql`` : sql`UNION ALL
    SELECT x.township_code, NULL, x.township_code, min(r.name), sum(x.households)::float8, sum(x.population)::float8,
      sum(x.poor_population)::float8, true, NULL, NULL, count(*)::int
    FROM x LEFT JOIN regions r ON r.code = x.township_code
    WHERE x.covered GROUP BY x.township_code`}`, REACH_COLUMNS, 'code')
  return aggregateCoverage(rows, groupBy)
}

/** Totals, the same per group, and the uncovered villages (farthest first), from one row per village. */
export function aggregateCoverage(rows: VillageReach[], groupBy: 'township' | 'village'): Coverage {
  const zero = (): CoverageCounts => ({ villages: 0, households: 0, population: 0, poorPopulation: 0 })
  const add = (counts: CoverageCounts, v: VillageReach) => {
    counts.villages += v.villages ?? 1
    counts.households += v.households
    counts.population += v.population
    counts.poorPopulation += v.poorPopulation ?? 0
  }
  const result: Coverage = { total: zero(), covered: zero(), groups: [], uncovered: [] }
  const groups = new Map<string, CoverageGroup>()
  for (const v of rows) {
    const key = groupBy === 'township' ? v.townshipCode : v.code
    let group = groups.get(key)
    if (!group) {
      group = { code: key, name: (groupBy === 'township' ? v.townshipName : v.name) ?? key, total: zero(), covered: zero() }
      groups.set(key, group)
    }
    add(result.total, v)
    add(group.total, v)
    if (v.covered) {
      add(result.covered, v)
      add(group.covered, v)
    } else {
      result.uncovered.push({ code: v.code, name: v.name, townshipCode: v.townshipCode, nearest: v.target, distanceM: v.distanceM })
    }
  }
  result.groups = [...groups.values()].sort((a, b) => a.code.localeCompare(b.code))
  result.uncovered.sort((a, b) => (b.distanceM ?? Infinity) - (a.distanceM ?? Infinity))
  return result
}

/** The same along the roads: a village is covered when its nearest target by road lies within the distance. */
export async function coverageByRoad(
  db: Database, query: AnalysisQuery, withinM: number | null, groupBy: 'township' | 'village',
): Promise<Coverage> {
  const reach = new Map((await nearestByRoad(db, query)).map((r) => [r.village, r]))
  const rows = await db.rows<Omit<VillageReach, 'target' | 'distanceM' | 'covered'>>(sql`
    SELECT v.code, v.name, v.township_code AS "townshipCode", r.name AS "townshipName", v.households, v.population,
      v.poor_population AS "poorPopulation"
    FROM ${query.villages} v LEFT JOIN regions r ON r.code = v.township_code ORDER BY v.code`)
  return aggregateCoverage(rows.map((v) => {
    const route = reach.get(v.code)!
    const limit = withinM ?? route.radiusM
    return { ...v, target: route.target, distanceM: route.distanceM, covered: route.reachable && limit !== null && route.distanceM! <= limit }
  }), groupBy)
}

/** The water rule, when no single distance applies. */
const WATER_RULE = msg('analysis.water_rule', { pointSetting: 'water.pointServiceRadiusM', pipelineSetting: 'water.pipelineServiceM' })

/** GET /api/analysis/coverage: `explicitM` is the query's withinM; without it, the setting of the class. */
export async function coverageAnswer(db: Database, query: AnalysisQuery, explicitM: number | undefined): Promise<CoverageAnswer> {
  const { target, builtFrom, metric, region } = query
  const settingKey = COVERAGE_SETTING[target]
  const withinM = explicitM ?? (settingKey ? query.setting(settingKey) : null)
  const groupBy = region && region.length >= 9 ? 'village' : 'township'
  const result = metric === 'road'
    ? await coverageByRoad(db, query, withinM, groupBy)
    : storedCoverage(query, withinM)
      ? await coverageFromFacts(db, query, withinM, groupBy)
      : await coverage(db, query.source, query.villages, withinM, groupBy)
  return {
    target, region: region ?? null, status: builtFrom, groupBy, metric, withinM,
    rule: withinM === null ? english(WATER_RULE) : null,
    ruleMsg: withinM === null ? WATER_RULE : null,
    setting: explicitM === undefined ? settingKey : null,
    ...result,
  }
}
