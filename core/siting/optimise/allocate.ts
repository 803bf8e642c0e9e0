import { covering, FORBIDDEN, type Prepared } from './prepare.ts'

// Who goes where, once the sites are chosen. Without capacities each village goes to its cheapest open
// site; with capacities villages are placed by regret (the one that would lose most by its second
// choice first) into the cheapest site with room, then moved one at a time while that lowers the cost.
// With splitting allowed a village fills its cheapest sites in turn.

export interface Allocation {
  origin: number
  site: number
  persons: number
}

export interface Evaluation {
  open: number[]
  allocations: Allocation[]
  /** In the model's own unit: weighted metres, covered weight (MCLP) or sites (LSCP). */
  objective: number
  /** What the heuristics compare: the objective to minimise with a penalty for what is not served. */
  penalised: number
  /** Active origins (weight > 0) left without a site: beyond the limit of every open site, or no room. */
  unservedPersons: number
  unservedOrigins: number
}

/** `quick`: capacitated model without the exchanges of pairs (what the swap search prices moves with). */
export function evaluate(prep: Prepared, open: readonly number[], quick = false): Evaluation {
  switch (prep.problem.model) {
    case 'p_median': return nearestOpen(prep, open)
    case 'mclp': return nearestOpen(prep, open)
    case 'lscp': return coverSet(prep, open)
    case 'capacitated_p_median': return capacitated(prep, open, quick)
  }
}

function nearestOpen(prep: Prepared, open: readonly number[]): Evaluation {
  const { m, cost, problem } = prep
  const mclp = problem.model === 'mclp'
  const withinM = problem.withinM ?? Infinity
  const allocations: Allocation[] = []
  let penalised = 0
  let covered = 0
  let unservedPersons = 0
  let unservedOrigins = 0
  for (const i of prep.active) {
    const w = problem.origins[i].weight
    let best = -1
    for (const j of open) {
      const c = cost[i * m + j]
      if (c >= FORBIDDEN) continue
      if (best < 0 || c < cost[i * m + best] || (c === cost[i * m + best] && problem.distance[i * m + j] < problem.distance[i * m + best])) best = j
    }
    if (best < 0) {
      // No open site is allowed for this village: MCLP leaves it uncovered, the medians cannot serve it.
      penalised += mclp ? w : FORBIDDEN
      if (!mclp) { unservedPersons += w; unservedOrigins += 1 }
      continue
    }
    penalised += cost[i * m + best]
    if (mclp && problem.distance[i * m + best] <= withinM) covered += w
    allocations.push({ origin: i, site: best, persons: w })
  }
  return { open: [...open], allocations, objective: mclp ? covered : penalised, penalised, unservedPersons, unservedOrigins }
}

function coverSet(prep: Prepared, open: readonly number[]): Evaluation {
  const isOpen = new Set(open)
  const allocations: Allocation[] = []
  let unservedOrigins = 0
  let unservedPersons = 0
  for (const i of prep.active) {
    const j = covering(prep, i).find((c) => isOpen.has(c))
    if (j === undefined) { unservedOrigins += 1; unservedPersons += prep.problem.origins[i].weight; continue }
    allocations.push({ origin: i, site: j, persons: prep.problem.origins[i].weight })
  }
  return { open: [...open], allocations, objective: open.length, penalised: open.length + FORBIDDEN * unservedOrigins, unservedPersons, unservedOrigins }
}

function capacitated(prep: Prepared, open: readonly number[], quick: boolean): Evaluation {
  const { m, cost, problem } = prep
  const split = problem.splitVillages === true
  const room = new Map(open.map((j) => [j, problem.candidates[j].capacity ?? Infinity]))
  const choices = new Map<number, number[]>()
  const order: { i: number; regret: number }[] = []
  for (const i of prep.active) {
    const list = open.filter((j) => cost[i * m + j] < FORBIDDEN).sort((a, b) => cost[i * m + a] - cost[i * m + b] || a - b)
    choices.set(i, list)
    const regret = list.length === 0 ? Infinity : list.length === 1 ? FORBIDDEN : cost[i * m + list[1]] - cost[i * m + list[0]]
    order.push({ i, regret })
  }
  order.sort((a, b) => b.regret - a.regret || problem.origins[b.i].weight - problem.origins[a.i].weight || a.i - b.i)
  const placed = new Map<number, Allocation[]>()
  let unservedPersons = 0
  let unservedOrigins = 0
  for (const { i } of order) {
    const w = problem.origins[i].weight
    const list = choices.get(i)!
    const parts: Allocation[] = []
    let left = w
    for (const j of list) {
      if (left <= 0 && parts.length > 0) break
      const r = room.get(j)!
      if (split) {
        const take = Math.min(left, r)
        if (take > 0 || (w === 0 && parts.length === 0)) { parts.push({ origin: i, site: j, persons: take }); room.set(j, r - take); left -= take }
      } else if (w <= r) {
        parts.push({ origin: i, site: j, persons: w }); room.set(j, r - w); left = 0
        break
      }
    }
    if (left > 1e-9) { unservedPersons += left; unservedOrigins += 1 }
    placed.set(i, parts)
  }
  if (!split) improveWhole(prep, placed, room, quick)
  const allocations = [...placed.values()].flat().sort((a, b) => a.origin - b.origin || a.site - b.site)
  let objective = 0
  for (const a of allocations) objective += a.persons * problem.distance[a.origin * m + a.site]
  return { open: [...open], allocations, objective, penalised: objective + FORBIDDEN * unservedPersons + FORBIDDEN * unservedOrigins, unservedPersons, unservedOrigins }
}

/** Moves whole villages to a cheaper open site with room, and exchanges pairs, while that saves. */
function improveWhole(prep: Prepared, placed: Map<number, Allocation[]>, room: Map<number, number>, quick: boolean): void {
  const { m, cost, problem } = prep
  const assigned = [...placed.entries()].filter(([, parts]) => parts.length === 1).map(([i, parts]) => ({ i, a: parts[0] }))
  for (let pass = 0; pass < 5; pass++) {
    let changed = false
    for (const { i, a } of assigned) {
      const w = problem.origins[i].weight
      for (const j of room.keys()) {
        if (j === a.site || cost[i * m + j] >= FORBIDDEN) continue
        if (cost[i * m + j] < cost[i * m + a.site] && room.get(j)! >= w) {
          room.set(a.site, room.get(a.site)! + w); room.set(j, room.get(j)! - w); a.site = j; changed = true
        }
      }
    }
    if (!quick && assigned.length <= 600) {
      for (let x = 0; x < assigned.length; x++) {
        for (let y = x + 1; y < assigned.length; y++) {
          const A = assigned[x], B = assigned[y]
          const s = A.a.site, t = B.a.site
          if (s === t) continue
          const ia = A.i, ib = B.i
          if (cost[ia * m + t] >= FORBIDDEN || cost[ib * m + s] >= FORBIDDEN) continue
          const before = cost[ia * m + s] + cost[ib * m + t]
          const after = cost[ia * m + t] + cost[ib * m + s]
          if (after >= before - 1e-9) continue
          const wa = problem.origins[ia].weight, wb = problem.origins[ib].weight
          if (room.get(s)! + wa - wb < 0 || room.get(t)! + wb - wa < 0) continue
          room.set(s, room.get(s)! + wa - wb); room.set(t, room.get(t)! + wb - wa)
          A.a.site = t; B.a.site = s; changed = true
        }
      }
    }
    if (!changed) break
  }
}
