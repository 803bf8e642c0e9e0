import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { nearestOne } from './nearest.ts'
import type { TargetSource } from './targets.ts'

export interface CoverageCounts {
  villages: number
  households: number
  population: number
  poorPopulation: number
}

export interface CoverageGroup {
  code: string
  name: string
  total: CoverageCounts
  covered: CoverageCounts
}

export interface UncoveredVillage {
  code: string
  name: string
  townshipCode: string
  nearest: string | null
  distanceM: number | null
}

export interface Coverage {
  total: CoverageCounts
  covered: CoverageCounts
  groups: CoverageGroup[]
  uncovered: UncoveredVillage[]
}

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
  const largest = sql`(SELECT max(r) + 0.01 FROM (SELECT ${source.radius!} AS r FROM ${source.from} WHERE ${source.where}) m)`
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

/** Totals, the same per group, and the uncovered villages (farthest first), from one row per village. */
export function aggregateCoverage(rows: VillageReach[], groupBy: 'township' | 'village'): Coverage {
  const zero = (): CoverageCounts => ({ villages: 0, households: 0, population: 0, poorPopulation: 0 })
  const add = (counts: CoverageCounts, v: VillageReach) => {
    counts.villages += 1
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
