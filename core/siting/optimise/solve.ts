import { msg, type Message } from '../../messages/catalogue.ts'
import { evaluate, type Allocation, type Evaluation } from './allocate.ts'
import { greedy } from './greedy.ts'
import { lagrangianBound } from './lagrange.ts'
import { buildLp, readLp, type LpRunner } from './lp.ts'
import { covering, FORBIDDEN, prepare, type Prepared } from './prepare.ts'
import { directionOf, sum, type OptimiseModel, type Problem, type UnreachableOrigin } from './problem.ts'
import { vertexSubstitution } from './substitution.ts'

// One answer to a location–allocation problem: the heuristic (vertex substitution from several
// starts), then, with a MIP runner, the exact model that proves the answer optimal or bounds its gap.
// The figures of the answer (objective, loads, distances) are always recomputed from the chosen sites
// and the allocation, never taken from the solver's own arithmetic.

export type OptimiseStatus = 'optimal' | 'feasible' | 'infeasible'

export interface OptimiseAssignment {
  village: string
  key: string
  persons: number
  distanceM: number
  /** Covering models: within the coverage distance. */
  covered?: boolean
}

export interface OptimiseResult {
  model: OptimiseModel
  status: OptimiseStatus
  /** Weighted metres (p-medians), covered weight (MCLP) or sites (LSCP); null when infeasible. */
  objective: number | null
  /** The proved bound in the same unit (a lower bound when minimising, upper when maximising); null without a proof. */
  bound: number | null
  /** |objective − bound| / |objective|; null without a bound. */
  gap: number | null
  chosen: string[]
  assignments: OptimiseAssignment[]
  unreachable: UnreachableOrigin[]
  timeS: number
  /** How the answer was found: the heuristic, or the exact model (its proof may stop at a time limit). */
  method: 'heuristic' | 'exact'
  /** The exact model was restricted to each village's K nearest candidates (see lp.ts). */
  nearestK: number | null
  /** The greedy baseline's objective on the same instance (null if it serves not everyone). */
  greedyObjective: number | null
  /** Why the answer is infeasible or not proved (a catalogue message). */
  reason: Message | null
}

export interface SolveOptions {
  method?: 'heuristic' | 'exact'
  runner?: LpRunner
  timeLimitS?: number
  starts?: number
  /** Restrict the exact model to each village's K nearest candidates; default: only when the instance is large. */
  nearestK?: number | null
  /** Stop proving once the gap is at most this (0–1); default 0: prove the optimum. */
  gapTarget?: number
  /** Capacitated model: round the LP relaxation and fix columns by reduced cost before the MIP (default true; false: the bare MIP, the benchmark's baseline). */
  reducedCostFixing?: boolean
  onProgress?: (share: number) => void
  shouldStop?: () => boolean
}

/** Origin–candidate pairs above which the exact median models are restricted by default. */
export const FULL_MODEL_PAIRS = 40_000
export const DEFAULT_NEAREST_K = 40

export async function solve(problem: Problem, options: SolveOptions = {}): Promise<OptimiseResult> {
  const started = performance.now()
  const prep = prepare(problem)
  const timeS = () => (performance.now() - started) / 1000
  const shortfall = capacityShortfall(prep)
  if (shortfall) return infeasible(prep, timeS(), shortfall)
  if (problem.model === 'lscp') {
    const bare = prep.active.filter((i) => covering(prep, i).length === 0)
    if (bare.length) {
      return infeasible(prep, timeS(), msg('optimise.not_coverable', { count: bare.length, withinM: problem.withinM ?? 0, villages: bare.slice(0, 20).map((i) => problem.origins[i].id) }))
    }
  }
  const timeLimitS = options.timeLimitS ?? 30
  const deadline = Date.now() + timeLimitS * 1000
  // With an exact solver to follow, the heuristic has at most 40 % of the time.
  const heuristicDeadline = options.runner && options.method !== 'heuristic' ? Date.now() + timeLimitS * 400 : deadline
  const base = greedy(prep)
  const heuristic = vertexSubstitution(prep, { base, starts: options.starts, deadline: heuristicDeadline, onProgress: (s) => options.onProgress?.(s * (options.runner ? 0.3 : 1)) })
  const greedyObjective = served(base) ? base.objective : null
  if (options.method === 'heuristic' || !options.runner) {
    if (!served(heuristic)) return infeasible(prep, timeS(), unservedReason(heuristic), 'heuristic', greedyObjective)
    return result(prep, heuristic, { status: 'feasible', bound: null, method: 'heuristic', nearestK: null, timeS: timeS(), greedyObjective, reason: null })
  }

  // p-median: a Lagrangian bound first; when it meets the heuristic's answer the proof is done.
  let lagrange: number | null = null
  if (problem.model === 'p_median' && served(heuristic)) {
    const value = lagrangianBound(prep, { upper: heuristic.objective, deadline })
    lagrange = Number.isFinite(value) ? integralBound(prep, value) : null
    const gap = lagrange === null ? Infinity : gapOf(heuristic.objective, lagrange, problem.model)
    if (gap <= 1e-9) {
      return result(prep, heuristic, { status: 'optimal', bound: heuristic.objective, method: 'heuristic', nearestK: null, timeS: timeS(), greedyObjective, reason: null })
    }
    if (gap <= (options.gapTarget ?? 0)) {
      return result(prep, heuristic, { status: 'feasible', bound: lagrange, method: 'heuristic', nearestK: null, timeS: timeS(), greedyObjective, reason: null })
    }
  }

  const pairs = prep.active.reduce((s, i) => s + prep.nearest[i].length, 0)
  const nearestK = options.nearestK !== undefined ? options.nearestK : pairs > FULL_MODEL_PAIRS && isMedian(problem.model) ? DEFAULT_NEAREST_K : null
  // Capacitated model: the LP relaxation's rounding as a second answer, and its reduced costs to leave
  // out every column that cannot be in an answer better than the best known (see reducedCostFixing).
  let start: Evaluation = heuristic
  let exactFound = false
  let fixing: Fixing | null = null
  if (problem.model === 'capacitated_p_median' && served(heuristic) && options.reducedCostFixing !== false) {
    fixing = await reducedCostFixing(prep, nearestK, heuristic, options.runner, deadline, options.shouldStop)
    if (fixing && fixing.improved) { start = fixing.best; exactFound = true }
  }
  const lp = buildLp(prep, nearestK, { fixedZero: fixing?.fixedZero })
  const remainingS = Math.max(1, (deadline - Date.now()) / 1000)
  const outcome = await options.runner(lp.text, {
    timeLimitS: remainingS,
    start: startOf(prep, start, lp.nearestK),
    relativeGap: options.gapTarget,
    shouldStop: options.shouldStop,
    onProgress: ({ gap }) => options.onProgress?.(0.3 + 0.7 * (gap === null ? 0 : Math.max(0, 1 - Math.min(1, gap)))),
  })
  options.onProgress?.(1)
  const restricted = lp.nearestK
  if (outcome.status === 'infeasible' && fixing === null) {
    // The restricted model relaxes the full one: infeasible there is infeasible here.
    return infeasible(prep, timeS(), infeasibleReason(prep), 'exact', greedyObjective)
  }
  let best: Evaluation = start
  if (outcome.values.size > 0) {
    const reading = readLp(prep, outcome.values)
    const candidate = fromReading(prep, reading.open, reading.allocations, reading.beyond.length === 0)
    if (candidate && better(problem.model, candidate, best)) { best = candidate; exactFound = true }
  }
  if (!served(best)) {
    return infeasible(prep, timeS(), unservedReason(best), 'exact', greedyObjective)
  }
  // With columns left out, the MIP bounds the answers without them; those with one cost at least the floor.
  // The relaxation's optimum bounds the full model too, whatever the MIP reaches.
  const fixedBound = outcome.status === 'infeasible' || outcome.bound === null ? null
    : fixing === null ? outcome.bound : Math.min(outcome.bound, fixing.floor)
  const withRelaxation = fixing === null ? fixedBound : fixedBound === null ? fixing.lpBound : Math.max(fixedBound, fixing.lpBound)
  const mipBound = withRelaxation === null ? null : integralBound(prep, withRelaxation)
  const bound = lagrange === null ? mipBound : mipBound === null ? lagrange : Math.max(lagrange, mipBound)
  const objective = best.objective
  const gap = bound === null ? null : gapOf(objective, bound, problem.model)
  const proved = gap !== null && gap <= 1e-6
  const reason = proved ? null
    : outcome.status === 'time_limit' || outcome.status === 'interrupted' ? msg('optimise.stopped_at_limit', { timeLimitS: Math.round(remainingS) })
    : restricted !== null ? msg('optimise.restricted_gap', { nearestK: restricted })
    : null
  return result(prep, best, {
    status: proved ? 'optimal' : 'feasible',
    bound: bound === null ? null : proved ? objective : bound,
    method: exactFound ? 'exact' : 'heuristic', nearestK: restricted, timeS: timeS(), greedyObjective, reason,
  })
}

export interface Fixing {
  /** The better of the heuristic's answer and the rounded relaxation's. */
  best: Evaluation
  improved: boolean
  /** Columns that no answer better than `best` uses: pairs (whole villages) and sites. */
  fixedZero: Set<string>
  /** A lower bound of every answer that uses a left-out column (Infinity when none is left out). */
  floor: number
  /** The LP relaxation's optimum: a lower bound of the full model. */
  lpBound: number
}

/**
 * Reduced-cost fixing from the LP relaxation (L its optimum, r_k ≥ 0 the reduced cost of a column at 0):
 * every answer x costs at least L + Σ r_k x_k, so a binary column with L + r_k above the best answer
 * known cannot be 1 in a better one, and the MIP without it proves the same optimum; whatever uses it
 * costs at least L + r_k (the floor the bound keeps). Split villages' shares are not binary: only sites
 * are fixed then. Before fixing, the p sites the relaxation opens most, with their villages allocated
 * exactly by the MIP over those sites alone, often beat the heuristic and so fix more.
 */
export async function reducedCostFixing(prep: Prepared, nearestK: number | null, heuristic: Evaluation, runner: LpRunner, deadline: number, shouldStop?: () => boolean): Promise<Fixing | null> {
  const left = () => Math.max(1, (deadline - Date.now()) / 1000)
  // At most half the time left: a relaxation slower than that leaves the MIP no time to use it.
  const relaxation = await runner(buildLp(prep, nearestK, { relaxed: true }).text, { timeLimitS: Math.max(1, left() / 2), reducedCosts: true, presolve: false, shouldStop })
  if (relaxation.status !== 'optimal' || relaxation.objective === null || !relaxation.reducedCosts) return null
  const lpBound = relaxation.objective
  const locked = new Set(prep.locked)
  let best = heuristic
  let improved = false
  const free = [...Array(prep.m).keys()].filter((j) => prep.allowed[j] && !locked.has(j))
  const opening = (j: number) => relaxation.values.get(`y${j}`) ?? 0
  const rounded = new Set([...prep.locked, ...free.sort((a, b) => opening(b) - opening(a) || a - b).slice(0, prep.p - prep.locked.length)])
  const whole = prep.problem.splitVillages !== true
  const beyond = (upper: number, rounding: ReadonlySet<string>) => {
    // A margin above the solver's tolerances: a column is left out only when clearly too dear.
    const slack = upper - lpBound + 1e-6 * Math.max(1, Math.abs(upper))
    const fixed = new Set(rounding)
    let floor = Infinity
    for (const [name, r] of relaxation.reducedCosts!) {
      const site = name.startsWith('y') && !locked.has(Number(name.slice(1)))
      if (!(site || (whole && name.startsWith('x'))) || !(r > slack)) continue
      fixed.add(name)
      floor = Math.min(floor, lpBound + r)
    }
    return { fixed, floor }
  }
  if (!heuristic.open.every((j) => rounded.has(j))) {
    // Only answers better than the heuristic's matter here: its own fixing applies.
    const closed = beyond(heuristic.objective, new Set(free.filter((j) => !rounded.has(j)).map((j) => `y${j}`))).fixed
    const allocation = await runner(buildLp(prep, nearestK, { fixedZero: closed }).text, { timeLimitS: Math.max(1, left() / 4), shouldStop })
    if (allocation.values.size > 0) {
      const reading = readLp(prep, allocation.values)
      const candidate = fromReading(prep, reading.open, reading.allocations, reading.beyond.length === 0)
      if (candidate && served(candidate) && better(prep.problem.model, candidate, best)) { best = candidate; improved = true }
    }
  }
  const { fixed, floor } = beyond(best.objective, new Set())
  return { best, improved, fixedZero: fixed, floor, lpBound }
}

/** With whole costs (OR-Library distances, counts of sites), a bound rounds up to the next whole number. */
function integralBound(prep: Prepared, bound: number): number {
  const model = prep.problem.model
  if (model === 'lscp') return Math.ceil(bound - 1e-6)
  if (model === 'mclp') return prep.active.every((i) => Number.isInteger(prep.problem.origins[i].weight)) ? Math.floor(bound + 1e-6) : bound
  for (const i of prep.active) {
    for (const j of prep.nearest[i]) if (!Number.isInteger(prep.cost[i * prep.m + j])) return bound
  }
  return Math.ceil(bound - 1e-6)
}

/** The heuristic's answer as a start for the MIP (the columns it sets), when it serves everyone. */
function startOf(prep: Prepared, e: Evaluation, nearestK: number | null): Map<string, number> | undefined {
  if (!served(e)) return undefined
  const start = new Map<string, number>()
  for (const j of e.open) start.set(`y${j}`, 1)
  const model = prep.problem.model
  if (model === 'mclp') {
    const withinM = prep.problem.withinM ?? Infinity
    for (const a of e.allocations) if (prep.problem.distance[a.origin * prep.m + a.site] <= withinM && a.persons > 0) start.set(`z${a.origin}`, 1)
    return start
  }
  if (model === 'lscp') return start
  for (const a of e.allocations) {
    const w = prep.problem.origins[a.origin].weight
    if (w <= 0) continue
    // Beyond its K nearest in a restricted model, a village takes its u variable instead.
    if (nearestK !== null && prep.nearest[a.origin].indexOf(a.site) >= nearestK) start.set(`u${a.origin}`, 1)
    else start.set(`x${a.origin}_${a.site}`, a.persons / w)
  }
  return start
}

const isMedian = (model: OptimiseModel) => model === 'p_median' || model === 'capacitated_p_median'

const served = (e: Evaluation) => e.unservedOrigins === 0

function better(model: OptimiseModel, a: Evaluation, b: Evaluation): boolean {
  if (served(a) !== served(b)) return served(a)
  return directionOf(model) === 'max' ? a.objective > b.objective + 1e-9 : a.objective < b.objective - 1e-9 * Math.max(1, Math.abs(b.objective))
}

export function gapOf(objective: number, bound: number, model: OptimiseModel): number {
  const diff = directionOf(model) === 'max' ? bound - objective : objective - bound
  if (Math.abs(objective) < 1e-9) return Math.abs(diff) < 1e-9 ? 0 : Infinity
  return Math.max(0, diff) / Math.abs(objective)
}

/**
 * The allocation of an exact solution. For the capacitated models the MIP's own allocation is kept
 * (it respects the capacities) unless it sends someone beyond the K nearest; the other models
 * allocate each village to its cheapest chosen site.
 */
function fromReading(prep: Prepared, open: number[], allocations: Allocation[], complete: boolean): Evaluation | null {
  if (open.length === 0) return null
  if (prep.problem.model !== 'capacitated_p_median') return evaluate(prep, open)
  if (!complete) return evaluate(prep, open)
  // Weightless villages are not in the model: put each at its nearest chosen site.
  const inModel = new Set(allocations.map((a) => a.origin))
  const all = [...allocations]
  for (const i of prep.active) {
    if (inModel.has(i)) continue
    const j = open.filter((s) => prep.cost[i * prep.m + s] < FORBIDDEN).sort((a, b) => prep.problem.distance[i * prep.m + a] - prep.problem.distance[i * prep.m + b])[0]
    if (j !== undefined) all.push({ origin: i, site: j, persons: prep.problem.origins[i].weight })
  }
  all.sort((a, b) => a.origin - b.origin || a.site - b.site)
  const objective = sum(all.map((a) => a.persons * prep.problem.distance[a.origin * prep.m + a.site]))
  return { open, allocations: all, objective, penalised: objective, unservedOrigins: 0, unservedPersons: 0 }
}

/** Capacitated model: the largest capacity p sites can offer (locked ones included) against the demand. */
function capacityShortfall(prep: Prepared): Message | null {
  if (prep.problem.model !== 'capacitated_p_median') return null
  const { candidates, origins } = prep.problem
  const demand = sum(prep.active.map((i) => origins[i].weight))
  const locked = new Set(prep.locked)
  const others = candidates.map((c, j) => ({ c, j })).filter(({ j }) => prep.allowed[j] && !locked.has(j)).map(({ c }) => c.capacity ?? 0).sort((a, b) => b - a)
  const capacity = sum(prep.locked.map((j) => candidates[j].capacity ?? 0)) + sum(others.slice(0, prep.p - prep.locked.length))
  if (capacity >= demand) return null
  return msg('optimise.capacity_short', { demand, capacity, shortfall: demand - capacity, p: prep.p })
}

function infeasibleReason(prep: Prepared): Message {
  if (prep.problem.model === 'capacitated_p_median') return msg('optimise.villages_do_not_fit', { p: prep.p })
  return msg('optimise.no_solution_within_limits', { p: prep.p })
}

function unservedReason(e: Evaluation): Message {
  return msg('optimise.not_all_served', { count: e.unservedOrigins, persons: e.unservedPersons })
}

interface Extra {
  status: OptimiseStatus
  bound: number | null
  method: 'heuristic' | 'exact'
  nearestK: number | null
  timeS: number
  greedyObjective: number | null
  reason: Message | null
}

function result(prep: Prepared, e: Evaluation, extra: Extra): OptimiseResult {
  const { problem, m } = prep
  const covers = problem.model === 'mclp' || problem.model === 'lscp'
  const withinM = problem.withinM ?? Infinity
  const assignments = e.allocations.map((a): OptimiseAssignment => {
    const distanceM = problem.distance[a.origin * m + a.site]
    const row: OptimiseAssignment = { village: problem.origins[a.origin].id, key: problem.candidates[a.site].key, persons: a.persons, distanceM }
    if (covers) row.covered = distanceM <= withinM
    return row
  })
  const chosen = [...e.open].sort((a, b) => a - b).map((j) => problem.candidates[j].key)
  return {
    model: problem.model, status: extra.status, objective: e.objective, bound: extra.bound,
    gap: extra.bound === null ? null : gapOf(e.objective, extra.bound, problem.model),
    chosen, assignments, unreachable: prep.unreachable, timeS: extra.timeS, method: extra.method,
    nearestK: extra.nearestK, greedyObjective: extra.greedyObjective, reason: extra.reason,
  }
}

function infeasible(prep: Prepared, timeS: number, reason: Message, method: 'heuristic' | 'exact' = 'exact', greedyObjective: number | null = null): OptimiseResult {
  return {
    model: prep.problem.model, status: 'infeasible', objective: null, bound: null, gap: null, chosen: [], assignments: [],
    unreachable: prep.unreachable, timeS, method, nearestK: null, greedyObjective, reason,
  }
}
