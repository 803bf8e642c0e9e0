import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env.ts'
import { readScope } from '../auth/actor.ts'
import type { Database } from '../../db/client.ts'
import { settingNumber } from '../../db/settings.ts'
import { ApiError, badRequest } from '../http/errors.ts'
import { parseRegion } from '../http/params.ts'
import { moreRowsThan } from '../layers/store.ts'
import { reply } from '../http/reply.ts'
import { MAX_EXIT_YEAR, MIN_EXIT_YEAR } from '../../core/exit/year.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { yearInChina } from '../../core/time/china.ts'
import { exitVillages, villageFilter } from './facts.ts'
import { exitSummary } from './summary.ts'

// Village exit for the leaders' dashboard (挂图作战): each village's criteria and state in a year, the
// rollup by region, planned against actual, and both at once for the dashboard (one judgement).

/** The year asked (?year=, four digits within the bounds), else the current year in China. */
export function parseYear(value: string | undefined): number {
  if (value === undefined) return yearInChina()
  const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN
  if (!(year >= MIN_EXIT_YEAR && year <= MAX_EXIT_YEAR)) {
    throw badRequest('invalid_year', msg('errors.invalid_year', { min: MIN_EXIT_YEAR, max: MAX_EXIT_YEAR }), { parameter: 'year', value: value.slice(0, 40) })
  }
  return year
}

/** What every exit route reads: the year, the region asked and the caller's village scope. */
async function exitQuery(c: Context<AppEnv>) {
  const db = c.get('db')
  const year = parseYear(c.req.query('year'))
  const region = await parseRegion(db, c.req.query('region'), { province: true })
  return { db, query: { region, scope: readScope(c.get('actor'), 'villages'), year } }
}

export function exitRoute() {
  return new Hono<AppEnv>()
    .get('/villages', async (c) => {
      const { db, query } = await exitQuery(c)
      await refuseVillagesAboveLimit(db, query)
      return reply(c, 'GET /api/exit/villages', (await exitVillages(db, query)).villages)
    })
    .get('/summary', async (c) => {
      const { db, query } = await exitQuery(c)
      return reply(c, 'GET /api/exit/summary', (await exitSummary(db, query)).summary)
    })
    .get('/dashboard', async (c) => {
      const { db, query } = await exitQuery(c)
      await refuseVillagesAboveLimit(db, query)
      return reply(c, 'GET /api/exit/dashboard', await exitSummary(db, { ...query, byVillage: true }))
    })
}

/**
 * The villages judged one by one are sent up to `layers.maxGeoJsonFeatures` of them (the limit of a
 * whole layer): above, 413 pointing to the summary (counted from the stored judgement) or a smaller
 * region, never an answer of tens of megabytes by accident.
 */
async function refuseVillagesAboveLimit(db: Database, query: { region?: string; scope?: string }): Promise<void> {
  const limit = await settingNumber(db, 'layers.maxGeoJsonFeatures')
  if (await moreRowsThan(db, 'villages', villageFilter(query), limit)) {
    throw new ApiError(413, 'exit_villages_too_many', msg('errors.exit_villages_too_many', { limit, setting: 'layers.maxGeoJsonFeatures' }),
      { limit, parameters: ['region'] })
  }
}
