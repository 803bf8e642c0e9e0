import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { MAX_DISTANCE_M, type DistanceMetric } from '../../core/contract/analysis.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { SettingLookup } from '../../core/siting/factors.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope } from '../auth/actor.ts'
import { badRequest } from '../http/errors.ts'
import { parseRegion } from '../http/params.ts'
import { inRegion } from '../layers/store.ts'
import { villagesIn } from './nearest.ts'
import { numberSettings } from './settings.ts'
import { parseBuiltFrom, parseTarget, targetSource } from './targets.ts'
import type { Target, TargetSource } from './targets.ts'

// What nearest and coverage read from the query, parsed once: the class, the what-if status, the
// metric, the region, and what follows from them (the settings in force, the features of the class,
// the villages asked about within the caller's own region).

export interface AnalysisQuery {
  target: Target
  builtFrom: ProjectStatus
  metric: DistanceMetric
  region: string | undefined
  setting: SettingLookup
  source: TargetSource
  /** The villages as a relation `v` for FROM. */
  villages: SQL
}

export function parseDistance(value: string | undefined, parameter: string): number | undefined {
  if (value === undefined) return undefined
  const n = value.trim() === '' ? Number.NaN : Number(value)
  if (!Number.isFinite(n) || n < 0 || n > MAX_DISTANCE_M) {
    throw badRequest('invalid_distance', msg('errors.invalid_distance', { parameter, max: MAX_DISTANCE_M }), { parameter, value: value.slice(0, 40) })
  }
  return n
}

/** Road distance is to places: roads themselves and hazard zones are measured straight. */
const NOT_BY_ROAD: readonly Target[] = ['road_hardened', 'road_any', 'hazard']

function parseMetric(value: string | undefined, target: Target): DistanceMetric {
  if (value === undefined || value === 'straight') return 'straight'
  if (value !== 'road') throw badRequest('unknown_metric', msg('errors.unknown_metric'), { parameter: 'metric', allowed: ['straight', 'road'] })
  if (NOT_BY_ROAD.includes(target)) {
    throw badRequest('metric_unsupported', msg('errors.metric_unsupported', { target }), { parameter: 'metric' })
  }
  return 'road'
}

/** The villages a request covers: its region (membership rule) within the caller's own scope. */
function villageSet(actor: Actor, region: string | undefined): SQL {
  const conditions: SQL[] = []
  if (region) conditions.push(inRegion('villages', region))
  const scope = readScope(actor, 'villages')
  if (scope) conditions.push(inRegion('villages', scope))
  return villagesIn(conditions.length ? sql.join(conditions, sql` AND `) : sql`true`)
}

/** `province`: the route answers for a province too (nearest: one row per village, from the facts as a rule). */
export async function analysisQuery(db: Database, actor: Actor, query: Record<string, string | undefined>,
  options: { province?: boolean } = {}): Promise<AnalysisQuery> {
  const target = parseTarget(query.target)
  const builtFrom = parseBuiltFrom(query.status)
  const metric = parseMetric(query.metric, target)
  const region = await parseRegion(db, query.region, { province: options.province })
  const setting = await numberSettings(db, region ?? (actor.regionCode || undefined))
  const source = targetSource(target, builtFrom, {
    pointServiceRadiusM: setting('water.pointServiceRadiusM'), pipelineServiceM: setting('water.pipelineServiceM'),
  })
  return { target, builtFrom, metric, region, setting, source, villages: villageSet(actor, region) }
}
