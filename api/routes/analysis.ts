import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import { coverage } from '../analysis/coverage.ts'
import { nearestPerVillage, villagesIn } from '../analysis/nearest.ts'
import { evaluateSite, parseSiteRequest } from '../analysis/site.ts'
import { COVERAGE_SETTING, parseBuiltFrom, parseTarget, targetSource } from '../analysis/targets.ts'
import type { AppEnv } from '../app.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope } from '../auth/actor.ts'
import { badRequest } from '../errors.ts'
import { readJsonBody } from '../json.ts'
import { inRegion } from '../layers/store.ts'
import { parseRegion } from '../params.ts'

/** Distances are capped at 500 km: anything larger is a typo, not a planning question. */
export const MAX_DISTANCE_M = 500_000

export function parseDistance(value: string | undefined, parameter: string): number | undefined {
  if (value === undefined) return undefined
  const n = value.trim() === '' ? Number.NaN : Number(value)
  if (!Number.isFinite(n) || n < 0 || n > MAX_DISTANCE_M) {
    throw badRequest('invalid_distance', `${parameter} must be a distance in metres from 0 to ${MAX_DISTANCE_M}.`, { parameter, value: value.slice(0, 40) })
  }
  return n
}

function parseMetric(value: string | undefined): 'straight' {
  if (value === undefined || value === 'straight') return 'straight'
  if (value === 'road') throw badRequest('metric_unavailable', 'metric=road is not available yet: the road network engine is being built.', { parameter: 'metric' })
  throw badRequest('unknown_metric', 'metric must be straight or road.', { parameter: 'metric', allowed: ['straight', 'road'] })
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

export function analysisRoute() {
  return new Hono<AppEnv>()
    .get('/nearest', async (c) => {
      const db = c.get('db')
      const target = parseTarget(c.req.query('target'))
      const builtFrom = parseBuiltFrom(c.req.query('status'))
      parseMetric(c.req.query('metric'))
      const region = await parseRegion(db, c.req.query('region'))
      const setting = await settingsFor(db, c.get('actor'), region)
      const source = targetSource(target, builtFrom, {
        pointServiceRadiusM: setting('water.pointServiceRadiusM'), pipelineServiceM: setting('water.pipelineServiceM'),
      })
      const rows = await nearestPerVillage(db, source, villageSet(c.get('actor'), region))
      return c.json(rows.map((r) => ({ village: r.village, target: r.target, targetName: r.targetName, distanceM: r.distanceM })))
    })
    .get('/coverage', async (c) => {
      const db = c.get('db')
      const target = parseTarget(c.req.query('target'))
      const builtFrom = parseBuiltFrom(c.req.query('status'))
      parseMetric(c.req.query('metric'))
      const region = await parseRegion(db, c.req.query('region'))
      const explicit = parseDistance(c.req.query('withinM'), 'withinM')
      const setting = await settingsFor(db, c.get('actor'), region)
      const source = targetSource(target, builtFrom, {
        pointServiceRadiusM: setting('water.pointServiceRadiusM'), pipelineServiceM: setting('water.pipelineServiceM'),
      })
      const settingKey = COVERAGE_SETTING[target]
      const withinM = explicit ?? (settingKey ? setting(settingKey) : null)
      const groupBy = region && region.length >= 9 ? 'village' : 'township'
      const result = await coverage(db, source, villageSet(c.get('actor'), region), withinM, groupBy)
      return c.json({
        target, region: region ?? null, status: builtFrom, groupBy,
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
