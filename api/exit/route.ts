import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import type { AppEnv } from '../env.ts'
import { readScope } from '../auth/actor.ts'
import { badRequest } from '../http/errors.ts'
import { exitVillages, yearNotes } from './criteria.ts'
import { summarize } from '../../core/exit/rollup.ts'
import type { GroupBy, RegionInfo } from '../../core/exit/rollup.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { parseRegion } from '../http/params.ts'

// Village exit for the leaders' dashboard (挂图作战): each village's criteria and state in a year, and
// the rollup by region, planned against actual.

export const MIN_YEAR = 2000
export const MAX_YEAR = 2100

/** The current year in China (Asia/Shanghai), whatever the server's time zone. */
export function currentYear(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now))
}

export function parseYear(value: string | undefined): number {
  if (value === undefined) return currentYear()
  const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw badRequest('invalid_year', msg('errors.invalid_year', { min: MIN_YEAR, max: MAX_YEAR }), { parameter: 'year', value: value.slice(0, 40) })
  }
  return year
}

const groupByFor = (region: string | undefined): GroupBy =>
  region === undefined ? 'county' : region.length === 6 ? 'township' : 'village'

export function exitRoute() {
  return new Hono<AppEnv>()
    .get('/villages', async (c) => {
      const db = c.get('db')
      const year = parseYear(c.req.query('year'))
      const region = await parseRegion(db, c.req.query('region'))
      const { villages } = await exitVillages(db, { region, scope: readScope(c.get('actor'), 'villages'), year })
      return c.json(villages)
    })
    .get('/summary', async (c) => {
      const db = c.get('db')
      const year = parseYear(c.req.query('year'))
      const scope = readScope(c.get('actor'), 'villages')
      // Without a region, an account limited to a region sees its own region.
      const region = (await parseRegion(db, c.req.query('region'))) ?? scope
      const groupBy = groupByFor(region)
      const { villages, rules } = await exitVillages(db, { region, scope, year })

      const childLevel = groupBy === 'village' ? null : groupBy
      const regions = await db.rows<RegionInfo>(sql`
        SELECT code, name, level, exit_year AS "exitYear", planned_exit_year AS "plannedExitYear" FROM regions
        WHERE ${region === undefined ? sql`false` : sql`code = ${region}`}
          OR ${childLevel === null ? sql`false` : sql`(level = ${childLevel} AND code LIKE ${`${region ?? ''}%`} AND code <> ${region ?? ''})`}
        ORDER BY code`)
      let own = region === undefined ? null : regions.find((r) => r.code === region) ?? null
      if (region !== undefined && own === null) {
        // A village code (parseRegion accepts them) or a region outside the regions layer.
        const v = villages.find((x) => x.code === region)
        own = v
          ? { code: v.code, name: v.name, level: 'village', exitYear: v.exitYear, plannedExitYear: v.plannedExitYear }
          : { code: region, name: region, level: null, exitYear: null, plannedExitYear: null }
      }
      const inScope = (code: string) => !scope || code.startsWith(scope) || scope.startsWith(code)
      const children = regions.filter((r) => r.code !== region && inScope(r.code))

      const summary = summarize(villages, { year, groupBy, region: own, children, criteriaOrder: rules[0]?.criteria ?? [] })
      return c.json({
        ...summary,
        scope: scope ?? null,
        rules,
        notes: [
          ...yearNotes(year),
          ...(scope ? [`Only the villages of your region ${scope} are counted.`] : []),
        ],
      })
    })
}
