import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { stateOf } from '../../core/exit/criteria.ts'
import type { DataProblem } from '../../core/exit/criteria.ts'
import { lateFor } from '../../core/exit/rollup.ts'
import type { Count, GroupedTallies, RegionInfo } from '../../core/exit/rollup.ts'

// The exit rollup of a province or the whole country from the stored judgement (api/exit/stored.ts),
// counted without a spatial join, a per-village judgement or a scan of the villages at request time: the
// villages of each county are kept counted by exit class in exit_classes (migration 0011, counted again
// by statement triggers in the transaction of every change to villages or their facts), and summed here
// into
// - state tallies: villages alike in what their state comes from (registered poor or not, exited by the
//   year, planned by the year — the two questions of core/exit/criteria.ts yearPosition —, meeting every
//   criterion), with population sums and how many of them fail each criterion and have each data
//   problem; each tally's state from stateOf;
// - year classes: registered poor villages by planned and actual exit year (the chart by year, the
//   region's exit check), with the codes of only those the check finds late (lateFor).
// Both are rolled up by core/exit/rollup.ts, as the villages of a county are one by one.

interface StateRow {
  county: string
  isPoorVillage: boolean | null
  exitedBy: boolean
  plannedBy: boolean
  meets: boolean | null
  villages: number
  population: number
  poorPopulation: number
  knownPopulation: number
  /** Villages failing each criterion, as a JSON object (`{}` for none): one string parses faster than rows. */
  failing: string
  problems: string
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
 * The tallies of the villages of the counties under `prefixes` (code prefixes; all counties when
 * empty), grouped by county; null — the caller judges village by village instead — when a prefix is
 * finer than a county (the classes are per county: an account limited to a township) or a village has
 * no stored judgement yet.
 */
export async function countyTallies(db: Database, prefixes: readonly string[], options: CountyTallyOptions): Promise<GroupedTallies | null> {
  const { year } = options
  if (prefixes.some((p) => p.length > 6)) return null
  const filter = prefixes.length ? sql.join(prefixes.map((p) => sql`e.county_code LIKE ${`${p}%`}`), sql` AND `) : sql`true`
  // The country's ~150,000 stored classes grouped by what the state comes from (a few tallies a county,
  // ~9,000 in all), the criteria failed and the data problems counted within each tally: one hash
  // table each (the default work_mem leads to sorts; set locally, it ends with the transaction).
  const states = await db.transaction(async (tx) => {
    await tx.rows(sql`SELECT set_config('work_mem', '64MB', true)`)
    return tx.rows<StateRow>(sql`
    WITH k AS MATERIALIZED (
      SELECT e.county_code AS county, e.is_poor_village AS p,
        (e.exit_year IS NOT NULL AND e.exit_year <= ${year}::int) AS x,
        (e.planned_exit_year IS NOT NULL AND e.planned_exit_year <= ${year}::int) AS pl,
        e.meets AS m, e.failing, e.problems, e.villages, e.population, e.poor_population, e.known_population
      FROM exit_classes e
      WHERE ${filter}),
    -- The four columns as one number, for the joins (a text key measured 1.4× slower at 500,000 villages).
    keyed AS NOT MATERIALIZED (
      SELECT k.*, ((coalesce(k.p::int, 2) * 2 + k.x::int) * 2 + k.pl::int) * 3 + coalesce(k.m::int, 2) AS key FROM k),
    failing AS (
      SELECT county, key, json_object_agg(id, n)::text AS counts FROM (
        SELECT county, key, id, sum(villages)::int AS n FROM keyed, unnest(keyed.failing) AS id GROUP BY 1, 2, 3) f
      GROUP BY 1, 2),
    problems AS (
      SELECT county, key, json_object_agg(id, n)::text AS counts FROM (
        SELECT county, key, id, sum(villages)::int AS n FROM keyed, unnest(keyed.problems) AS id GROUP BY 1, 2, 3) f
      GROUP BY 1, 2),
    tallies AS (
      SELECT county, key, p, x, pl, m, sum(villages)::int AS villages, sum(population)::float8 AS population,
        sum(poor_population)::float8 AS "poorPopulation", sum(known_population)::float8 AS "knownPopulation"
      FROM keyed GROUP BY 1, 2, 3, 4, 5, 6)
    SELECT t.county, t.p AS "isPoorVillage", t.x AS "exitedBy", t.pl AS "plannedBy", t.m AS meets,
      t.villages, t.population, t."poorPopulation", t."knownPopulation",
      coalesce(f.counts, '{}') AS failing, coalesce(d.counts, '{}') AS problems
    FROM tallies t LEFT JOIN failing f USING (county, key) LEFT JOIN problems d USING (county, key)`)
  })
  if (states.some((r) => r.meets === null)) return null
  const years = await db.rows<YearRow>(sql`
    SELECT e.county_code AS county, e.planned_exit_year AS "plannedExitYear", e.exit_year AS "exitYear", sum(e.villages)::int AS villages
    FROM exit_classes e WHERE ${filter} AND e.is_poor_village IS TRUE
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
    const rows = await db.rows<{ county: string; planned: number | null; exit: number | null; codes: string }>(sql`
      SELECT e.county_code AS county, e.planned_exit_year AS planned, e.exit_year AS exit, array_to_string(e.poor_codes, ',') AS codes
      FROM exit_classes e
      JOIN (SELECT DISTINCT c, coalesce(p, -1) AS p, coalesce(e, -1) AS e
        FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(c text, p int, e int)) w
        ON e.county_code = w.c AND coalesce(e.planned_exit_year, -1) = w.p AND coalesce(e.exit_year, -1) = w.e
      WHERE e.is_poor_village IS TRUE`)
    // A year class may be several stored classes (their judgements differ): their codes merged (exitSupportOf sorts them).
    for (const r of rows) {
      const k = key(r.county, r.planned, r.exit)
      const listed = r.codes.split(',')
      const held = codes.get(k)
      codes.set(k, held ? [...held, ...listed] : listed)
    }
  }
  const counts = <Id extends string>(json: string): Count<Id>[] =>
    json === '{}' ? [] : Object.entries<number>(JSON.parse(json)).map(([id, villages]) => [id as Id, villages] as const)
  return {
    states: states.map((r) => ({
      villages: r.villages,
      state: stateOf(r.isPoorVillage, r, r.meets!),
      isPoorVillage: r.isPoorVillage,
      population: r.population,
      poorPopulation: r.poorPopulation,
      knownPopulation: r.knownPopulation,
      failing: counts(r.failing),
      dataProblems: counts<DataProblem>(r.problems),
      group: r.county,
      groupInfo: (): RegionInfo => ({ code: r.county, name: r.county, level: 'county', exitYear: null, plannedExitYear: null }),
    })),
    years: years.map((r) => ({
      villages: r.villages, plannedExitYear: r.plannedExitYear, exitYear: r.exitYear,
      codes: codes.get(key(r.county, r.plannedExitYear, r.exitYear)) ?? [], group: r.county,
    })),
  }
}
