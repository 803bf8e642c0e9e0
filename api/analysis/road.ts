import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import { RoadNetwork } from './network.ts'
import type { NetworkOptions, PlacePoint, RoadInput } from './network.ts'
import { builtStatuses } from './targets.ts'

// The road network for `metric=road`: built from the roads layer (only roads built by the what-if
// status count), cached per database and rebuilt when the roads change or the settings differ.

const cache = new WeakMap<Database, Map<string, RoadNetwork>>()

export async function roadNetwork(db: Database, builtFrom: ProjectStatus, options: NetworkOptions): Promise<RoadNetwork> {
  const [signature] = await db.rows<{ n: number; u: string; v: number }>(sql`
    SELECT count(*)::int AS n, coalesce(max(updated_at)::text, '') AS u, coalesce(sum(version), 0)::int AS v FROM roads`)
  const key = JSON.stringify([builtFrom, options, signature])
  let networks = cache.get(db)
  if (!networks) cache.set(db, (networks = new Map()))
  const cached = networks.get(key)
  if (cached) return cached
  const statuses = builtStatuses(builtFrom)
  const rows = await db.rows<{ code: string; roadClass: RoadInput['roadClass']; surface: RoadInput['surface']; geometry: string }>(sql`
    SELECT code, road_class AS "roadClass", surface, ST_AsGeoJSON(geom, 7) AS geometry FROM roads
    WHERE geom IS NOT NULL AND status IN (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})`)
  const network = RoadNetwork.build(rows.map((r) => ({ ...r, geometry: JSON.parse(r.geometry) })), options)
  // Keep a few variants (what-if statuses); drop the oldest beyond that.
  if (networks.size >= 4) networks.delete(networks.keys().next().value!)
  networks.set(key, network)
  return network
}

/** Places as points: a polygon site or a pipeline counts from a point on it. */
export async function placesOf(db: Database, query: SQL): Promise<PlacePoint[]> {
  return db.rows<PlacePoint>(sql`
    SELECT q.id, ST_X(ST_PointOnSurface(q.geom))::float8 AS lon, ST_Y(ST_PointOnSurface(q.geom))::float8 AS lat FROM (${query}) q`)
}
