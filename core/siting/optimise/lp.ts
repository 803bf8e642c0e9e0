import type { Allocation } from './allocate.ts'
import { covering, type Prepared } from './prepare.ts'

// The exact models as CPLEX LP text, and their solution read back. Variables: y<j> a site chosen,
// x<i>_<j> village i served by site j (its share when villages may be split), z<i> village i covered
// (MCLP), u<i> village i served beyond its K nearest candidates (restricted models only).
//
// Restriction: with `nearestK`, each village may go only to its K nearest allowed candidates, plus a
// variable u<i> that costs what its (K+1)-th nearest would, with no site needed and no capacity used.
// That model is a relaxation of the full one (whatever the full one does, u<i> does as cheaply or more
// cheaply), so its bound is a bound of the full model; when no u<i> is used its answer is the full
// model's, and its optimum is proved for it.

export interface LpModel {
  text: string
  /** Villages given a u variable (more allowed candidates than K). */
  restricted: number[]
  nearestK: number | null
}

export interface LpReading {
  open: number[]
  /** The allocation the solution gives (p-medians); empty for the covering models. */
  allocations: Allocation[]
  /** Villages the solution sends beyond their K nearest: the answer is not one of the full model. */
  beyond: number[]
}

const num = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15))))

/** Writes terms `coef name` in lines of a few dozen, since LP readers dislike very long lines. */
function terms(list: readonly [number, string][]): string {
  const out: string[] = []
  let line: string[] = []
  for (const [coef, name] of list) {
    const sign = coef < 0 ? '-' : '+'
    line.push(`${sign} ${num(Math.abs(coef))} ${name}`)
    if (line.length >= 40) { out.push(line.join(' ')); line = [] }
  }
  if (line.length) out.push(line.join(' '))
  return out.length ? out.join('\n   ') : '0 y_none'
}

export interface LpBuildOptions {
  /** The LP relaxation: every binary between 0 and 1 (for its reduced costs). */
  relaxed?: boolean
  /** Columns left out (assignment pairs) or held at 0 (sites), by name: see `reducedCostFixing` in solve.ts. */
  fixedZero?: ReadonlySet<string>
}

export function buildLp(prep: Prepared, nearestK: number | null = null, options: LpBuildOptions = {}): LpModel {
  switch (prep.problem.model) {
    case 'p_median':
    case 'capacitated_p_median':
      return medianLp(prep, nearestK, options)
    case 'mclp': return coveringLp(prep, 'mclp')
    case 'lscp': return coveringLp(prep, 'lscp')
  }
}

function medianLp(prep: Prepared, nearestK: number | null, options: LpBuildOptions): LpModel {
  const { m, cost, problem } = prep
  const fixed = options.fixedZero
  const capacitated = problem.model === 'capacitated_p_median'
  const whole = capacitated && problem.splitVillages !== true
  const objective: [number, string][] = []
  const rows: string[] = []
  const perSite = new Map<number, [number, string][]>()
  const restricted: number[] = []
  const xNames: string[] = []
  for (const i of prep.active) {
    const w = problem.origins[i].weight
    if (w <= 0) continue // weightless villages cost nothing anywhere; placed afterwards
    const list = prep.nearest[i]
    const k = nearestK === null ? list.length : Math.min(nearestK, list.length)
    const row: [number, string][] = []
    for (let r = 0; r < k; r++) {
      const j = list[r]
      const x = `x${i}_${j}`
      if (fixed?.has(x)) continue
      xNames.push(x)
      objective.push([cost[i * m + j], x])
      row.push([1, x])
      rows.push(` l${i}_${j}: ${x} - y${j} <= 0`)
      if (capacitated) {
        if (!perSite.has(j)) perSite.set(j, [])
        perSite.get(j)!.push([w, x])
      }
    }
    if (k < list.length) {
      restricted.push(i)
      objective.push([cost[i * m + list[k]], `u${i}`])
      row.push([1, `u${i}`])
    }
    rows.push(` a${i}: ${terms(row)} = 1`)
  }
  const sites = [...Array(m).keys()].filter((j) => prep.allowed[j])
  rows.push(` p: ${terms(sites.map((j) => [1, `y${j}`]))} = ${prep.p}`)
  if (capacitated) {
    for (const [j, list] of perSite) rows.push(` k${j}: ${terms([...list, [-(problem.candidates[j].capacity ?? 0), `y${j}`]])} <= 0`)
  }
  const locked = new Set(prep.locked)
  const relaxed = options.relaxed === true
  const bounds = [
    ...prep.locked.map((j) => ` y${j} = 1`),
    ...sites.filter((j) => !locked.has(j) && fixed?.has(`y${j}`)).map((j) => ` y${j} = 0`),
    ...(relaxed ? sites.filter((j) => !locked.has(j) && !fixed?.has(`y${j}`)).map((j) => ` y${j} <= 1`) : []),
    ...(whole && !relaxed ? [] : xNames.map((x) => ` ${x} <= 1`)),
    ...restricted.map((i) => ` u${i} <= 1`),
  ]
  const binaries = relaxed ? [] : [...sites.map((j) => `y${j}`), ...(whole ? xNames : [])]
  const text = ['Minimize', ` obj: ${terms(objective.length ? objective : [[0, `y${sites[0]}`]])}`, 'Subject To', ...rows,
    'Bounds', ...bounds, ...(binaries.length ? ['Binaries', ...lines(binaries)] : []), 'End', ''].join('\n')
  return { text, restricted, nearestK: restricted.length ? nearestK : null }
}

function coveringLp(prep: Prepared, model: 'mclp' | 'lscp'): LpModel {
  const { problem } = prep
  const rows: string[] = []
  const objective: [number, string][] = []
  const bounds: string[] = prep.locked.map((j) => ` y${j} = 1`)
  const sites = [...Array(prep.m).keys()].filter((j) => prep.allowed[j])
  for (const i of prep.active) {
    const cover = covering(prep, i)
    if (model === 'mclp') {
      const w = problem.origins[i].weight
      if (w <= 0 || cover.length === 0) continue
      objective.push([w, `z${i}`])
      bounds.push(` z${i} <= 1`)
      rows.push(` c${i}: ${terms([[1, `z${i}`], ...cover.map((j): [number, string] => [-1, `y${j}`])])} <= 0`)
    } else {
      rows.push(` c${i}: ${terms(cover.map((j) => [1, `y${j}`]))} >= 1`)
    }
  }
  if (model === 'mclp') rows.push(` p: ${terms(sites.map((j) => [1, `y${j}`]))} = ${prep.p}`)
  else objective.push(...sites.map((j): [number, string] => [1, `y${j}`]))
  const text = [model === 'mclp' ? 'Maximize' : 'Minimize', ` obj: ${terms(objective.length ? objective : [[0, `y${sites[0]}`]])}`,
    'Subject To', ...(rows.length ? rows : [` p0: y${sites[0]} >= 0`]), 'Bounds', ...bounds, 'Binaries', ...lines(sites.map((j) => `y${j}`)), 'End', ''].join('\n')
  return { text, restricted: [], nearestK: null }
}

function lines(names: readonly string[]): string[] {
  const out: string[] = []
  for (let k = 0; k < names.length; k += 40) out.push(' ' + names.slice(k, k + 40).join(' '))
  return out
}

/** The chosen sites and allocation of a solution (values of the nonzero columns by name). */
export function readLp(prep: Prepared, values: ReadonlyMap<string, number>): LpReading {
  const open: number[] = []
  const allocations: Allocation[] = []
  const beyond: number[] = []
  for (let j = 0; j < prep.m; j++) if ((values.get(`y${j}`) ?? 0) > 0.5) open.push(j)
  const model = prep.problem.model
  if (model === 'p_median' || model === 'capacitated_p_median') {
    for (const [name, v] of values) {
      if (name.startsWith('u') && v > 1e-6) beyond.push(Number(name.slice(1)))
      if (!name.startsWith('x') || v <= 1e-6) continue
      const [i, j] = name.slice(1).split('_').map(Number)
      allocations.push({ origin: i, site: j, persons: prep.problem.origins[i].weight * (v > 1 - 1e-6 ? 1 : v) })
    }
    allocations.sort((a, b) => a.origin - b.origin || a.site - b.site)
  }
  return { open, allocations, beyond: beyond.sort((a, b) => a - b) }
}

/** What a MIP solver says about LP text. */
export interface LpOutcome {
  status: 'optimal' | 'infeasible' | 'time_limit' | 'interrupted' | 'other'
  /** The incumbent's objective, null without one. */
  objective: number | null
  /** The proved bound (dual bound), null without one. */
  bound: number | null
  /** Nonzero column values by name. */
  values: Map<string, number>
  /** With `reducedCosts` asked of a linear program solved to optimality: every column's reduced cost by name. */
  reducedCosts?: Map<string, number>
  detail?: string
}

export interface LpRunOptions {
  timeLimitS: number
  /** A feasible answer to start from: values of the columns it sets, by name (others 0). */
  start?: ReadonlyMap<string, number>
  /** A linear program: return the reduced costs of its optimum. */
  reducedCosts?: boolean
  /** false: no presolve (a linear program of this size solves faster without). */
  presolve?: boolean
  /** Stop at this relative gap (0–1); default: prove the optimum. */
  relativeGap?: number
  onProgress?: (p: { bound: number | null; incumbent: number | null; gap: number | null }) => void
  shouldStop?: () => boolean
}

export type LpRunner = (text: string, options: LpRunOptions) => Promise<LpOutcome>
