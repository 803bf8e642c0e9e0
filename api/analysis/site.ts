import type { Point, Polygon } from 'geojson'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database } from '../../db/client.ts'
import type { CatchmentReach, NearestService, SiteEvaluation, UnreachableService, siteRequestBody } from '../../core/contract/analysis.ts'
import { checkCoordinates } from '../../core/format/coordinates.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { capacityCheck, distanceCheck, hazardCheck } from '../../core/siting/checks.ts'
import { relocationDemand } from '../../core/siting/demand.ts'
import { LIMIT_OF, SERVICE_FACTORS, resolveLimits, resolveWeights, type ServiceFactor } from '../../core/siting/factors.ts'
import { floorAreaNeededM2 } from '../../core/siting/floor_area.ts'
import { suitabilityScore, weightTotal } from '../../core/siting/score.ts'
import { relocationStandards } from '../../core/siting/standards.ts'
import { badRequest } from '../http/errors.ts'
import { inRegion } from '../layers/store.ts'
import { nearestOfEach } from './nearest.ts'
import { networkOptions } from './network.ts'
import { roadNetwork } from './road.ts'
import { numberSettings } from './settings.ts'
import { catchmentByRoad, servicesByRoad, siteOnRoads, type Origin } from './site_roads.ts'
import { targetSource } from './targets.ts'
import type { Target, TargetSource } from './targets.ts'

// Candidate-site evaluation: catchment, demand against capacity, distances to services, hazard
// conflicts, pass/fail checks and a weighted suitability score — for any point or polygon, stored or
// not. The figures and judgements are core/siting's; this module gathers the facts they need.

export type SiteRequest = z.output<typeof siteRequestBody> & { geometry: Point | Polygon }

/** The body as validated by the contract, with its coordinates checked before PostGIS sees them. */
export function siteRequest(body: z.output<typeof siteRequestBody>): SiteRequest {
  const problem = checkCoordinates(body.geometry.type, body.geometry.coordinates)
  if (problem) throw badRequest(problem.reason, problem.msg, { field: 'geometry' })
  return body as SiteRequest
}

export interface EvaluationContext {
  /** The caller's village scope: catchments only count villages the caller may see. */
  villageScope?: string
}

/** The class of feature each service factor measures to. */
const NEAREST: Record<ServiceFactor, Target> = {
  road: 'road_hardened', water: 'water', school: 'school', clinic: 'clinic', townshipSeat: 'township_seat',
}

export async function evaluateSite(db: Database, request: SiteRequest, context: EvaluationContext = {}): Promise<SiteEvaluation> {
  const geojson = JSON.stringify(request.geometry)
  const site = sql`ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)`
  const [place] = await db.rows<{ valid: boolean; reason: string; county: string | null; township: string | null; lon: number; lat: number; areaM2: number }>(sql`
    WITH s AS (SELECT ${site} AS geom)
    SELECT ST_IsValid(s.geom) AS valid, ST_IsValidReason(s.geom) AS reason,
      (SELECT r.code FROM regions r WHERE r.level = 'county' AND ST_Intersects(r.geom, s.geom) ORDER BY r.code LIMIT 1) AS county,
      (SELECT r.code FROM regions r WHERE r.level = 'township' AND ST_Intersects(r.geom, s.geom) ORDER BY r.code LIMIT 1) AS township,
      ST_X(ST_PointOnSurface(s.geom)) AS lon, ST_Y(ST_PointOnSurface(s.geom)) AS lat,
      ST_Area(s.geom::geography) AS "areaM2"
    FROM s`)
  if (!place.valid) {
    // PostGIS says why in English (ST_IsValidReason); the one a drawn outline runs into has words of its own.
    const why = /self-intersection/i.test(place.reason)
      ? msg('siting.outline_crosses_itself', { reason: place.reason })
      : msg('siting.invalid_geometry', { reason: place.reason })
    throw badRequest('invalid_geometry', why, { field: 'geometry' })
  }
  if (!place.county) {
    throw badRequest('outside_counties', msg('siting.outside_counties'), { field: 'geometry', lon: place.lon, lat: place.lat })
  }
  const county = place.county

  // The settings of the county the site lies in, whoever asks.
  const setting = await numberSettings(db, county)
  const builtFrom: ProjectStatus = request.status ?? 'completed'
  const radiusM = request.radiusM ?? setting('siting.catchmentRadiusM')
  const limits = resolveLimits(request.limits, setting)
  const serviceLimit = (factor: ServiceFactor) => limits[LIMIT_OF[factor]]
  const weights = resolveWeights(request.weights, setting)
  if (weightTotal(weights) <= 0) throw badRequest('invalid_weights', msg('siting.invalid_weights'), { field: 'weights' })

  const byRoad = request.metric === 'road'
  const network = byRoad ? await roadNetwork(db, builtFrom, networkOptions(setting)) : null
  const onRoads = network ? siteOnRoads(network, { id: '__site__', lon: place.lon, lat: place.lat }) : null
  let origins: Origin[] = await catchment(db, site, request, radiusM, context.villageScope)
  let catchmentReach: CatchmentReach | null = null
  if (network && onRoads) {
    ({ origins, reach: catchmentReach } = await catchmentByRoad(db, network, onRoads, origins, radiusM, request.villages !== undefined))
  }
  const water = { pointServiceRadiusM: setting('water.pointServiceRadiusM'), pipelineServiceM: setting('water.pipelineServiceM') }
  const sources = Object.fromEntries(SERVICE_FACTORS.map((f) => [f, targetSource(NEAREST[f], builtFrom, water)])) as Record<ServiceFactor, TargetSource>
  const nearest: Record<ServiceFactor, NearestService | UnreachableService | null> = await nearestOfEach(db, sources, site)
  if (network && onRoads) Object.assign(nearest, await servicesByRoad(db, site, network, onRoads, NEAREST, builtFrom, water))
  /** Metres to each service where it is reached (by road with metric road). */
  const reachedM = (f: ServiceFactor): number | null => {
    const n = nearest[f]
    return n && n.reachable !== false ? n.distanceM : null
  }

  const hazardBufferM = limits.hazardBufferM
  const hazards = await db.rows<{ code: string; name: string | null; kind: string; level: string | null; distanceM: number; intersects: boolean }>(sql`
    SELECT h.code, h.name, h.kind, h.level, ST_Distance(h.geom::geography, ${site}::geography) AS "distanceM",
      ST_Intersects(h.geom, ${site}) AS intersects
    FROM hazards h WHERE ST_DWithin(h.geom::geography, ${site}::geography, ${hazardBufferM})
    ORDER BY "distanceM", h.code`)

  const sum = (pick: (o: Origin) => number | null) => origins.reduce((total, o) => total + (pick(o) ?? 0), 0)
  const demand = relocationDemand(origins)
  const standards = relocationStandards(setting)
  const capacity = {
    households: request.capacity?.households ?? null,
    population: request.capacity?.population ?? null,
    floorAreaM2: request.capacity?.floorAreaM2 ?? null,
    floorAreaNeededM2: floorAreaNeededM2(demand.population, standards),
    floorAreaPerPersonM2: standards.floorAreaPerPersonM2,
  }

  const checks = [
    ...SERVICE_FACTORS.map((factor) => {
      const n = nearest[factor]
      return distanceCheck(factor, reachedM(factor), serviceLimit(factor), n?.reachable === false ? n.gap : undefined)
    }),
    hazardCheck(hazards, hazardBufferM),
    capacityCheck('capacityHouseholds', capacity.households, demand.households),
    capacityCheck('capacityPopulation', capacity.population, demand.population),
    capacityCheck('floorArea', capacity.floorAreaM2, capacity.floorAreaNeededM2),
  ]
  const score = suitabilityScore({
    distancesM: Object.fromEntries(SERVICE_FACTORS.map((f) => [f, reachedM(f)])) as Record<ServiceFactor, number | null>,
    limitsM: Object.fromEntries(SERVICE_FACTORS.map((f) => [f, serviceLimit(f)])) as Record<ServiceFactor, number>,
    clearOfHazards: hazards.length === 0,
    weights,
  })

  return {
    site: { type: request.geometry.type, county, township: place.township, point: [place.lon, place.lat], areaM2: place.areaM2 },
    radiusM: request.villages ? null : radiusM,
    status: builtFrom,
    metric: byRoad ? 'road' : 'straight',
    catchment: {
      mode: request.villages ? 'villages' : 'radius',
      villages: origins.map((o) => ({
        ...o,
        elevationDiffM: request.elevationM !== undefined && o.elevationM !== null ? o.elevationM - request.elevationM : null,
      })),
      totals: {
        villages: origins.length,
        households: sum((o) => o.households),
        population: sum((o) => o.population),
        poorHouseholds: sum((o) => o.poorHouseholds),
        poorPopulation: sum((o) => o.poorPopulation),
      },
      road: catchmentReach,
    },
    demand,
    capacity,
    nearest,
    road: onRoads?.access ?? null,
    hazards,
    checks,
    score,
  }
}

async function catchment(db: Database, site: SQL, request: SiteRequest, radiusM: number, scope: string | undefined): Promise<Origin[]> {
  const inScope = scope ? inRegion('villages', scope, 'v') : sql`true`
  const which = request.villages
    ? sql`v.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(request.villages)}::jsonb))`
    : sql`ST_DWithin(v.geom::geography, ${site}::geography, ${radiusM})`
  const rows = await db.rows<Origin>(sql`
    SELECT v.code, v.name, v.township_code AS "townshipCode", v.households, v.population,
      v.poor_households AS "poorHouseholds", v.poor_population AS "poorPopulation",
      v.relocation_households AS "relocationHouseholds", v.relocation_population AS "relocationPopulation",
      v.relocation_poor_households AS "relocationPoorHouseholds", v.elevation_m AS "elevationM",
      ST_Distance(v.geom::geography, ${site}::geography) AS "distanceM"
    FROM villages v WHERE ${which} AND ${inScope}
    ORDER BY "distanceM", v.code`)
  if (request.villages) {
    const found = new Set(rows.map((r) => r.code))
    const unknown = [...new Set(request.villages)].filter((code) => !found.has(code))
    if (unknown.length) {
      throw badRequest('unknown_village', msg('siting.unknown_villages', { codes: unknown.slice(0, 10) }), { field: 'villages', codes: unknown })
    }
  }
  return rows
}
