import { sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database } from '../../db/client.ts'
import type { OptimiseAnswer, OptimiseUnreachable, optimiseBody } from '../../core/contract/optimise.ts'
import { checkCoordinates } from '../../core/format/coordinates.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { Problem } from '../../core/siting/optimise/problem.ts'
import type { OptimiseResult } from '../../core/siting/optimise/solve.ts'
import { optimiseLoads, optimiseTotals } from '../../core/siting/optimise/summary.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope } from '../auth/actor.ts'
import { ApiError, badRequest } from '../http/errors.ts'
import { inRegion } from '../layers/store.ts'
import { networkOptions } from '../analysis/network.ts'
import { placesOf, roadNetwork } from '../analysis/road.ts'
import { numberSettings } from '../analysis/settings.ts'

// The facts of an optimisation, gathered from the database: the origin villages in the caller's
// region with their weights, the candidates (points, or existing sites at a point on them with their
// capacity), the hazard zones near each candidate, and the distance of every village–candidate pair
// (geodesic on the spheroid as the site evaluation measures, or along the roads).

export type OptimiseRequest = z.output<typeof optimiseBody>

const WEIGHT_COLUMN = {
  relocationPopulation: sql`coalesce(v.relocation_population, 0)`,
  population: sql`coalesce(v.population, 0)`,
  poorPopulation: sql`coalesce(v.poor_population, 0)`,
} as const

export interface Gathered {
  problem: Problem
  timeLimitS: number
  /** Origin–candidate pairs: what decides between an answer at once and a job. */
  pairs: number
  syncMaxPairs: number
  /** Completes the solver's result into the API's answer. */
  answer: (result: OptimiseResult) => OptimiseAnswer
}

export async function gatherProblem(db: Database, actor: Actor, body: OptimiseRequest): Promise<Gathered> {
  const scope = readScope(actor, 'villages')
  const region = body.origins.region
  const listed = body.origins.villages
  if (!region && !(listed && listed.length)) throw badRequest('no_origins', msg('optimise.no_origins'), { field: 'origins' })
  if (region && scope && !region.startsWith(scope) && !scope.startsWith(region)) {
    throw new ApiError(403, 'out_of_scope', msg('errors.region_out_of_scope', { region, scope }), { field: 'origins.region' })
  }
  const county = (region ?? listed![0]).slice(0, 6)
  const setting = await numberSettings(db, county)

  const maxCandidates = setting('optimise.maxCandidates')
  if (body.candidates.length > maxCandidates) {
    throw badRequest('too_many_candidates', msg('optimise.too_many_candidates', { count: body.candidates.length, max: maxCandidates }), { field: 'candidates' })
  }
  const maxTimeS = setting('optimise.maxTimeLimitS')
  if (body.timeLimitS !== undefined && !(body.timeLimitS > 0 && body.timeLimitS <= maxTimeS)) {
    throw badRequest('time_limit_invalid', msg('optimise.time_limit_invalid', { maxS: maxTimeS }), { field: 'timeLimitS' })
  }
  const timeLimitS = body.timeLimitS ?? Math.min(setting('optimise.defaultTimeLimitS'), maxTimeS)

  // Candidates: unique keys, a place each; locked and excluded name known keys.
  const keys = new Set<string>()
  for (const [index, c] of body.candidates.entries()) {
    if (keys.has(c.key)) throw badRequest('duplicate_key', msg('optimise.duplicate_key', { key: c.key }), { field: `candidates.${index}.key` })
    keys.add(c.key)
    if (!c.geometry === !c.siteCode) throw badRequest('candidate_place_needed', msg('optimise.candidate_place_needed', { key: c.key }), { field: `candidates.${index}` })
    if (c.geometry) {
      const problem = checkCoordinates('Point', c.geometry.coordinates)
      if (problem) throw badRequest(problem.reason, problem.msg, { field: `candidates.${index}.geometry` })
    }
  }
  for (const field of ['locked', 'excluded'] as const) {
    for (const key of body[field]) if (!keys.has(key)) throw badRequest('unknown_key', msg('optimise.unknown_key', { key }), { field })
  }
  const both = body.locked.find((k) => body.excluded.includes(k))
  if (both) throw badRequest('locked_and_excluded', msg('optimise.locked_and_excluded', { key: both }), { field: 'locked' })

  const siteCodes = body.candidates.flatMap((c) => (c.siteCode ? [c.siteCode] : []))
  const sites = new Map((await db.rows<{ code: string; lon: number; lat: number; capacity: number | null }>(sql`
    SELECT s.code, ST_X(ST_PointOnSurface(s.geom))::float8 AS lon, ST_Y(ST_PointOnSurface(s.geom))::float8 AS lat,
      s.capacity_population AS capacity
    FROM sites s WHERE s.geom IS NOT NULL AND s.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(siteCodes)}::jsonb))`)).map((s) => [s.code, s]))
  const candidates = body.candidates.map((c) => {
    if (c.siteCode) {
      const site = sites.get(c.siteCode)
      if (!site) throw badRequest('unknown_site', msg('optimise.unknown_site', { code: c.siteCode }), { field: 'candidates' })
      return { key: c.key, lon: site.lon, lat: site.lat, capacityPopulation: c.capacityPopulation ?? site.capacity, siteCode: c.siteCode }
    }
    const [lon, lat] = c.geometry!.coordinates
    return { key: c.key, lon, lat, capacityPopulation: c.capacityPopulation ?? null, siteCode: null }
  })

  // Origins: the listed villages, or the region's villages with anyone to weigh; the caller's region only.
  const weight = WEIGHT_COLUMN[body.origins.weight]
  const inScope = scope ? inRegion('villages', scope, 'v') : sql`true`
  const villages = listed && listed.length
    ? await db.rows<{ code: string; weight: number; lon: number; lat: number }>(sql`
        SELECT v.code, ${weight}::float8 AS weight, ST_X(v.geom)::float8 AS lon, ST_Y(v.geom)::float8 AS lat FROM villages v
        WHERE v.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(listed)}::jsonb)) AND ${inScope} ORDER BY v.code`)
    : await db.rows<{ code: string; weight: number; lon: number; lat: number }>(sql`
        SELECT v.code, ${weight}::float8 AS weight, ST_X(v.geom)::float8 AS lon, ST_Y(v.geom)::float8 AS lat FROM villages v
        WHERE ${inRegion('villages', region!, 'v')} AND ${inScope} AND ${weight} > 0 ORDER BY v.code`)
  if (listed && listed.length) {
    const found = new Set(villages.map((v) => v.code))
    const missing = listed.find((code) => !found.has(code))
    if (missing) throw badRequest('unknown_village', msg('optimise.unknown_village', { code: missing }), { field: 'origins.villages' })
  }
  if (villages.length === 0) throw badRequest('no_origins', msg('optimise.no_origins'), { field: 'origins' })
  const maxOrigins = setting('optimise.maxOrigins')
  if (villages.length > maxOrigins) {
    throw badRequest('too_many_origins', msg('optimise.too_many_origins', { count: villages.length, max: maxOrigins }), { field: 'origins' })
  }

  // The site evaluation's limits: hazard zones within the buffer exclude a candidate; no village farther than the radius.
  const maxDistanceM = body.limits.maxDistanceM ?? setting('siting.catchmentRadiusM')
  const hazardBufferM = body.limits.hazardBufferM ?? setting('siting.hazardBufferM')
  const candidateJson = JSON.stringify(candidates.map((c) => ({ key: c.key, lon: c.lon, lat: c.lat })))
  const candidateRows = sql`SELECT c.key, ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326) AS geom FROM jsonb_to_recordset(${candidateJson}::jsonb) AS c(key text, lon float8, lat float8)`
  const hazardRows = await db.rows<{ key: string; hazards: string[] }>(sql`
    SELECT c.key, array_agg(h.code ORDER BY h.code) AS hazards FROM (${candidateRows}) c
    JOIN hazards h ON ST_DWithin(h.geom::geography, c.geom::geography, ${hazardBufferM})
    GROUP BY c.key ORDER BY c.key`)
  const locked = new Set(body.locked)
  const inHazard = hazardRows.find((r) => locked.has(r.key))
  if (inHazard) throw badRequest('locked_in_hazard', msg('optimise.locked_in_hazard', { key: inHazard.key, bufferM: hazardBufferM }), { field: 'locked' })
  const excludedKeys = new Set([...body.excluded, ...hazardRows.map((r) => r.key)])

  const n = villages.length
  const m = candidates.length
  const distance = new Float64Array(n * m)
  const roadReason = new Map<string, OptimiseUnreachable['reason']>()
  if (body.metric === 'road') {
    const network = await roadNetwork(db, 'completed', networkOptions(setting))
    const places = await placesOf(db, sql`SELECT v.code AS id, v.geom FROM villages v WHERE v.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(villages.map((v) => v.code))}::jsonb))`)
    const byCode = new Map(places.map((p) => [p.id, p]))
    const routes = network.matrix(villages.map((v) => byCode.get(v.code)!), candidates.map((c) => ({ id: `c:${c.key}`, lon: c.lon, lat: c.lat })))
    villages.forEach((v, i) => {
      const row = routes.get(v.code)!
      candidates.forEach((c, j) => {
        const route = row.get(`c:${c.key}`)!
        distance[i * m + j] = route.reachable && route.distanceM <= maxDistanceM ? route.distanceM : Infinity
      })
      const anyRoute = candidates.some((c) => !excludedKeys.has(c.key) && row.get(`c:${c.key}`)!.reachable)
      if (!anyRoute) roadReason.set(v.code, network.onNetwork(byCode.get(v.code)!) ? 'not_connected' : 'no_road_nearby')
    })
  } else {
    const villageJson = JSON.stringify(villages.map((v) => v.code))
    const rows = await db.rows<{ i: number; j: number; d: number }>(sql`
      SELECT o.i::int AS i, c.j::int AS j, ST_Distance(v.geom::geography, ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326)::geography)::float8 AS d
      FROM jsonb_array_elements_text(${villageJson}::jsonb) WITH ORDINALITY AS o(code, i)
      JOIN villages v ON v.code = o.code
      CROSS JOIN jsonb_to_recordset(${JSON.stringify(candidates.map((c, j) => ({ j: j + 1, lon: c.lon, lat: c.lat })))}::jsonb) AS c(j int, lon float8, lat float8)`)
    distance.fill(Infinity)
    for (const r of rows) distance[(r.i - 1) * m + (r.j - 1)] = r.d <= maxDistanceM ? r.d : Infinity
  }

  const index = new Map(candidates.map((c, j) => [c.key, j]))
  const problem: Problem = {
    model: body.model,
    origins: villages.map((v) => ({ id: v.code, weight: v.weight })),
    candidates: candidates.map((c) => ({ key: c.key, capacity: c.capacityPopulation })),
    distance,
    p: body.p,
    withinM: body.withinM,
    locked: body.locked.map((k) => index.get(k)!),
    excluded: [...excludedKeys].map((k) => index.get(k)!),
    splitVillages: body.splitVillages,
  }
  return {
    problem, timeLimitS, pairs: n * m, syncMaxPairs: setting('optimise.syncMaxPairs'),
    answer: (result) => {
      const assigned = new Set(result.assignments.map((a) => a.village))
      return {
        ...result,
        unreachable: result.unreachable.map((u) => ({ village: u.village, reason: roadReason.get(u.village) ?? u.reason })),
        excludedByHazard: hazardRows.map((r) => ({ key: r.key, hazards: r.hazards })),
        candidates, limits: { maxDistanceM, hazardBufferM }, metric: body.metric, weight: body.origins.weight,
        loads: optimiseLoads(result, new Map(candidates.map((c) => [c.key, c.capacityPopulation]))),
        totals: optimiseTotals(result, new Map(villages.map((v) => [v.code, v.weight]))),
        villages: villages.filter((v) => assigned.has(v.code)).map((v) => ({ code: v.code, lon: v.lon, lat: v.lat })),
      }
    },
  }
}
