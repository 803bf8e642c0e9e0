import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { TargetSource } from './targets.ts'

/** How many index-ordered candidates are re-ranked by spheroid distance (the index orders on the sphere). */
const CANDIDATES = 8

export interface NearestRow {
  village: string
  target: string | null
  targetName: string | null
  distanceM: number | null
  /** The nearest feature's own coverage radius (water schemes), else null. */
  radiusM: number | null
}

/**
 * The nearest target feature of each village, by geodesic distance on the spheroid. The geography
 * GiST index orders candidates (KNN `<->`, sphere distance); the few nearest are re-ranked exactly.
 */
export function nearestSql(source: TargetSource, villages: SQL): SQL {
  return sql`
    SELECT v.code AS village, n.code AS target, n.name AS "targetName", n.distance AS "distanceM", n.radius AS "radiusM"
    FROM ${villages} v
    LEFT JOIN LATERAL (${nearestOne(source, sql`v.geom`)}) n ON true
    ORDER BY v.code`
}

/**
 * The nearest feature of a source to a geometry, as a subquery returning `code, name, radius, distance`;
 * `when` can skip the search (a one-time filter), e.g. for villages already known to be covered.
 */
export function nearestOne(source: TargetSource, from: SQL, when: SQL = sql`true`): SQL {
  return sql`
    SELECT c.code, c.name, c.radius, ST_Distance(c.geom::geography, ${from}::geography) AS distance
    FROM (
      SELECT t.code, t.name, t.geom, ${source.radius ?? sql`NULL::float8`} AS radius
      FROM ${source.from} WHERE ${source.where}
      ORDER BY t.geom::geography <-> ${from}::geography LIMIT ${CANDIDATES}
    ) c
    WHERE ${when}
    ORDER BY distance, c.code LIMIT 1`
}

export async function nearestPerVillage(db: Database, source: TargetSource, villages: SQL): Promise<NearestRow[]> {
  return db.rows<NearestRow>(nearestSql(source, villages))
}

/** The villages of a region (membership rule) as a relation `v`, for use in FROM. */
export function villagesIn(filter: SQL): SQL {
  return sql`(SELECT * FROM villages t WHERE ${filter})`
}
