import type { Point, Polygon } from 'geojson'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import { PROJECT_STATUSES } from '../../core/format/layers.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import { badRequest } from '../http/errors.ts'
import { validBody } from '../http/json.ts'
import { inRegion } from '../layers/store.ts'
import { checkCoordinates } from '../../core/format/coordinates.ts'
import { networkOptions, placesOf, roadNetwork } from './road.ts'
import { targetSource } from './targets.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { Target } from './targets.ts'

// Candidate-site evaluation: catchment, demand against capacity, distances to services, hazard
// conflicts, pass/fail checks and a weighted suitability score — for any point or polygon, stored or not.

const MAX_DISTANCE_M = 500_000
const distance = z.number().finite().min(0).max(MAX_DISTANCE_M)
const count = z.number().int().min(0)

const FACTORS = ['road', 'water', 'school', 'clinic', 'townshipSeat', 'hazard'] as const
type Factor = (typeof FACTORS)[number]

const requestSchema = z.object({
  geometry: z.object({ type: z.enum(['Point', 'Polygon']), coordinates: z.unknown() }),
  radiusM: z.number().finite().gt(0, 'more_than_zero').max(MAX_DISTANCE_M).optional(),
  villages: z.array(z.string().regex(/^\d{12}$/, 'village_code')).min(1).max(1000).optional(),
  capacity: z.object({ households: count.optional(), population: count.optional(), floorAreaM2: z.number().finite().min(0).optional() }).strict().optional(),
  elevationM: z.number().finite().min(-500).max(9000).optional(),
  weights: z.object(Object.fromEntries(FACTORS.map((f) => [f, z.number().finite().min(0).max(100).optional()])) as Record<Factor, z.ZodOptional<z.ZodNumber>>).strict().optional(),
  limits: z.object({
    roadM: distance.optional(), waterM: distance.optional(), schoolM: distance.optional(),
    clinicM: distance.optional(), townshipSeatM: distance.optional(), hazardBufferM: distance.optional(),
  }).strict().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  metric: z.enum(['straight', 'road']).optional(),
}).strict()

export type SiteRequest = z.infer<typeof requestSchema> & { geometry: Point | Polygon }

export function parseSiteRequest(body: unknown): SiteRequest {
  const request = validBody(body, requestSchema)
  const problem = checkCoordinates(request.geometry.type, request.geometry.coordinates)
  if (problem) throw badRequest(problem.reason, problem.msg, { field: 'geometry' })
  return request as SiteRequest
}

export interface EvaluationContext {
  /** The caller's village scope: catchments only count villages the caller may see. */
  villageScope?: string
  settingsRegion?: string
}

const NEAREST: Record<Exclude<Factor, 'hazard'>, Target> = {
  road: 'road_hardened', water: 'water', school: 'school', clinic: 'clinic', townshipSeat: 'township_seat',
}
const LIMIT_SETTING: Record<Exclude<Factor, 'hazard'>, string> = {
  road: 'siting.maxRoadM', water: 'siting.maxWaterM', school: 'siting.maxSchoolM',
  clinic: 'siting.maxClinicM', townshipSeat: 'siting.maxTownshipSeatM',
}
const WEIGHT_SETTING: Record<Factor, string> = {
  road: 'siting.weightRoad', water: 'siting.weightWater', school: 'siting.weightSchool',
  clinic: 'siting.weightClinic', townshipSeat: 'siting.weightTownshipSeat', hazard: 'siting.weightHazard',
}

/** A village of a candidate's catchment, as the evaluation returns it (road fields added with metric road). */
export interface OriginRow {
  code: string
  name: string
  townshipCode: string
  households: number
  population: number
  poorHouseholds: number | null
  poorPopulation: number | null
  relocationHouseholds: number | null
  relocationPopulation: number | null
  relocationPoorHouseholds: number | null
  elevationM: number | null
  distanceM: number
}

export async function evaluateSite(db: Database, request: SiteRequest, context: EvaluationContext = {}) {
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
  if (!place.valid) throw badRequest('invalid_geometry', msg('siting.invalid_geometry', { reason: place.reason }), { field: 'geometry' })
  if (!place.county) {
    throw badRequest('outside_counties', msg('siting.outside_counties'), { field: 'geometry', lon: place.lon, lat: place.lat })
  }

  const resolved = await resolveSettings(db, place.county ?? context.settingsRegion)
  const setting = (key: string) => resolved[key].value as number
  const builtFrom: ProjectStatus = request.status ?? 'completed'
  const radiusM = request.radiusM ?? setting('siting.catchmentRadiusM')
  const limits = {
    road: request.limits?.roadM ?? setting(LIMIT_SETTING.road),
    water: request.limits?.waterM ?? setting(LIMIT_SETTING.water),
    school: request.limits?.schoolM ?? setting(LIMIT_SETTING.school),
    clinic: request.limits?.clinicM ?? setting(LIMIT_SETTING.clinic),
    townshipSeat: request.limits?.townshipSeatM ?? setting(LIMIT_SETTING.townshipSeat),
  }
  const hazardBufferM = request.limits?.hazardBufferM ?? setting('siting.hazardBufferM')
  const weights = Object.fromEntries(FACTORS.map((f) => [f, request.weights?.[f] ?? setting(WEIGHT_SETTING[f])])) as Record<Factor, number>
  const weightSum = FACTORS.reduce((sum, f) => sum + weights[f], 0)
  if (weightSum <= 0) throw badRequest('invalid_weights', msg('siting.invalid_weights'), { field: 'weights' })

  const byRoad = request.metric === 'road'
  const network = byRoad ? await roadNetwork(db, builtFrom, networkOptions(setting)) : null
  const sitePlace = { id: '__site__', lon: place.lon, lat: place.lat }
  let origins = await catchment(db, site, request, radiusM, context.villageScope)
  if (network) {
    // Along the roads: the straight-line catchment holds every village within the radius by road (road ≥ straight).
    const places = await placesOf(db, sql`SELECT v.code AS id, v.geom FROM villages v WHERE v.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(origins.map((o) => o.code))}::jsonb))`)
    const routes = network.matrix(places, [sitePlace])
    origins = origins.map((o) => {
      const route = routes.get(o.code)!.get(sitePlace.id)!
      return route.reachable
        ? { ...o, straightM: o.distanceM, distanceM: route.distanceM, timeMin: route.timeMin, reachable: true }
        : { ...o, straightM: o.distanceM, distanceM: null as unknown as number, timeMin: null, reachable: false, reason: route.reason }
    }).filter((o) => request.villages || (o.reachable && o.distanceM <= radiusM))
  }
  const water = { pointServiceRadiusM: setting('water.pointServiceRadiusM'), pipelineServiceM: setting('water.pipelineServiceM') }
  const nearestRows = await db.rows<{ factor: string; code: string; name: string | null; distanceM: number }>(sql.join(
    (Object.keys(NEAREST) as (keyof typeof NEAREST)[]).map((factor) => {
      const source = targetSource(NEAREST[factor], builtFrom, water)
      return sql`(SELECT ${factor}::text AS factor, c.code, c.name, ST_Distance(c.geom::geography, ${site}::geography) AS "distanceM"
        FROM (SELECT t.code, t.name, t.geom FROM ${source.from} WHERE ${source.where}
              ORDER BY t.geom::geography <-> ${site}::geography LIMIT 8) c
        ORDER BY "distanceM", c.code LIMIT 1)`
    }), sql` UNION ALL `))
  const nearest = Object.fromEntries((Object.keys(NEAREST) as (keyof typeof NEAREST)[]).map((factor) => {
    const row = nearestRows.find((r) => r.factor === factor)
    return [factor, row ? { code: row.code, name: row.name, distanceM: row.distanceM } : null]
  })) as Record<keyof typeof NEAREST, { code: string; name: string | null; distanceM: number; timeMin?: number; straightM?: number } | null>
  if (network) {
    // Services by road: every feature of the class within 50 km straight is a candidate; the hardened road stays straight.
    for (const factor of ['water', 'school', 'clinic', 'townshipSeat'] as const) {
      const source = targetSource(NEAREST[factor], builtFrom, water)
      const candidates = await db.rows<{ id: string; name: string | null; lon: number; lat: number; straightM: number }>(sql`
        SELECT t.code AS id, t.name, ST_X(ST_PointOnSurface(t.geom))::float8 AS lon, ST_Y(ST_PointOnSurface(t.geom))::float8 AS lat,
          ST_Distance(t.geom::geography, ${site}::geography) AS "straightM"
        FROM ${source.from} WHERE ${source.where} AND ST_DWithin(t.geom::geography, ${site}::geography, 50000)`)
      const route = network.nearest([sitePlace], candidates).get(sitePlace.id)!
      const hit = route.reachable ? candidates.find((c) => c.id === route.id)! : null
      nearest[factor] = route.reachable && hit
        ? { code: hit.id, name: hit.name, distanceM: route.distanceM, timeMin: route.timeMin, straightM: hit.straightM }
        : null
    }
  }

  const hazards = await db.rows<{ code: string; name: string | null; kind: string; level: string | null; distanceM: number; intersects: boolean }>(sql`
    SELECT h.code, h.name, h.kind, h.level, ST_Distance(h.geom::geography, ${site}::geography) AS "distanceM",
      ST_Intersects(h.geom, ${site}) AS intersects
    FROM hazards h WHERE ST_DWithin(h.geom::geography, ${site}::geography, ${hazardBufferM})
    ORDER BY "distanceM", h.code`)

  const sum = (pick: (o: OriginRow) => number | null) => origins.reduce((total, o) => total + (pick(o) ?? 0), 0)
  const demand = {
    households: sum((o) => o.relocationHouseholds),
    population: sum((o) => o.relocationPopulation),
    poorHouseholds: sum((o) => o.relocationPoorHouseholds),
  }
  const floorAreaPerPersonM2 = setting('relocation.floorAreaPerPersonM2')
  const capacity = {
    households: request.capacity?.households ?? null,
    population: request.capacity?.population ?? null,
    floorAreaM2: request.capacity?.floorAreaM2 ?? null,
    floorAreaNeededM2: demand.population * floorAreaPerPersonM2,
    floorAreaPerPersonM2,
  }

  const checks = [
    ...(Object.keys(limits) as (keyof typeof limits)[]).map((factor) => distanceCheck(factor, nearest[factor]?.distanceM ?? null, limits[factor])),
    {
      id: 'hazard', pass: hazards.length === 0, valueM: hazards[0]?.distanceM ?? null, limitM: hazardBufferM,
      reason: hazards.length === 0
        ? `No hazard zone within ${hazardBufferM} m.`
        : `${hazards.length} hazard zone(s) within ${hazardBufferM} m: ${hazards.map((h) => `${h.name ?? h.code}${h.intersects ? ' (overlaps the site)' : ` (${Math.round(h.distanceM)} m)`}`).join(', ')}.`,
    },
    capacityCheck('capacityHouseholds', capacity.households, demand.households, '户 households'),
    capacityCheck('capacityPopulation', capacity.population, demand.population, '人 persons'),
    capacityCheck('floorArea', capacity.floorAreaM2, capacity.floorAreaNeededM2, 'm² floor area'),
  ]

  const components = FACTORS.map((factor) => {
    const value = factor === 'hazard'
      ? (hazards.length === 0 ? 1 : 0)
      : closeness(nearest[factor]?.distanceM ?? null, limits[factor])
    return { factor, weight: weights[factor], value }
  })
  const score = (100 * components.reduce((total, c) => total + c.weight * c.value, 0)) / weightSum

  return {
    site: { type: request.geometry.type, county: place.county, township: place.township, point: [place.lon, place.lat], areaM2: place.areaM2 },
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
    },
    demand,
    capacity,
    nearest,
    hazards,
    checks,
    score: { value: Math.round(score * 10) / 10, weights, components },
  }
}

async function catchment(db: Database, site: SQL, request: SiteRequest, radiusM: number, scope: string | undefined): Promise<OriginRow[]> {
  const inScope = scope ? inRegion('villages', scope, 'v') : sql`true`
  const which = request.villages
    ? sql`v.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(request.villages)}::jsonb))`
    : sql`ST_DWithin(v.geom::geography, ${site}::geography, ${radiusM})`
  const rows = await db.rows<OriginRow>(sql`
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

/** 1 at the site, falling linearly to 0 at the limit; 0 beyond it or when there is no such feature. */
function closeness(distanceM: number | null, limitM: number): number {
  if (distanceM === null) return 0
  if (limitM <= 0) return distanceM <= 0 ? 1 : 0
  return Math.max(0, 1 - distanceM / limitM)
}

function distanceCheck(id: string, valueM: number | null, limitM: number) {
  const pass = valueM !== null && valueM <= limitM
  const reason = valueM === null
    ? `No ${id} feature found.`
    : `Nearest ${id} at ${Math.round(valueM)} m; the limit is ${limitM} m.`
  return { id, pass, valueM, limitM, reason }
}

function capacityCheck(id: string, capacity: number | null, demand: number, unit: string) {
  if (capacity === null) return { id, pass: null, value: null, demand, reason: `Capacity in ${unit} not given.` }
  const pass = capacity >= demand
  return { id, pass, value: capacity, demand, reason: pass ? `Capacity ${capacity} ≥ demand ${demand} ${unit}.` : `Capacity ${capacity} < demand ${demand} ${unit}: over capacity by ${demand - capacity}.` }
}
