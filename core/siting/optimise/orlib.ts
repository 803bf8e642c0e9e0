import type { Problem } from './problem.ts'

// Beasley's OR-Library p-median instances (pmed1–pmed40): `n e p`, then e lines `i j cost` of an
// undirected graph. Distances are shortest paths (Floyd–Warshall); an edge listed twice keeps its last
// cost, the convention the published optima use. Every vertex is a village of weight 1 and a candidate.

export function parseOrlib(text: string): Problem {
  const numbers = text.trim().split(/\s+/).map(Number)
  const [n, e, p] = numbers
  const d = new Float64Array(n * n).fill(Infinity)
  for (let i = 0; i < n; i++) d[i * n + i] = 0
  for (let k = 0; k < e; k++) {
    const a = numbers[3 + 3 * k] - 1
    const b = numbers[4 + 3 * k] - 1
    const c = numbers[5 + 3 * k]
    if (a === b) continue
    d[a * n + b] = c
    d[b * n + a] = c
  }
  for (let k = 0; k < n; k++) {
    const rowK = k * n
    for (let i = 0; i < n; i++) {
      const dik = d[i * n + k]
      if (dik === Infinity) continue
      const rowI = i * n
      for (let j = 0; j < n; j++) {
        const v = dik + d[rowK + j]
        if (v < d[rowI + j]) d[rowI + j] = v
      }
    }
  }
  return {
    model: 'p_median',
    origins: Array.from({ length: n }, (_, i) => ({ id: String(i + 1), weight: 1 })),
    candidates: Array.from({ length: n }, (_, j) => ({ key: String(j + 1), capacity: null })),
    distance: d,
    p,
  }
}

/** `pmedopt.txt`: the known optimum of each instance, by name (`pmed1`). */
export function parseOrlibOptima(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^(pmed\d+)\s+(\d+)/.exec(line.trim())
    if (m) out.set(m[1], Number(m[2]))
  }
  return out
}
