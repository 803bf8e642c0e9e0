import type { Prepared } from './prepare.ts'

// A lower bound of the (uncapacitated) p-median by Lagrangian relaxation of the assignment
// constraints (Cornuéjols, Fisher and Nemhauser 1977): for multipliers λ, each candidate is worth
// ρ_j = Σ_i min(0, c_ij − λ_i); the p best (locked ones first) give L(λ) = Σ λ_i + Σ ρ_j, a bound of
// the full model whatever λ is. Subgradient steps raise it, usually to the LP bound, in a fraction of
// the time the LP takes on a large instance. Pairs the rules forbid cost nothing here (they are never
// below λ), which only weakens the bound, never invalidates it.

export interface LagrangeOptions {
  /** The best answer known (an upper bound), to size the steps. */
  upper: number
  iterations?: number
  deadline?: number
}

export function lagrangianBound(prep: Prepared, options: LagrangeOptions): number {
  const { m, cost } = prep
  const origins = prep.active.filter((i) => prep.problem.origins[i].weight > 0)
  if (origins.length === 0) return 0
  const locked = new Set(prep.locked)
  const free = [...Array(m).keys()].filter((j) => prep.allowed[j] && !locked.has(j))
  const slots = prep.p - prep.locked.length
  // Start from each village's cheapest allowed cost.
  const lambda = new Float64Array(prep.n)
  for (const i of origins) lambda[i] = cost[i * m + prep.nearest[i][0]]
  const rho = new Float64Array(m)
  const chosen = new Uint8Array(m)
  let best = -Infinity
  let theta = 2
  let stale = 0
  const iterations = options.iterations ?? 3000
  for (let it = 0; it < iterations; it++) {
    if (options.deadline !== undefined && it > 0 && (it & 15) === 0 && Date.now() > options.deadline) break
    rho.fill(0)
    for (const i of origins) {
      const l = lambda[i]
      for (const j of prep.nearest[i]) {
        const c = cost[i * m + j]
        if (c >= l) break // nearest first: costs only rise from here
        rho[j] += c - l
      }
    }
    chosen.fill(0)
    let value = 0
    for (const i of origins) value += lambda[i]
    for (const j of locked) { chosen[j] = 1; value += rho[j] }
    const order = free.slice().sort((a, b) => rho[a] - rho[b])
    for (let k = 0; k < slots; k++) { chosen[order[k]] = 1; value += rho[order[k]] }
    if (best === -Infinity || value > best + 1e-9 * Math.max(1, Math.abs(best))) { best = value; stale = 0 } else if (++stale >= 20) { theta /= 2; stale = 0 }
    if (theta < 1e-3) break
    // Subgradient: 1 − (sites chosen that village i would rather take than pay λ_i).
    let norm = 0
    const g = new Float64Array(prep.n)
    for (const i of origins) {
      let s = 1
      const l = lambda[i]
      for (const j of prep.nearest[i]) {
        if (cost[i * m + j] >= l) break
        if (chosen[j]) s -= 1
      }
      g[i] = s
      norm += s * s
    }
    if (norm === 0) break // λ is optimal: the relaxed answer is feasible
    const gap = options.upper - value
    if (gap <= 1e-9 * Math.max(1, Math.abs(options.upper))) break
    const step = (theta * gap) / norm
    for (const i of origins) lambda[i] = Math.max(0, lambda[i] + step * g[i])
  }
  return best
}
