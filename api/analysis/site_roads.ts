import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { CatchmentReach, CatchmentVillage, NearestService, SiteRoadAccess, UnreachableService } from '../../core/contract/analysis.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import type { ServiceFactor } from '../../core/siting/factors.ts'
import {
  roadGapReason, serviceGap, serviceGapMessage, siteGapMessage, type SiteGap,
} from '../../core/siting/road_gap.ts'
import type { PlacePoint, RoadNetwork } from './network.ts'
import { placesOf } from './road.ts'
import { targetSource } from './targets.ts'
import type { Target, WaterRadii } from './targets.ts'

// A candidate site measured along the roads (metric road): how the candidate meets the network, the
// catchment villages by road distance, and the nearest services by road. Whatever the roads do not
// reach says why (core/siting/road_gap.ts): the candidate off the network, the service, no connection.

/** A catchment village before its elevation is compared with the site's. */
export type Origin = Omit<CatchmentVillage, 'elevationDiffM'>

/** Services by road look at every feature of the class within this straight distance. */
const SERVICE_SEARCH_M = 50_000

export interface SiteOnRoads {
  place: PlacePoint
  access: SiteRoadAccess
  /** Why nothing is reachable from the candidate; null when it is on the network. */
  gap: SiteGap | null
}

export function siteOnRoads(network: RoadNetwork, place: PlacePoint): SiteOnRoads {
  const maxConnectorM = network.options.maxConnectorM
  const nearestRoadM = network.distanceToRoad(place)
  const onNetwork = network.onNetwork(place)
  // The attachment decides (as for every route); the distance says how far off the candidate lies.
  const gap: SiteGap | null = onNetwork ? null
    : nearestRoadM === null ? { kind: 'no_road' } : { kind: 'site_off_road', roadM: nearestRoadM, maxConnectorM }
  return { place, access: { onNetwork, nearestRoadM, maxConnectorM }, gap }
}

/**
 * The catchment along the roads. The straight catchment holds every village within the radius by road
 * (road ≥ straight); named villages are all kept, reachable or not. Each village says whether the roads
 * reach it and why not; the catchment as a whole, whether the candidate is on the network.
 */
export async function catchmentByRoad(
  db: Database, network: RoadNetwork, site: SiteOnRoads, origins: Origin[], radiusM: number, named: boolean,
): Promise<{ origins: Origin[]; reach: CatchmentReach }> {
  const places = await placesOf(db, sql`SELECT v.code AS id, v.geom FROM villages v WHERE v.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(origins.map((o) => o.code))}::jsonb))`)
  const routes = network.matrix(places, [site.place])
  const measured = origins.map((o): Origin => {
    const route = routes.get(o.code)!.get(site.place.id)!
    return route.reachable
      ? { ...o, straightM: o.distanceM!, distanceM: route.distanceM, timeMin: route.timeMin, reachable: true }
      : { ...o, straightM: o.distanceM!, distanceM: null, timeMin: null, reachable: false, reason: route.reason }
  })
  const unreachableVillages = measured.filter((o) => !o.reachable).length
  const reach: CatchmentReach = site.gap
    ? { reachable: false, reason: roadGapReason(site.gap), gap: site.gap, msg: siteGapMessage(site.gap), unreachableVillages }
    : { reachable: true, unreachableVillages }
  return { origins: named ? measured : measured.filter((o) => o.reachable && o.distanceM! <= radiusM), reach }
}

type RoadService = Exclude<ServiceFactor, 'road'>
const ROAD_SERVICES: readonly RoadService[] = ['water', 'school', 'clinic', 'townshipSeat']

/** The nearest of each service along the roads, or why the roads reach none of them; null when there is none within 50 km. */
export async function servicesByRoad(
  db: Database, siteGeometry: SQL, network: RoadNetwork, site: SiteOnRoads, targets: Record<RoadService, Target>,
  builtFrom: ProjectStatus, water: WaterRadii,
): Promise<Record<RoadService, NearestService | UnreachableService | null>> {
  const out = {} as Record<RoadService, NearestService | UnreachableService | null>
  for (const factor of ROAD_SERVICES) {
    const source = targetSource(targets[factor], builtFrom, water)
    const candidates = await db.rows<{ id: string; name: string | null; lon: number; lat: number; straightM: number }>(sql`
      SELECT t.code AS id, t.name, ST_X(ST_PointOnSurface(t.geom))::float8 AS lon, ST_Y(ST_PointOnSurface(t.geom))::float8 AS lat,
        ST_Distance(t.geom::geography, ${siteGeometry}::geography) AS "straightM"
      FROM ${source.from} WHERE ${source.where} AND ST_DWithin(t.geom::geography, ${siteGeometry}::geography, ${SERVICE_SEARCH_M})
      ORDER BY "straightM", t.code`)
    if (!candidates.length) {
      out[factor] = null
      continue
    }
    const route = network.nearest([site.place], candidates).get(site.place.id)!
    if (route.reachable) {
      const hit = candidates.find((c) => c.id === route.id)!
      out[factor] = { code: hit.id, name: hit.name, distanceM: route.distanceM, timeMin: route.timeMin, straightM: hit.straightM, reachable: true }
      continue
    }
    const gap = serviceGap(site.gap, candidates.some((c) => network.onNetwork(c)), network.options.maxConnectorM)
    const closest = candidates[0]
    out[factor] = {
      reachable: false, reason: roadGapReason(gap), gap, msg: serviceGapMessage(gap, factor),
      code: closest.id, name: closest.name, straightM: closest.straightM,
    }
  }
  return out
}
