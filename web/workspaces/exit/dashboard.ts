// The exit dashboard's data and pure helpers (no Vue, no MapLibre). Shapes are the API contract's
// (core/contract/exit.ts), so that the dashboard and the server cannot drift apart.
import type {
  Criterion, DataProblem, ExitDashboard, ExitRules, ExitSummary, ExitSummaryAnswer, ExitVillage, RegionRollup, VillageState, YearCount,
} from '../../../core/contract/exit'
import { FIRST_CHART_YEAR } from '../../../core/exit/rollup'
export { CRITERION_SETTINGS } from '../../../core/exit/criteria'
import { classBreaks, classOf, type BreakOptions } from './breaks'

export type {
  Criterion, DataProblem, ExitDashboard, ExitRules, ExitSummary, ExitSummaryAnswer, ExitVillage, RegionRollup, VillageState, YearCount,
}

/** Village states in the order legends and stacked bars show them: worst first after "not poor". */
export const EXIT_STATES: readonly VillageState[] = ['behind', 'in_progress', 'ready', 'exited', 'not_poor']

/** First year of the campaign the year slider offers: the first year of the planned-against-actual chart. */
export const FIRST_SLIDER_YEAR = FIRST_CHART_YEAR

/** Years the slider offers: 2016 … the current year (or the year asked, if later). */
export function sliderYears(current: number): number[] {
  const last = Math.max(current, FIRST_SLIDER_YEAR)
  return Array.from({ length: last - FIRST_SLIDER_YEAR + 1 }, (_, i) => FIRST_SLIDER_YEAR + i)
}

// ---- Choropleth indicators --------------------------------------------------------------------

export const INDICATORS = ['exitedShare', 'incidence', 'behind'] as const
export type Indicator = (typeof INDICATORS)[number]

export interface IndicatorSpec {
  /** The value of a township (null: not defined, e.g. no poor village). */
  value: (g: RegionRollup) => number | null
  /** How values become text: ratio as a percentage, or a count. */
  kind: 'ratio' | 'count'
  /** Higher is better (exited share) or worse (incidence, behind). */
  higherIsBetter: boolean
  /** Fixed thresholds (exited share reads best in quarters), else computed from the values. */
  fixed?: number[]
  breaks?: BreakOptions
}

export const INDICATOR_SPECS: Record<Indicator, IndicatorSpec> = {
  // 100 % is a class of its own: "every poor village has exited".
  exitedShare: { value: (g) => g.exitedShare, kind: 'ratio', higherIsBetter: true, fixed: [0.25, 0.5, 0.75, 1] },
  incidence: { value: (g) => g.incidence, kind: 'ratio', higherIsBetter: false, breaks: { classes: 5, method: 'equal' } },
  behind: { value: (g) => g.states.behind, kind: 'count', higherIsBetter: false, breaks: { classes: 4, method: 'equal', integer: true, zeroClass: true } },
}

/** Sequential ramps (ColorBrewer, colour-blind safe): light = low. */
const GREENS = ['#EDF8E9', '#BAE4B3', '#74C476', '#31A354', '#006D2C']
const ORANGES = ['#FEEDDE', '#FDBE85', '#FD8D3C', '#E6550D', '#A63603']
export const NO_DATA_COLOR = '#F2F2F2'

/** n colours from light to dark, spread over the ramp. */
export function rampColors(indicator: Indicator, n: number): string[] {
  const ramp = INDICATOR_SPECS[indicator].higherIsBetter ? GREENS : ORANGES
  if (n <= 1) return [ramp[2]]
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))])
}

export interface Choropleth {
  indicator: Indicator
  breaks: number[]
  colors: string[]
  /** Per township code: its value, class (-1 no data) and fill colour. */
  byCode: Map<string, { value: number | null; cls: number; color: string }>
}

export function choropleth(groups: readonly RegionRollup[], indicator: Indicator): Choropleth {
  const spec = INDICATOR_SPECS[indicator]
  const values = groups.map((g) => spec.value(g))
  const breaks = spec.fixed ? [...spec.fixed] : classBreaks(values, spec.breaks)
  const colors = rampColors(indicator, breaks.length + 1)
  const byCode = new Map(groups.map((g, i) => {
    const cls = classOf(values[i], breaks)
    return [g.code, { value: values[i], cls, color: cls < 0 ? NO_DATA_COLOR : colors[cls] }]
  }))
  return { indicator, breaks, colors, byCode }
}

// ---- Villages ---------------------------------------------------------------------------------

/** Poor villages behind plan: planned exit passed, not exited; the longest overdue first. */
// Shared with the ledgers (core/ledgers/villages.ts).
export { criterionKind, failingCriteria, villagesBehind } from '../../../core/ledgers/villages'

// ---- Charts -----------------------------------------------------------------------------------

/** A "nice" upper end for a chart axis (1, 2, 5 × 10^n steps), at least 1. */
export function axisMax(value: number): number {
  if (!(value > 0)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const f of [1, 2, 2.5, 5, 10]) if (f * magnitude >= value) return f * magnitude
  return 10 * magnitude
}

/** Axis ticks 0 … max in a few whole steps (counts of villages). */
export function axisTicks(max: number, count = 4): number[] {
  const step = Math.max(1, Math.ceil(max / count))
  const ticks: number[] = []
  for (let v = 0; v <= max; v += step) ticks.push(v)
  return ticks
}

/** Stacked segments of one bar: each state's start and length, in EXIT_STATES order, skipping zeros. */
export function stackStates(states: Record<VillageState, number>, order: readonly VillageState[] = EXIT_STATES): { state: VillageState; start: number; count: number }[] {
  let start = 0
  const out: { state: VillageState; start: number; count: number }[] = []
  for (const state of order) {
    const count = states[state] ?? 0
    if (count > 0) out.push({ state, start, count })
    start += count
  }
  return out
}
