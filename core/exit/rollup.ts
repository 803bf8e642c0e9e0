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

/** Planned and actual exits of poor villages per year, FIRST_CHART_YEAR (or earlier) … max(year, latest planned). */
export function exitsByYear(villages: ExitVillage[], year: number): YearCount[] {
  const poor = villages.filter((v) => v.isPoorVillage === true)
  const planned = poor.map((v) => v.plannedExitYear).filter((y): y is number => y !== null)
  const actual = poor.map((v) => v.exitYear).filter((y): y is number => y !== null)
  const first = [...planned, ...actual.filter((y) => y <= year)].reduce((a, b) => Math.min(a, b), FIRST_CHART_YEAR)
  const last = planned.reduce((a, b) => Math.max(a, b), year)
  const rows: YearCount[] = []
  let cumulativePlanned = 0
  let cumulativeActual = 0
  for (let y = first; y <= last; y++) {
    const p = planned.filter((x) => x === y).length
    cumulativePlanned += p
    const a = y <= year ? actual.filter((x) => x === y).length : null
    if (a !== null) cumulativeActual += a
    rows.push({ year: y, planned: p, actual: a, cumulativePlanned, cumulativeActual: a === null ? null : cumulativeActual })
  }
  return rows
}

export function rollup(villages: ExitVillage[], year: number, criteriaOrder: string[] = []): Rollup {
  const states = Object.fromEntries(VILLAGE_STATES.map((s) => [s, 0])) as Record<VillageState, number>
  const failing = new Map<string, number>()
  const problems = new Map<DataProblem, number>()
  let poorVillages = 0
  let population = 0
  let poorPopulation = 0
  let knownPopulation = 0
  for (const v of villages) {
    states[v.state] += 1
    if (v.isPoorVillage === true) poorVillages += 1
    population += v.population
    if (v.poorPopulation !== null) {
      poorPopulation += v.poorPopulation
      knownPopulation += v.population
    }
    if (v.isPoorVillage === true && v.state !== 'exited') {
      for (const c of v.criteria) if (c.pass === false) failing.set(c.id, (failing.get(c.id) ?? 0) + 1)
    }
    for (const p of v.dataProblems) problems.set(p, (problems.get(p) ?? 0) + 1)
  }
  return {
    villages: villages.length,
    states,
    poorVillages,
    exitedPoorVillages: states.exited,
    exitedShare: poorVillages ? states.exited / poorVillages : null,
    population,
    poorPopulation,
    incidence: knownPopulation ? poorPopulation / knownPopulation : null,
    byYear: exitsByYear(villages, year),
    failing: ranked(failing, criteriaOrder),
    dataProblems: ranked(problems),
  }
}

/** Whether the poor villages of a region had all exited by the region's own exit year (else planned exit year). */
export function exitSupport(villages: ExitVillage[], region: Pick<RegionInfo, 'level' | 'exitYear' | 'plannedExitYear'>): ExitSupport {
  // A village's own exit is its state, not a regional exit to check against its villages.
  if (region.level === 'village') return { checkedYear: null, villagesSupportExit: null, villagesLate: [] }
  const checkedYear = region.exitYear ?? region.plannedExitYear
  if (checkedYear === null) return { checkedYear: null, villagesSupportExit: null, villagesLate: [] }
  const late = villages
    .filter((v) => v.isPoorVillage === true && (v.exitYear === null || v.exitYear > checkedYear))
    .map((v) => v.code)
  return { checkedYear, villagesSupportExit: late.length === 0, villagesLate: late }
}

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

/** The region's rollup and one per group below it. */
export function summarize(villages: ExitVillage[], options: SummaryOptions): ExitSummary {
  const { year, groupBy, region, criteriaOrder = [] } = options
  const members = new Map<string, ExitVillage[]>()
  const info = new Map<string, RegionInfo>()
  for (const child of options.children) {
    members.set(child.code, [])
    info.set(child.code, child)
  }
  for (const v of villages) {
    const key = groupKey(v, groupBy)
    if (!members.has(key)) members.set(key, [])
    members.get(key)!.push(v)
    if (!info.has(key)) {
      info.set(key, groupBy === 'village'
        ? { code: v.code, name: v.name, level: 'village', exitYear: v.exitYear, plannedExitYear: v.plannedExitYear }
        : { code: key, name: groupBy === 'township' ? (v.townshipName ?? key) : key, level: groupBy, exitYear: null, plannedExitYear: null })
    }
  }
  const groups = [...members.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, list]) => {
      const g = info.get(code)!
      return { ...g, ...exitSupport(list, g), ...rollup(list, year, criteriaOrder) }
    })
  const own = region ?? { code: null, name: null, level: null, exitYear: null, plannedExitYear: null }
  return {
    year,
    groupBy,
    region: { ...own, ...exitSupport(villages, own), ...rollup(villages, year, criteriaOrder) },
    groups,
  }
}
