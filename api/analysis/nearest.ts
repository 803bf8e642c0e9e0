import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { NearestByRoadRow, NearestRow } from '../../core/contract/analysis.ts'
import type { AnalysisQuery } from './request.ts'
import { networkOptions } from './network.ts'
import { placesOf, roadNetwork } from './road.ts'
import type { TargetSource } from './targets.ts'
import { storedNearestOf } from './village_facts.ts'

/** How many index-ordered candidates are re-ranked by spheroid distance (the index orders on the sphere). */
const CANDIDATES = 8

/** A village's nearest feature with that feature's own coverage radius (water schemes), else null. */
export interface NearestWithRadius extends NearestRow {
  radiusM: number | null
}

/**
 * The nearest feature of a source to a geometry, as a subquery returning `code, name, radius, distance`;
 * `when` can skip the search (a one-time filter), e.g. for villages already known to be covered.
 * The geography GiST index orders candidates (KNN `<->`, sphere distance); the few nearest are
 * re-ranked by geodesic distance on the spheroid.
 */
export function nearestOne(source: TargetSource, from: SQL, when: SQL = sql`true`): SQL {
  return sql`
    SELECT c.code, c.name, c.radius, c.geom, ST_Distance(c.geom::geography, ${from}::geography) AS distance
    FROM (
      SELECT t.code, t.name, t.geom, ${source.radius ?? sql`NULL::float8`} AS radius
      FROM ${source.from} WHERE ${source.where}
      ORDER BY t.geom::geography <-> ${from}::geography LIMIT ${CANDIDATES}
    ) c
    WHERE ${when}
    ORDER BY distance, c.code LIMIT 1`
}

/** The nearest target feature of each village, by geodesic distance on the spheroid. */
export function nearestSql(source: TargetSource, villages: SQL): SQL {
  return sql`
    SELECT v.code AS village, n.code AS target, n.name AS "targetName", n.distance AS "distanceM", n.radius AS "radiusM"
    FROM ${villages} v
    LEFT JOIN LATERAL (${nearestOne(source, sql`v.geom`)}) n ON true
    ORDER BY v.code`
}

export async function nearestPerVillage(db: Database, source: TargetSource, villages: SQL): Promise<NearestWithRadius[]> {
  return db.rows<NearestWithRadius>(nearestSql(source, villages))
}

export interface NearestFeature {
  code: string
  name: string | null
  distanceM: number
  /** The feature's point nearest the place (lon, lat), where a line to it is drawn. */
  point: [number, number]
}

/** The nearest feature of each of several sources to one place (null where a source has none), in one query. */
export async function nearestOfEach<K extends string>(db: Database, sources: Record<K, TargetSource>, place: SQL): Promise<Record<K, NearestFeature | null>> {
  const keys = Object.keys(sources) as K[]
  const rows = await db.rows<Omit<NearestFeature, 'point'> & { key: string; lon: number; lat: number }>(sql.join(keys.map((key) => sql`
    (SELECT ${key}::text AS key, n.code, n.name, n."distanceM", ST_X(n.p)::float8 AS lon, ST_Y(n.p)::float8 AS lat
    FROM (SELECT o.code, o.name, o.distance AS "distanceM", ST_ClosestPoint(o.geom, ${place}) AS p FROM (${nearestOne(sources[key], place)}) o) n)`), sql` UNION ALL `))
  return Object.fromEntries(keys.map((key) => {
    const row = rows.find((r) => r.key === key)
    return [key, row ? { code: row.code, name: row.name, distanceM: row.distanceM, point: [row.lon, row.lat] } : null]
  })) as Record<K, NearestFeature | null>
}

/** The nearest target of each village along the roads (one multi-source search from all targets), with the target's radius. */
export async function nearestByRoad(db: Database, query: AnalysisQuery): Promise<(NearestByRoadRow & { radiusM: number | null })[]> {
  const { source, villages } = query
  const network = await roadNetwork(db, query.builtFrom, networkOptions(query.setting))
  const origins = await placesOf(db, sql`SELECT v.code AS id, v.geom FROM ${villages} v ORDER BY v.code`)
  const targets = await db.rows<{ code: string; name: string | null; radius: number | null }>(sql`
    SELECT t.code, t.name, ${source.radius ?? sql`NULL::float8`} AS radius FROM ${source.from} WHERE ${source.where}`)
  const byCode = new Map(targets.map((t) => [t.code, t]))
  const places = await placesOf(db, sql`SELECT t.code AS id, t.geom FROM ${source.from} WHERE ${source.where}`)
  const routes = network.nearest(origins, places)
  return origins.map((o) => {
    const route = routes.get(o.id)!
    if (!route.reachable) {
      return { village: o.id, target: null, targetName: null, distanceM: null, timeMin: null, radiusM: null, reachable: false, reason: route.reason }
    }
    const target = byCode.get(route.id)!
    return { village: o.id, target: route.id, targetName: target.name, distanceM: route.distanceM, timeMin: route.timeMin, radiusM: target.radius, reachable: true }
  })
}

/**
 * Whether the stored village facts hold the answer: the straight distance to a class they keep the
 * nearest feature of, built as the facts are measured (completed or accepted), with no other option.
 */
export function storedNearest(query: AnalysisQuery): boolean {
  return query.metric === 'straight' && query.builtFrom === 'completed' && storedNearestOf(query.target) !== null
}

/**
 * Each village's nearest feature of a stored class, read from the village facts (an indexed read, no
 * spatial join): the same feature and distance the live query measures (the facts are that query, kept
 * current by every write that can change them).
 */
export async function nearestFromFacts(db: Database, query: AnalysisQuery): Promise<NearestRow[]> {
  const columns = storedNearestOf(query.target)!
  const code = sql`f.${sql.identifier(columns.code)}`
  return db.rows<NearestRow>(sql`
    SELECT v.code AS village, ${code} AS target, t.name AS "targetName", f.${sql.identifier(columns.distance)} AS "distanceM"
    FROM ${query.villages} v
    LEFT JOIN village_facts f ON f.village_code = v.code
    LEFT JOIN ${query.source.from} ON t.code = ${code}
    ORDER BY v.code`)
}

/** GET /api/analysis/nearest: each village's nearest feature of the class, straight or along the roads. */
export async function nearestAnswer(db: Database, query: AnalysisQuery): Promise<(NearestRow | NearestByRoadRow)[]> {
  if (query.metric === 'road') return (await nearestByRoad(db, query)).map(({ radiusM: _, ...r }) => r)
  if (storedNearest(query)) return nearestFromFacts(db, query)
  return (await nearestPerVillage(db, query.source, query.villages))
    .map((r) => ({ village: r.village, target: r.target, targetName: r.targetName, distanceM: r.distanceM }))
}

/** The villages of a region (membership rule) as a relation `v`, for use in FROM. */
export function villagesIn(filter: SQL): SQL {
  return sql`(SELECT * FROM villages t WHERE ${filter})`
}
