import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { ExitVillage } from '../../core/exit/criteria.ts'
import { checkedYearOf, summarize, summarizeTallies } from '../../core/exit/rollup.ts'
import type { ExitSummary, GroupBy, RegionInfo } from '../../core/exit/rollup.ts'
import { exitRules } from '../../core/exit/criteria.ts'
import type { ExitRules } from '../../core/exit/criteria.ts'
import { resolveSettingsMany } from '../../db/settings.ts'
import { countyTallies } from './aggregate.ts'
import { exitNotices } from '../../core/exit/year.ts'
import { english } from '../../core/messages/english.ts'
import type { ExitSummaryAnswer } from '../../core/contract/exit.ts'
import { exitVillages, factsServe } from './facts.ts'
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
  /**
   * Judge every village at request time even where the stored judgement could be counted (the
   * ledgers and the dashboard need the villages; the tests compare both ways).
   */
  byVillage?: boolean
}

/** The summary answer and the villages it counts (the same judgement, for the dashboard; empty when counted from the stored judgement). */
export async function exitSummary(db: Database, query: SummaryQuery): Promise<{ summary: ExitSummaryAnswer; villages: ExitVillage[] }> {
  const { scope, year } = query
  // Without a region, an account limited to a region sees its own region.
  const region = query.region ?? scope
  const groupBy = groupByFor(region)

  const childLevel = groupBy === 'village' ? null : groupBy
  const regions = await db.rows<RegionInfo>(sql`
    SELECT code, name, level, exit_year AS "exitYear", planned_exit_year AS "plannedExitYear" FROM regions
    WHERE ${region === undefined ? sql`false` : sql`code = ${region}`}
      OR ${childLevel === null ? sql`false` : sql`(level = ${childLevel} AND code LIKE ${`${region ?? ''}%`} AND code <> ${region ?? ''})`}
    ORDER BY code`)
  const inScope = (code: string) => !scope || code.startsWith(scope) || scope.startsWith(code)
  const children = regions.filter((r) => r.code !== region && inScope(r.code))
  const notices = exitNotices(year, scope ?? null)
  const answer = (counted: ExitSummary, rules: ExitRules[]): ExitSummaryAnswer => ({
    ...counted, scope: scope ?? null, rules, notes: notices.map(english), notices,
  })

  // A province or the whole instance, by county: counted from the exit classes of the stored judgement
  // when it answers for the year (the same rollup as below, over classes of villages instead of
  // villages); an account limited to a township is counted village by village (a few villages).
  if (groupBy === 'county' && !query.byVillage && await factsServe(db, year)) {
    const own = ownRegion(region, regions)
    const childChecked = new Map(children.map((r) => [r.code, checkedYearOf(r)]))
    const tallies = await countyTallies(db, [region, scope].filter((c) => c !== undefined), {
      year, checkedYear: (county) => childChecked.get(county) ?? null, regionCheckedYear: own ? checkedYearOf(own) : null,
    })
    if (tallies) {
      const counties = [...new Set(tallies.states.map((t) => t.group))].sort()
      const settings = await resolveSettingsMany(db, counties)
      const rules = counties.map((county) => exitRules(county, settings.get(county)!))
      const counted = summarizeTallies(tallies, { year, groupBy, region: own, children, criteriaOrder: rules[0]?.criteria ?? [] })
      return { summary: answer(counted, rules), villages: [] }
    }
  }

  const { villages, rules } = await exitVillages(db, { region, scope, year })
  const own = ownRegion(region, regions, villages)
  const counted = summarize(villages, { year, groupBy, region: own, children, criteriaOrder: rules[0]?.criteria ?? [] })
  return { summary: answer(counted, rules), villages }
}

/**
 * The region asked, as the regions layer has it; else a village of the answer (parseRegion accepts
 * village codes) or a region outside the layer (a province is named from the division table).
 */
function ownRegion(region: string | undefined, regions: RegionInfo[], villages: readonly ExitVillage[] = []): RegionInfo | null {
  if (region === undefined) return null
  const listed = regions.find((r) => r.code === region)
  if (listed) return listed
  const v = villages.find((x) => x.code === region)
  return v
    ? { code: v.code, name: v.name, level: 'village', exitYear: v.exitYear, plannedExitYear: v.plannedExitYear }
    : { code: region, name: PROVINCE_NAMES[region] ?? region, level: null, exitYear: null, plannedExitYear: null }
}
