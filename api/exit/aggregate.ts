import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { stateInYear } from '../../core/exit/criteria.ts'
import type { DataProblem } from '../../core/exit/criteria.ts'
import type { GroupedTally, RegionInfo } from '../../core/exit/rollup.ts'

// The exit rollup of a province or the whole country from the stored judgement (api/exit/stored.ts):
// one aggregation in SQL counting the villages of each county by what the rollup needs of them
// (poor or not, exit years, whether they meet every criterion, the criteria they fail, their data
// problems; population sums; the codes of the poor ones, which exitSupport names when late). Each
// class's state in the year comes from core/exit/criteria.ts stateInYear and the classes are rolled up
// by core/exit/rollup.ts, as the villages of a county are one by one: no spatial join, no per-village
// judgement at request time.

interface ClassRow {
  county: string
  isPoorVillage: boolean | null
  exitYear: number | null
  plannedExitYear: number | null
  meets: boolean | null
  failing: string[] | null
  problems: DataProblem[] | null
  villages: number
  population: number
  poorPopulation: number
  knownPopulation: number
  poorCodes: string[]
}

/** The classes of the villages matching `filter` (alias `t`), by county; null when a village has no stored judgement yet. */
export async function countyTallies(db: Database, filter: SQL, year: number): Promise<GroupedTally[] | null> {
  const rows = await db.rows<ClassRow>(sql`
    SELECT left(t.code, 6) AS county, t.is_poor_village AS "isPoorVillage", t.exit_year AS "exitYear",
      t.planned_exit_year AS "plannedExitYear", f.exit_meets AS meets, f.exit_failing AS failing, f.exit_problems AS problems,
      count(*)::int AS villages, sum(t.population)::float8 AS population,
      coalesce(sum(t.poor_population), 0)::float8 AS "poorPopulation",
      coalesce(sum(t.population) FILTER (WHERE t.poor_population IS NOT NULL), 0)::float8 AS "knownPopulation",
      coalesce(array_agg(t.code ORDER BY t.code) FILTER (WHERE t.is_poor_village), '{}') AS "poorCodes"
    FROM villages t LEFT JOIN village_facts f ON f.village_code = t.code
    WHERE ${filter}
    GROUP BY 1, 2, 3, 4, 5, 6, 7`)
  if (rows.some((r) => r.meets === null)) return null
  return rows.map((r) => ({
    villages: r.villages,
    state: stateInYear(r, r.meets!, year),
    isPoorVillage: r.isPoorVillage,
    plannedExitYear: r.plannedExitYear,
    exitYear: r.exitYear,
    population: r.population,
    poorPopulation: r.poorPopulation,
    knownPopulation: r.knownPopulation,
    failing: r.failing ?? [],
    dataProblems: r.problems ?? [],
    poorCodes: r.poorCodes,
    group: r.county,
    groupInfo: (): RegionInfo => ({ code: r.county, name: r.county, level: 'county', exitYear: null, plannedExitYear: null }),
  }))
}
