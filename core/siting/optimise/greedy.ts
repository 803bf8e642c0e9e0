import { evaluate, type Evaluation } from './allocate.ts'
import { covering, type Prepared } from './prepare.ts'

// The baseline: open sites one at a time, each the one that lowers the cost most (locked sites first).
// Set covering opens the candidate that covers the most villages still uncovered, then drops any
// site the others make redundant.

export function greedy(prep: Prepared): Evaluation {
  if (prep.problem.model === 'lscp') return greedyCover(prep)
  const open = [...prep.locked]
  const isOpen = new Set(open)
  const { m, cost } = prep
  const uncapacitated = prep.problem.model !== 'capacitated_p_median'
  // Each origin's cheapest cost among the open sites (uncapacitated models).
  const current = new Float64Array(prep.n).fill(Infinity)
  for (const j of open) for (const i of prep.active) current[i] = Math.min(current[i], cost[i * m + j])
  while (open.length < prep.p) {
    let best = -1
    let bestValue = Infinity
    for (let j = 0; j < m; j++) {
      if (!prep.allowed[j] || isOpen.has(j)) continue
      let value: number
      if (uncapacitated) {
        value = 0
        for (const i of prep.active) value += Math.min(current[i], cost[i * m + j])
      } else {
        value = evaluate(prep, [...open, j], true).penalised
      }
      if (value < bestValue) { bestValue = value; best = j }
    }
    open.push(best)
    isOpen.add(best)
    for (const i of prep.active) current[i] = Math.min(current[i], cost[i * m + best])
  }
  return evaluate(prep, open)
}

function greedyCover(prep: Prepared): Evaluation {
  const covers: number[][] = Array.from({ length: prep.m }, () => [])
  for (const i of prep.active) for (const j of covering(prep, i)) covers[j].push(i)
  const open = [...prep.locked]
  const uncovered = new Set(prep.active)
  for (const j of open) for (const i of covers[j]) uncovered.delete(i)
  while (uncovered.size > 0) {
    let best = -1
    let bestCount = 0
    for (let j = 0; j < prep.m; j++) {
      if (!prep.allowed[j] || open.includes(j)) continue
      let count = 0
      for (const i of covers[j]) if (uncovered.has(i)) count++
      if (count > bestCount) { bestCount = count; best = j }
    }
    if (best < 0) break // the rest no candidate covers: evaluate() reports them
    open.push(best)
    for (const i of covers[best]) uncovered.delete(i)
  }
  // Drop sites the others make redundant, the last added first.
  const locked = new Set(prep.locked)
  for (let k = open.length - 1; k >= 0; k--) {
    const j = open[k]
    if (locked.has(j)) continue
    const rest = open.filter((x) => x !== j)
    const restSet = new Set(rest)
    if (covers[j].every((i) => covers.some((_, s) => restSet.has(s) && covers[s].includes(i)))) open.splice(k, 1)
  }
  return evaluate(prep, open)
}
