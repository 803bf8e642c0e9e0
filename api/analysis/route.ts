import { Hono } from 'hono'
import type { Context } from 'hono'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import { aggregateCoverage, coverage } from './coverage.ts'
import type { VillageReach } from './coverage.ts'
import { nearestPerVillage, villagesIn } from './nearest.ts'
import { evaluateSite, parseSiteRequest } from './site.ts'
import { networkOptions, placesOf, roadNetwork } from './road.ts'
import { COVERAGE_SETTING, parseBuiltFrom, parseTarget, targetSource } from './targets.ts'
import type { Target, TargetSource } from './targets.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import type { AppEnv } from '../env.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope } from '../auth/actor.ts'
import { badRequest } from '../http/errors.ts'
import { readJsonBody } from '../http/json.ts'
import { inRegion } from '../layers/store.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { parseRegion } from '../http/params.ts'

/** Distances are capped at 500 km: anything larger is a typo, not a planning question. */
export const MAX_DISTANCE_M = 500_000

export function parseDistance(value: string | undefined, parameter: string): number | undefined {
  if (value === undefined) return undefined
  const n = value.trim() === '' ? Number.NaN : Number(value)
  if (!Number.isFinite(n) || n < 0 || n > MAX_DISTANCE_M) {
    throw badRequest('invalid_distance', msg('errors.invalid_distance', { parameter, max: MAX_DISTANCE_M }), { parameter, value: value.slice(0, 40) })
  }
  return n
}

type Metric = 'straight' | 'road'

/** Road distance is to places: roads themselves and hazard zones are measured straight. */
const NOT_BY_ROAD: readonly Target[] = ['road_hardened', 'road_any', 'hazard']

function parseMetric(value: string | undefined, target: Target): Metric {
  if (value === undefined || value === 'straight') return 'straight'
  if (value !== 'road') throw badRequest('unknown_metric', msg('errors.unknown_metric'), { parameter: 'metric', allowed: ['straight', 'road'] })
  if (NOT_BY_ROAD.includes(target)) {
    throw badRequest('metric_unsupported', msg('errors.metric_unsupported', { target }), { parameter: 'metric' })
  }
  return 'road'
}

interface RoadNearest {
  village: string
  target: string | null
  targetName: string | null
  distanceM: number | null
  timeMin: number | null
  radiusM: number | null
  reachable: boolean
  reason?: string
}

/** The nearest target of each village along the roads (one multi-source search from all targets). */
async function nearestByRoad(db: Database, source: TargetSource, villages: SQL, builtFrom: ProjectStatus, setting: (key: string) => number): Promise<RoadNearest[]> {
  const network = await roadNetwork(db, builtFrom, networkOptions(setting))
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

/** The villages a request covers: its region (membership rule) within the caller's own scope. */
function villageSet(actor: Actor, region: string | undefined): SQL {
  const conditions: SQL[] = []
  if (region) conditions.push(inRegion('villages', region))
  const scope = readScope(actor, 'villages')
  if (scope) conditions.push(inRegion('villages', scope))
  return villagesIn(conditions.length ? sql.join(conditions, sql` AND `) : sql`true`)
}

async function settingsFor(db: Database, actor: Actor, region: string | undefined) {
  const resolved = await resolveSettings(db, region ?? (actor.regionCode || undefined))
  return (key: string) => resolved[key].value as number
}

/** What nearest and coverage both read from the query: the class, what-if status, metric, region and their settings. */
async function analysisQuery(c: Context<AppEnv>) {
  const db = c.get('db')
  const target = parseTarget(c.req.query('target'))
  const builtFrom = parseBuiltFrom(c.req.query('status'))
  const metric = parseMetric(c.req.query('metric'), target)
  const region = await parseRegion(db, c.req.query('region'))
  const setting = await settingsFor(db, c.get('actor'), region)
  const source = targetSource(target, builtFrom, {
    pointServiceRadiusM: setting('water.pointServiceRadiusM'), pipelineServiceM: setting('water.pipelineServiceM'),
  })
  return { db, target, builtFrom, metric, region, setting, source, villages: villageSet(c.get('actor'), region) }
}

export function analysisRoute() {
  return new Hono<AppEnv>()
    .get('/nearest', async (c) => {
      const { db, builtFrom, metric, setting, source, villages } = await analysisQuery(c)
      if (metric === 'road') {
        const rows = await nearestByRoad(db, source, villages, builtFrom, setting)
        return c.json(rows.map(({ radiusM: _, ...r }) => r))
      }
      const rows = await nearestPerVillage(db, source, villages)
      return c.json(rows.map((r) => ({ village: r.village, target: r.target, targetName: r.targetName, distanceM: r.distanceM })))
    })
    .get('/coverage', async (c) => {
      const { db, target, builtFrom, metric, region, setting, source, villages } = await analysisQuery(c)
      const explicit = parseDistance(c.req.query('withinM'), 'withinM')
      const settingKey = COVERAGE_SETTING[target]
      const withinM = explicit ?? (settingKey ? setting(settingKey) : null)
      const groupBy = region && region.length >= 9 ? 'village' : 'township'
      let result
      if (metric === 'road') {
        const reach = new Map((await nearestByRoad(db, source, villages, builtFrom, setting)).map((r) => [r.village, r]))
        const rows = await db.rows<Omit<VillageReach, 'target' | 'distanceM' | 'covered'>>(sql`
          SELECT v.code, v.name, v.township_code AS "townshipCode", r.name AS "townshipName", v.households, v.population,
            v.poor_population AS "poorPopulation"
          FROM ${villages} v LEFT JOIN regions r ON r.code = v.township_code ORDER BY v.code`)
        result = aggregateCoverage(rows.map((v) => {
          const route = reach.get(v.code)!
          const limit = withinM ?? route.radiusM
          return { ...v, target: route.target, distanceM: route.distanceM, covered: route.reachable && limit !== null && route.distanceM! <= limit }
        }), groupBy)
      } else {
        result = await coverage(db, source, villages, withinM, groupBy)
      }
      return c.json({
        target, region: region ?? null, status: builtFrom, groupBy, metric,
        withinM, rule: withinM === null ? 'each scheme within its serviceRadiusM (points, default water.pointServiceRadiusM) or water.pipelineServiceM (pipelines)' : null,
        setting: explicit === undefined ? settingKey : null,
        ...result,
      })
    })
    .post('/site', async (c) => {
      const db = c.get('db')
      const request = parseSiteRequest(await readJsonBody(c))
      const actor = c.get('actor')
      return c.json(await evaluateSite(db, request, { villageScope: readScope(actor, 'villages'), settingsRegion: actor.regionCode || undefined }))
    })
}
