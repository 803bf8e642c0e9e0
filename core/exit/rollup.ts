import { VILLAGE_STATES } from './criteria.ts'
import type { DataProblem, ExitVillage, VillageState } from './criteria.ts'

// Rollups of village exit states (pure: no database). The same rollup serves the region and each of
// its groups (townships of a county, villages of a township, counties of the whole instance).

/** Years of the campaign's planned-against-actual chart start here (or earlier if the data does). */
export const FIRST_CHART_YEAR = 2016

export interface YearCount {
  year: number
  planned: number
  /** Poor villages that exited in this year; null for years after the year asked (not yet happened). */
  actual: number | null
  cumulativePlanned: number
  cumulativeActual: number | null
}

export interface Rollup {
  villages: number
  states: Record<VillageState, number>
  poorVillages: number
  exitedPoorVillages: number
  /** Exited ÷ poor villages; null without poor villages. */
  exitedShare: number | null
  population: number
  /** Sum over villages whose poorPopulation is known. */
  poorPopulation: number
  /** poorPopulation ÷ population of the villages whose poorPopulation is known; null if that population is 0. */
  incidence: number | null
  byYear: YearCount[]
  /** Criteria failing (pass false) among poor villages not exited, most frequent first. */
  failing: { id: string; villages: number }[]
  /** Data problems over all villages, most frequent first. */
  dataProblems: { id: DataProblem; villages: number }[]
}

export interface RegionInfo {
  code: string
  name: string
  level: string | null
  exitYear: number | null
  plannedExitYear: number | null
}

export interface ExitSupport {
  /** The year the check is made against: the region's exitYear, else its plannedExitYear. */
  checkedYear: number | null
  /** Whether every poor village has an exitYear ≤ checkedYear; null when the region has no exit year. */
  villagesSupportExit: boolean | null
  /** Poor villages without an exit by checkedYear. */
  villagesLate: string[]
}

export type RegionRollup = RegionInfo & ExitSupport & Rollup

export type GroupBy = 'county' | 'township' | 'village'

export interface ExitSummary {
  year: number
  groupBy: GroupBy
  region: { code: string | null; name: string | null; level: string | null } & Omit<RegionRollup, 'code' | 'name' | 'level'>
  groups: RegionRollup[]
}

const ranked = <Id extends string>(counts: Map<Id, number>, order: string[] = []) =>
  [...counts.entries()]
    .map(([id, villages]) => ({ id, villages }))
    .sort((a, b) => b.villages - a.villages || rank(order, a.id) - rank(order, b.id) || a.id.localeCompare(b.id))

const rank = (order: string[], id: string) => {
  const i = order.indexOf(id)
  return i < 0 ? order.length : i
}

/**
 * What the rollup counts of one village, or of several alike in what their state comes from (`villages`
 * of them, with how many fail each criterion and have each data problem), apart from their exit years:
 * the stored judgement of a province or the country is counted in SQL by such tallies per county
 * (api/exit/aggregate.ts), the judgement of a county village by village; both are rolled up here.
 */
export interface StateTally {
  /** Villages it stands for (1 for one village). */
  villages: number
  state: VillageState
  isPoorVillage: boolean | null
  population: number
  /** Sum of poorPopulation over its villages whose poorPopulation is known, and their population. */
  poorPopulation: number
  knownPopulation: number
  /** Criteria judged failing (pass false), each with how many of its villages fail it. */
  failing: readonly Count[]
  /** Data problems, each with how many of its villages have it. */
  dataProblems: readonly Count<DataProblem>[]
}

/** An id and the villages of a tally it applies to. */
export type Count<Id extends string = string> = readonly [id: Id, villages: number]

/** Registered poor villages with the same planned and actual exit years: the chart by year and the exit check read them. */
export interface YearTally {
  villages: number
  plannedExitYear: number | null
  exitYear: number | null
  /** Their codes, where the exit check needs them (exitSupport names the late ones). */
  codes: readonly string[]
}

/** One judged village as tallies: its state, and its years if it is a registered poor village. */
export function tallyOf(v: ExitVillage): { state: StateTally; years: YearTally | null } {
  return {
    state: {
      villages: 1,
      state: v.state,
      isPoorVillage: v.isPoorVillage,
      population: v.population,
      poorPopulation: v.poorPopulation ?? 0,
      knownPopulation: v.poorPopulation === null ? 0 : v.population,
      failing: v.criteria.filter((c) => c.pass === false).map((c) => [c.id, 1] as const),
      dataProblems: v.dataProblems.map((p) => [p, 1] as const),
    },
    years: v.isPoorVillage === true ? { villages: 1, plannedExitYear: v.plannedExitYear, exitYear: v.exitYear, codes: [v.code] } : null,
  }
}

type YearFields = Pick<ExitVillage, 'plannedExitYear' | 'exitYear'> & { isPoorVillage?: boolean | null; villages?: number }

/**
 * Planned and actual exits of poor villages per year, FIRST_CHART_YEAR (or earlier) … max(year, latest
 * planned): from villages (those registered poor) or year tallies (poor villages already).
 */
export function exitsByYear(villages: readonly YearFields[], year: number): YearCount[] {
  const poor = villages.filter((v) => v.isPoorVillage === undefined || v.isPoorVillage === true)
  const plannedIn = new Map<number, number>()
  const actualIn = new Map<number, number>()
  const add = (counts: Map<number, number>, y: number, n: number) => counts.set(y, (counts.get(y) ?? 0) + n)
  let first = FIRST_CHART_YEAR
  let last = year
  for (const v of poor) {
    const n = v.villages ?? 1
    if (v.plannedExitYear !== null) {
      add(plannedIn, v.plannedExitYear, n)
      first = Math.min(first, v.plannedExitYear)
      last = Math.max(last, v.plannedExitYear)
    }
    if (v.exitYear !== null) {
      add(actualIn, v.exitYear, n)
      if (v.exitYear <= year) first = Math.min(first, v.exitYear)
    }
  }
  const rows: YearCount[] = []
  let cumulativePlanned = 0
  let cumulativeActual = 0
  for (let y = first; y <= last; y++) {
    const p = plannedIn.get(y) ?? 0
    cumulativePlanned += p
    const a = y <= year ? actualIn.get(y) ?? 0 : null
    if (a !== null) cumulativeActual += a
    rows.push({ year: y, planned: p, actual: a, cumulativePlanned, cumulativeActual: a === null ? null : cumulativeActual })
  }
  return rows
}

export function rollup(villages: readonly ExitVillage[], year: number, criteriaOrder: string[] = []): Rollup {
  const tallies = villages.map(tallyOf)
  return rollupTallies(tallies.map((t) => t.state), tallies.flatMap((t) => (t.years ? [t.years] : [])), year, criteriaOrder)
}

export function rollupTallies(tallies: readonly StateTally[], years: readonly YearTally[], year: number, criteriaOrder: string[] = []): Rollup {
  const states = Object.fromEntries(VILLAGE_STATES.map((s) => [s, 0])) as Record<VillageState, number>
  const failing = new Map<string, number>()
  const problems = new Map<DataProblem, number>()
  let villages = 0
  let poorVillages = 0
  let population = 0
  let poorPopulation = 0
  let knownPopulation = 0
  for (const v of tallies) {
    const n = v.villages
    villages += n
    states[v.state] += n
    if (v.isPoorVillage === true) poorVillages += n
    population += v.population
    poorPopulation += v.poorPopulation
    knownPopulation += v.knownPopulation
    if (v.isPoorVillage === true && v.state !== 'exited') {
      for (const [id, k] of v.failing) failing.set(id, (failing.get(id) ?? 0) + k)
    }
    for (const [p, k] of v.dataProblems) problems.set(p, (problems.get(p) ?? 0) + k)
  }
  return {
    villages,
    states,
    poorVillages,
    exitedPoorVillages: states.exited,
    exitedShare: poorVillages ? states.exited / poorVillages : null,
    population,
    poorPopulation,
    incidence: knownPopulation ? poorPopulation / knownPopulation : null,
    byYear: exitsByYear(years, year),
    failing: ranked(failing, criteriaOrder),
    dataProblems: ranked(problems),
  }
}

/** The year a region's exit is checked against its villages: its exitYear, else its plannedExitYear (none for a village). */
export function checkedYearOf(region: Pick<RegionInfo, 'level' | 'exitYear' | 'plannedExitYear'>): number | null {
  // A village's own exit is its state, not a regional exit to check against its villages.
  if (region.level === 'village') return null
  return region.exitYear ?? region.plannedExitYear
}

/** Whether a registered poor village with this exit year is late for a region checked in `checkedYear`. */
export const lateFor = (exitYear: number | null, checkedYear: number) => exitYear === null || exitYear > checkedYear

/** Whether the poor villages of a region (its year tallies) had all exited by the region's own exit year (else planned exit year). */
export function exitSupportOf(years: readonly YearTally[], region: Pick<RegionInfo, 'level' | 'exitYear' | 'plannedExitYear'>): ExitSupport {
  const checkedYear = checkedYearOf(region)
  if (checkedYear === null) return { checkedYear: null, villagesSupportExit: null, villagesLate: [] }
  const late = years.filter((v) => lateFor(v.exitYear, checkedYear)).flatMap((v) => v.codes).sort(byCode)
  return { checkedYear, villagesSupportExit: late.length === 0, villagesLate: late }
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export interface SummaryOptions {
  year: number
  groupBy: GroupBy
  /** The region asked about (from the regions layer, or a village), or null for the whole instance. */
  region: RegionInfo | null
  /** The regions one level down (for county and township grouping); groups without villages still show. */
  children: RegionInfo[]
  /** Criteria in the settings' order, to break ties in `failing`. */
  criteriaOrder?: string[]
}

const groupKey = (v: ExitVillage, groupBy: GroupBy) =>
  groupBy === 'county' ? v.code.slice(0, 6) : groupBy === 'township' ? v.townshipCode : v.code

/** Tallies with the group each is counted in; a state tally also says what to call its group when the regions layer lacks it. */
export interface GroupedTallies {
  states: (StateTally & { group: string; groupInfo: () => RegionInfo })[]
  years: (YearTally & { group: string })[]
}

/** The region's rollup and one per group below it. */
export function summarize(villages: readonly ExitVillage[], options: SummaryOptions): ExitSummary {
  const { groupBy } = options
  const grouped: GroupedTallies = { states: [], years: [] }
  for (const v of villages) {
    const group = groupKey(v, groupBy)
    const { state, years } = tallyOf(v)
    grouped.states.push({
      ...state,
      group,
      groupInfo: (): RegionInfo => groupBy === 'village'
        ? { code: v.code, name: v.name, level: 'village', exitYear: v.exitYear, plannedExitYear: v.plannedExitYear }
        : { code: group, name: groupBy === 'township' ? (v.townshipName ?? group) : group, level: groupBy, exitYear: null, plannedExitYear: null },
    })
    if (years) grouped.years.push({ ...years, group })
  }
  return summarizeTallies(grouped, options)
}

/** The same from tallies already grouped. */
export function summarizeTallies(tallies: GroupedTallies, options: SummaryOptions): ExitSummary {
  const { year, groupBy, region, criteriaOrder = [] } = options
  const members = new Map<string, { states: StateTally[]; years: YearTally[] }>()
  const info = new Map<string, RegionInfo>()
  const of = (group: string) => {
    let held = members.get(group)
    if (!held) members.set(group, (held = { states: [], years: [] }))
    return held
  }
  for (const child of options.children) {
    of(child.code)
    info.set(child.code, child)
  }
  for (const v of tallies.states) {
    of(v.group).states.push(v)
    if (!info.has(v.group)) info.set(v.group, v.groupInfo())
  }
  for (const v of tallies.years) of(v.group).years.push(v)
  const groups = [...members.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, list]) => {
      const g = info.get(code)!
      return { ...g, ...exitSupportOf(list.years, g), ...rollupTallies(list.states, list.years, year, criteriaOrder) }
    })
  const own = region ?? { code: null, name: null, level: null, exitYear: null, plannedExitYear: null }
  return {
    year,
    groupBy,
    region: { ...own, ...exitSupportOf(tallies.years, own), ...rollupTallies(tallies.states, tallies.years, year, criteriaOrder) },
    groups,
  }
}
