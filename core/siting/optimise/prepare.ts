import { msg, type Message } from '../../messages/catalogue.ts'
import type { Problem, UnreachableOrigin } from './problem.ts'

// Checks a problem and puts it in the form the solvers share: the candidates that may be chosen, each
// origin's allowed candidates nearest first, and the origins no allowed candidate reaches (listed with
// the reason, never dropped silently).

export class OptimiseInputError extends Error {
  constructor(readonly field: string, readonly msg: Message) {
    super(msg.code)
  }
}

/** A penalty cost for a pair the model forbids, so that heuristics stay in finite arithmetic. */
export const FORBIDDEN = 1e15

export interface Prepared {
  problem: Problem
  n: number
  m: number
  /** Origins in the model (reachable), by index into problem.origins. */
  active: number[]
  unreachable: UnreachableOrigin[]
  allowed: boolean[]
  locked: number[]
  /** cost[i*m+j]: what assigning origin i to j costs in the model's own terms; FORBIDDEN if not allowed. */
  cost: Float64Array
  /** Per origin, allowed candidates by increasing distance (finite only). */
  nearest: Int32Array[]
  /** Sites to choose (p-median, capacitated, MCLP). */
  p: number
}

export function prepare(problem: Problem): Prepared {
  const n = problem.origins.length
  const m = problem.candidates.length
  if (n === 0) throw new OptimiseInputError('origins', msg('optimise.no_origins'))
  if (m === 0) throw new OptimiseInputError('candidates', msg('optimise.no_candidates'))
  if (problem.distance.length !== n * m) throw new Error('distance matrix of the wrong size')
  const locked = [...new Set(problem.locked ?? [])]
  const excluded = new Set(problem.excluded ?? [])
  for (const j of locked) {
    if (excluded.has(j)) {
      throw new OptimiseInputError('locked', msg('optimise.locked_and_excluded', { key: problem.candidates[j].key }))
    }
  }
  const allowed = problem.candidates.map((_, j) => !excluded.has(j))
  const allowedCount = allowed.filter(Boolean).length
  const model = problem.model
  let p = 0
  if (model !== 'lscp') {
    p = problem.p ?? NaN
    if (!Number.isInteger(p) || p < 1) throw new OptimiseInputError('p', msg('optimise.p_too_small'))
    if (p > allowedCount) throw new OptimiseInputError('p', msg('optimise.p_too_large', { p, candidates: allowedCount }))
    if (locked.length > p) throw new OptimiseInputError('locked', msg('optimise.too_many_locked', { locked: locked.length, p }))
  }
  if ((model === 'mclp' || model === 'lscp') && !(problem.withinM !== undefined && problem.withinM > 0)) {
    throw new OptimiseInputError('withinM', msg('optimise.within_needed'))
  }
  if (model === 'capacitated_p_median') {
    const missing = problem.candidates.findIndex((c, j) => allowed[j] && (c.capacity === null || !(c.capacity >= 0)))
    if (missing >= 0) throw new OptimiseInputError('candidates', msg('optimise.capacity_missing', { key: problem.candidates[missing].key }))
  }

  const withinM = problem.withinM ?? Infinity
  const cost = new Float64Array(n * m).fill(FORBIDDEN)
  const nearest: Int32Array[] = []
  const active: number[] = []
  const unreachable: UnreachableOrigin[] = []
  for (let i = 0; i < n; i++) {
    const w = problem.origins[i].weight
    const row: number[] = []
    for (let j = 0; j < m; j++) {
      const d = problem.distance[i * m + j]
      if (!allowed[j] || !Number.isFinite(d)) continue
      row.push(j)
      // MCLP minimises the weight left uncovered (the same as maximising the covered weight).
      cost[i * m + j] = model === 'mclp' ? (d <= withinM ? 0 : w) : model === 'lscp' ? 0 : w * d
    }
    row.sort((a, b) => problem.distance[i * m + a] - problem.distance[i * m + b] || a - b)
    nearest.push(Int32Array.from(row))
    if (row.length === 0) unreachable.push({ village: problem.origins[i].id, reason: 'no_candidate_in_reach' })
    else active.push(i)
  }
  if (active.length === 0) throw new OptimiseInputError('origins', msg('optimise.no_origin_in_reach', { count: n }))
  return { problem, n, m, active, unreachable, allowed, locked, cost, nearest, p }
}

/** Candidates within the coverage distance of origin i (MCLP, LSCP), nearest first. */
export function covering(prep: Prepared, i: number): number[] {
  const withinM = prep.problem.withinM ?? Infinity
  const out: number[] = []
  for (const j of prep.nearest[i]) {
    if (prep.problem.distance[i * prep.m + j] <= withinM) out.push(j)
    else break
  }
  return out
}
