import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { ExitVillage } from '../../core/exit/criteria.ts'
import { summarize } from '../../core/exit/rollup.ts'
import type { GroupBy, RegionInfo } from '../../core/exit/rollup.ts'
import { exitNotices } from '../../core/exit/year.ts'
import { english } from '../../core/messages/english.ts'
import type { ExitSummaryAnswer } from '../../core/contract/exit.ts'
import { exitVillages } from './facts.ts'
import { PROVINCE_NAMES } from '../../core/format/provinces.ts'

// The summary of a region's village exit in a year: the region and its regions one level down (or its
// villages), each rolled up by core/exit/rollup.ts from one judgement of the villages.

const groupByFor = (region: string | undefined): GroupBy =>
  region === undefined || region.length === 2 ? 'county' : region.length === 6 ? 'township' : 'village'

export interface SummaryQuery {
  /** A region code (from parseRegion), or undefined: the caller's scope, else the whole instance. */
  region?: string
  /** The caller's village scope (readScope), if limited. */
  scope?: string
  year: number
}

/** The summary answer and the villages it counts (the same judgement, for the dashboard). */
export async function exitSummary(db: Database, query: SummaryQuery): Promise<{ summary: ExitSummaryAnswer; villages: ExitVillage[] }> {
  const { scope, year } = query
  // Without a region, an account limited to a region sees its own region.
  const region = query.region ?? scope
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
      : { code: region, name: PROVINCE_NAMES[region] ?? region, level: null, exitYear: null, plannedExitYear: null }
  }
  const inScope = (code: string) => !scope || code.startsWith(scope) || scope.startsWith(code)
  const children = regions.filter((r) => r.code !== region && inScope(r.code))

  const notices = exitNotices(year, scope ?? null)
  const summary: ExitSummaryAnswer = {
    ...summarize(villages, { year, groupBy, region: own, children, criteriaOrder: rules[0]?.criteria ?? [] }),
    scope: scope ?? null,
    rules,
    notes: notices.map(english),
    notices,
  }
  return { summary, villages }
}
