import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { stateOf } from '../../core/exit/criteria.ts'
import type { DataProblem } from '../../core/exit/criteria.ts'
import { lateFor } from '../../core/exit/rollup.ts'
import type { GroupedTallies, RegionInfo } from '../../core/exit/rollup.ts'

// The exit rollup of a province or the whole country from the stored judgement (api/exit/stored.ts),
// counted in SQL by county without a spatial join or a per-village judgement at request time:
// - state classes: villages alike in what their state and the rollup's counts come from (registered
//   poor or not, exited by the year, planned by the year — the two questions of core/exit/criteria.ts
//   yearPosition —, meeting every criterion, the criteria failed, the data problems), with population
//   sums; each class's state from stateOf;
// - year classes: registered poor villages by planned and actual exit year (the chart by year, the
//   region's exit check), and the codes of only those the check finds late (lateFor).
// Both are rolled up by core/exit/rollup.ts, as the villages of a county are one by one.

interface StateRow {
  county: string
  isPoorVillage: boolean | null
  exitedBy: boolean
  plannedBy: boolean
  meets: boolean | null
  failing: string[] | null
  problems: DataProblem[] | null
  villages: number
  population: number
  poorPopulation: number
  knownPopulation: number
}

interface YearRow {
  county: string
  plannedExitYear: number | null
  exitYear: number | null
  villages: number
}

export interface CountyTallyOptions {
  year: number
  /** The year each county group is checked against (checkedYearOf its region), if any. */
  checkedYear: (county: string) => number | null
  /** The year the region asked is checked against, if any. */
  regionCheckedYear: number | null
}

/**
 * The tallies of the villages matching `filter` (alias `t` of villages), grouped by county; null when
 * a village has no stored judgement yet (the caller judges village by village instead).
 */
export async function countyTallies(db: Database, filter: SQL, options: CountyTallyOptions): Promise<GroupedTallies | null> {
  const { year } = options
  // A country's villages are grouped in one hash table (measured at 500,000: 1.7 s against 2.4 s for the
  // sort the default work_mem leads to); set locally, it ends with the transaction.
  const states = await db.transaction(async (tx) => {
    await tx.rows(sql`SELECT set_config('work_mem', '128MB', true)`)
    return tx.rows<StateRow>(sql`
    SELECT left(t.code, 6) AS county, t.is_poor_village AS "isPoorVillage",
      (t.exit_year IS NOT NULL AND t.exit_year <= ${year}::int) AS "exitedBy",
      (t.planned_exit_year IS NOT NULL AND t.planned_exit_year <= ${year}::int) AS "plannedBy",
      f.exit_meets AS meets, f.exit_failing AS failing, f.exit_problems AS problems,
      count(*)::int AS villages, sum(t.population)::float8 AS population,
      coalesce(sum(t.poor_population), 0)::float8 AS "poorPopulation",
      coalesce(sum(t.population) FILTER (WHERE t.poor_population IS NOT NULL), 0)::float8 AS "knownPopulation"
    FROM villages t LEFT JOIN village_facts f ON f.village_code = t.code
    WHERE ${filter}
    GROUP BY 1, 2, 3, 4, 5, 6, 7`)
  })
  if (states.some((r) => r.meets === null)) return null
  const years = await db.rows<YearRow>(sql`
    SELECT left(t.code, 6) AS county, t.planned_exit_year AS "plannedExitYear", t.exit_year AS "exitYear", count(*)::int AS villages
    FROM villages t WHERE ${filter} AND t.is_poor_village IS TRUE
    GROUP BY 1, 2, 3`)
  // Codes only of the classes some check finds late.
  const late = years.filter((r) => {
    const own = options.checkedYear(r.county)
    return (own !== null && lateFor(r.exitYear, own)) || (options.regionCheckedYear !== null && lateFor(r.exitYear, options.regionCheckedYear))
  })
  const codes = new Map<string, string[]>()
  const key = (county: string, planned: number | null, exit: number | null) => `${county}|${planned}|${exit}`
  if (late.length) {
    const wanted = late.map((r) => ({ c: r.county, p: r.plannedExitYear, e: r.exitYear }))
    const rows = await db.rows<{ county: string; planned: number | null; exit: number | null; codes: string[] }>(sql`
      SELECT left(t.code, 6) AS county, t.planned_exit_year AS planned, t.exit_year AS exit, array_agg(t.code ORDER BY t.code) AS codes
      FROM villages t
      JOIN (SELECT DISTINCT c, coalesce(p, -1) AS p, coalesce(e, -1) AS e
        FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(c text, p int, e int)) w
        ON left(t.code, 6) = w.c AND coalesce(t.planned_exit_year, -1) = w.p AND coalesce(t.exit_year, -1) = w.e
      WHERE ${filter} AND t.is_poor_village IS TRUE
      GROUP BY 1, 2, 3`)
    for (const r of rows) codes.set(key(r.county, r.planned, r.exit), r.codes)
  }
  return {
    states: states.map((r) => ({
      villages: r.villages,
      state: stateOf(r.isPoorVillage, r, r.meets!),
      isPoorVillage: r.isPoorVillage,
      population: r.population,
      poorPopulation: r.poorPopulation,
      knownPopulation: r.knownPopulation,
      failing: r.failing ?? [],
      dataProblems: r.problems ?? [],
      group: r.county,
      groupInfo: (): RegionInfo => ({ code: r.county, name: r.county, level: 'county', exitYear: null, plannedExitYear: null }),
    })),
    years: years.map((r) => ({
      villages: r.villages, plannedExitYear: r.plannedExitYear, exitYear: r.exitYear,
      codes: codes.get(key(r.county, r.plannedExitYear, r.exitYear)) ?? [], group: r.county,
    })),
  }
}
