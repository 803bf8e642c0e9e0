import { evaluate, type Evaluation } from './allocate.ts'
import { greedy } from './greedy.ts'
import type { Prepared } from './prepare.ts'

// Vertex substitution (Teitz and Bart 1968): swap one chosen site for one not chosen while that
// lowers the cost, from several deterministic starts (the greedy answer, then seeded random sets).
// Without capacities each swap is priced for all sites leaving at once from each village's cheapest
// and second-cheapest open site (Whitaker's fast interchange); with capacities each swap is priced by
// allocating again.

export interface HeuristicOptions {
  /** Number of starts (the first is the greedy answer); 10, or 3 with capacities (each swap allocates again). */
  starts?: number
  /** Wall-clock time (ms since the epoch) after which the search stops with what it has. */
  deadline?: number
  onProgress?: (share: number) => void
  /** The greedy answer when the caller has it already (the first start). */
  base?: Evaluation
}

export function vertexSubstitution(prep: Prepared, options: HeuristicOptions = {}): Evaluation {
  const base = options.base ?? greedy(prep)
  if (prep.problem.model === 'lscp') return base
  const starts = Math.max(1, options.starts ?? (prep.problem.model === 'capacitated_p_median' ? 3 : 10))
  const free = [...Array(prep.m).keys()].filter((j) => prep.allowed[j] && !prep.locked.includes(j))
  const slots = prep.p - prep.locked.length
  // Nothing to choose: every site is locked, or every allowed candidate is needed.
  if (slots === 0 || free.length === slots) return base
  let best = improve(prep, base.open, options.deadline)
  const random = mulberry32(0x5eed)
  for (let s = 1; s < starts; s++) {
    options.onProgress?.(s / starts)
    if (options.deadline !== undefined && Date.now() > options.deadline) break
    const pool = [...free]
    for (let k = pool.length - 1; k > 0; k--) {
      const r = Math.floor(random() * (k + 1))
      ;[pool[k], pool[r]] = [pool[r], pool[k]]
    }
    const result = improve(prep, [...prep.locked, ...pool.slice(0, slots)], options.deadline)
    if (result.penalised < best.penalised - 1e-9) best = result
  }
  options.onProgress?.(1)
  return best
}

function improve(prep: Prepared, start: readonly number[], deadline?: number): Evaluation {
  return prep.problem.model === 'capacitated_p_median' ? swapByAllocation(prep, start, deadline) : fastInterchange(prep, start, deadline)
}

function fastInterchange(prep: Prepared, start: readonly number[], deadline?: number): Evaluation {
  const { m, cost, active } = prep
  const open = [...start]
  const locked = new Set(prep.locked)
  const first = new Int32Array(prep.n)
  const c1 = new Float64Array(prep.n)
  const c2 = new Float64Array(prep.n)
  const refresh = () => {
    for (const i of active) {
      let a = Infinity, b = Infinity, ja = -1
      for (const j of open) {
        const c = cost[i * m + j]
        if (c < a) { b = a; a = c; ja = j } else if (c < b) b = c
      }
      first[i] = ja; c1[i] = a; c2[i] = b
    }
  }
  refresh()
  const loss = new Float64Array(m)
  let improved = true
  while (improved) {
    improved = false
    if (deadline !== undefined && Date.now() > deadline) break
    const isOpen = new Set(open)
    for (let c = 0; c < m; c++) {
      if (!prep.allowed[c] || isOpen.has(c)) continue
      let common = 0
      for (const o of open) loss[o] = 0
      for (const i of active) {
        const cic = cost[i * m + c]
        if (cic < c1[i]) common += cic - c1[i]
        else loss[first[i]] += Math.min(cic, c2[i]) - c1[i]
      }
      let out = -1
      let delta = -1e-9 * Math.max(1, Math.abs(common))
      for (const o of open) {
        if (locked.has(o)) continue
        const d = common + loss[o]
        if (d < delta) { delta = d; out = o }
      }
      if (out < 0) continue
      open[open.indexOf(out)] = c
      isOpen.delete(out); isOpen.add(c)
      refresh()
      improved = true
    }
  }
  return evaluate(prep, open)
}

function swapByAllocation(prep: Prepared, start: readonly number[], deadline?: number): Evaluation {
  let current = evaluate(prep, start, true)
  const locked = new Set(prep.locked)
  let improved = true
  while (improved) {
    improved = false
    for (let c = 0; c < prep.m; c++) {
      if (!prep.allowed[c] || current.open.includes(c)) continue
      if (deadline !== undefined && Date.now() > deadline) break
      for (const o of current.open) {
        if (locked.has(o)) continue
        const trial = evaluate(prep, current.open.map((j) => (j === o ? c : j)), true)
        if (trial.penalised < current.penalised - 1e-9 * Math.max(1, current.penalised)) {
          current = trial
          improved = true
          break
        }
      }
    }
    if (deadline !== undefined && Date.now() > deadline) break
  }
  // The chosen sites, allocated with the exchanges of pairs too.
  const final = evaluate(prep, current.open)
  return final.penalised <= current.penalised ? final : current
}

/** A small seeded generator, so that every run of the same instance gives the same answer. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
