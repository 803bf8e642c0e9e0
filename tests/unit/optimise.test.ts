import { readFileSync } from 'node:fs'
import loadHighs from 'highs'
import { beforeAll, describe, expect, it } from 'vitest'
import { highsRunner } from '../../core/siting/optimise/highs.ts'
import {
  greedy, mulberry32, OptimiseInputError, prepare, solve, vertexSubstitution,
  type LpRunner, type OptimiseModel, type Problem,
} from '../../core/siting/optimise/index.ts'
import { lagrangianBound } from '../../core/siting/optimise/lagrange.ts'
import { reducedCostFixing } from '../../core/siting/optimise/solve.ts'
import { parseOrlib, parseOrlibOptima } from '../../core/siting/optimise/orlib.ts'
import { scenarioFromAnswer } from '../../core/siting/optimise/scenario.ts'

// Proofs of the location–allocation solvers: brute-force enumeration on small instances gives the
// same optimum for every model; on larger ones the answer is never worse than the greedy baseline;
// Beasley's OR-Library instances reach their published optima.

let runner: LpRunner
beforeAll(async () => { runner = highsRunner(await loadHighs()) })

/** Villages and candidates scattered over a 20 km square; distances straight, some pairs forbidden. */
function randomProblem(seed: number, n: number, m: number, model: OptimiseModel, extra: Partial<Problem> = {}, forbidShare = 0): Problem {
  const random = mulberry32(seed)
  const at = () => [random() * 20_000, random() * 20_000]
  const villages = Array.from({ length: n }, at)
  const sites = Array.from({ length: m }, at)
  const distance = new Float64Array(n * m)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const d = Math.hypot(villages[i][0] - sites[j][0], villages[i][1] - sites[j][1])
      distance[i * m + j] = random() < forbidShare ? Infinity : Math.round(d)
    }
  }
  return {
    model,
    origins: villages.map((_, i) => ({ id: `v${i}`, weight: 1 + Math.floor(random() * 60) })),
    candidates: sites.map((_, j) => ({ key: `c${j}`, capacity: 80 + Math.floor(random() * 200) })),
    distance, ...extra,
  }
}

function* subsets(items: number[], size: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === size) { yield [...chosen]; return }
  for (let k = start; k < items.length; k++) yield* subsets(items, size, k + 1, [...chosen, items[k]])
}

const dist = (pr: Problem, i: number, j: number) => pr.distance[i * pr.candidates.length + j]

/** The optimum by enumerating every admissible set of sites (and, whole villages, every assignment). */
function bruteForce(pr: Problem): number | null {
  const m = pr.candidates.length
  const n = pr.origins.length
  const excluded = new Set(pr.excluded ?? [])
  const locked = pr.locked ?? []
  const free = [...Array(m).keys()].filter((j) => !excluded.has(j) && !locked.includes(j))
  const reachable = [...Array(n).keys()].filter((i) => [...Array(m).keys()].some((j) => !excluded.has(j) && Number.isFinite(dist(pr, i, j))))
  const R = pr.withinM ?? Infinity
  let best: number | null = null
  const better = (v: number, max = false) => { if (best === null || (max ? v > best : v < best)) best = v }
  if (pr.model === 'lscp') {
    for (let size = 0; size <= free.length; size++) {
      for (const s of subsets(free, size)) {
        const open = [...locked, ...s]
        if (reachable.every((i) => open.some((j) => dist(pr, i, j) <= R))) return open.length
      }
    }
    return null
  }
  for (const s of subsets(free, pr.p! - locked.length)) {
    const open = [...locked, ...s]
    if (pr.model === 'mclp') {
      better(reachable.reduce((sum, i) => sum + (open.some((j) => dist(pr, i, j) <= R) ? pr.origins[i].weight : 0), 0), true)
    } else if (pr.model === 'p_median') {
      let total = 0
      for (const i of reachable) total += pr.origins[i].weight * Math.min(...open.map((j) => dist(pr, i, j)))
      if (Number.isFinite(total)) better(total)
    } else if (pr.splitVillages) {
      const v = transportation(pr, reachable, open)
      if (v !== null) better(v)
    } else {
      const v = wholeAssignment(pr, reachable, open)
      if (v !== null) better(v)
    }
  }
  return best
}

/** Every assignment of whole villages to the open sites within capacity: the cheapest. */
function wholeAssignment(pr: Problem, origins: number[], open: number[]): number | null {
  let best: number | null = null
  const room = open.map((j) => pr.candidates[j].capacity!)
  const walk = (k: number, total: number) => {
    if (best !== null && total >= best) return
    if (k === origins.length) { best = total; return }
    const i = origins[k]
    const w = pr.origins[i].weight
    open.forEach((j, s) => {
      const d = dist(pr, i, j)
      if (!Number.isFinite(d) || room[s] < w) return
      room[s] -= w
      walk(k + 1, total + w * d)
      room[s] += w
    })
  }
  walk(0, 0)
  return best
}

/** Split villages: a min-cost flow in persons (successive shortest paths), independent of the solver. */
function transportation(pr: Problem, origins: number[], open: number[]): number | null {
  const supply = origins.map((i) => pr.origins[i].weight)
  const room = open.map((j) => pr.candidates[j].capacity!)
  let total = 0
  // Each person unit at a time is slow; push the bottleneck along the cheapest augmenting path.
  const flow = origins.map(() => open.map(() => 0))
  for (;;) {
    const left = supply.findIndex((s) => s > 0)
    if (left < 0) return total
    // Bellman–Ford over nodes: origins (0..a-1), sites (a..a+b-1); residual arcs origin→site (cost d), site→origin (−d) if flow.
    const a = origins.length, b = open.length
    const distTo = new Array(a + b).fill(Infinity)
    const prev = new Array(a + b).fill(-1)
    for (let k = 0; k < a; k++) if (supply[k] > 0) distTo[k] = 0
    for (let round = 0; round < a + b; round++) {
      let changed = false
      for (let x = 0; x < a; x++) {
        if (distTo[x] === Infinity) continue
        for (let y = 0; y < b; y++) {
          const d = dist(pr, origins[x], open[y])
          if (!Number.isFinite(d)) continue
          if (distTo[x] + d < distTo[a + y] - 1e-9) { distTo[a + y] = distTo[x] + d; prev[a + y] = x; changed = true }
        }
      }
      for (let y = 0; y < b; y++) {
        if (distTo[a + y] === Infinity) continue
        for (let x = 0; x < a; x++) {
          if (flow[x][y] <= 0) continue
          const d = dist(pr, origins[x], open[y])
          if (distTo[a + y] - d < distTo[x] - 1e-9) { distTo[x] = distTo[a + y] - d; prev[x] = a + y; changed = true }
        }
      }
      if (!changed) break
    }
    let target = -1
    for (let y = 0; y < b; y++) if (room[y] > 0 && distTo[a + y] < Infinity && (target < 0 || distTo[a + y] < distTo[a + target])) target = y
    if (target < 0) return null
    // Walk back to find the source and the bottleneck.
    const path: [number, number][] = []
    let node = a + target
    while (prev[node] >= 0 || node >= a) {
      const p = prev[node]
      path.push([p, node])
      node = p
      if (node < a && prev[node] < 0) break
    }
    const source = node
    let amount = Math.min(supply[source], room[target])
    for (const [from, to] of path) if (from >= a) amount = Math.min(amount, flow[to][from - a])
    for (const [from, to] of path) {
      if (from < a) { flow[from][to - a] += amount; total += amount * dist(pr, origins[from], open[to - a]) }
      else { flow[to][from - a] -= amount; total -= amount * dist(pr, origins[to], open[from - a]) }
    }
    supply[source] -= amount
    room[target] -= amount
  }
}

describe('brute force on small instances equals the solver', () => {
  const cases: [string, () => Problem][] = [
    ['p-median', () => randomProblem(1, 14, 8, 'p_median', { p: 3 })],
    ['p-median with a locked and an excluded candidate', () => randomProblem(2, 14, 8, 'p_median', { p: 3, locked: [5], excluded: [0, 1] })],
    ['p-median with forbidden pairs', () => randomProblem(3, 14, 8, 'p_median', { p: 3 }, 0.25)],
    ['capacitated p-median, whole villages', () => randomProblem(4, 9, 6, 'capacitated_p_median', { p: 3 })],
    ['capacitated p-median, whole villages, locked', () => randomProblem(5, 9, 6, 'capacitated_p_median', { p: 3, locked: [2] })],
    ['capacitated p-median, split villages', () => randomProblem(6, 10, 6, 'capacitated_p_median', { p: 2, splitVillages: true })],
    ['maximal covering', () => randomProblem(7, 16, 9, 'mclp', { p: 3, withinM: 6000 })],
    ['maximal covering with a locked candidate', () => randomProblem(8, 16, 9, 'mclp', { p: 3, withinM: 5000, locked: [4], excluded: [7] })],
    ['set covering', () => randomProblem(9, 16, 9, 'lscp', { withinM: 11000, excluded: [2] }, 0.1)],
    ['set covering with a locked candidate', () => randomProblem(10, 16, 9, 'lscp', { withinM: 12000, locked: [3] })],
  ]
  for (const [name, make] of cases) {
    it(name, async () => {
      const pr = make()
      const expected = bruteForce(pr)
      expect(expected).not.toBeNull()
      const exact = await solve(pr, { runner })
      expect(exact.status).toBe('optimal')
      expect(exact.objective).toBeCloseTo(expected!, 6)
      expect(exact.gap).toBe(0)
      // The answer's figures are its own: the objective is what its assignments add up to.
      if (pr.model === 'p_median' || pr.model === 'capacitated_p_median') {
        expect(exact.assignments.reduce((s, a) => s + a.persons * a.distanceM, 0)).toBeCloseTo(expected!, 6)
      }
      if (pr.model === 'mclp') expect(exact.assignments.filter((a) => a.covered).reduce((s, a) => s + a.persons, 0)).toBe(expected)
      if (pr.model === 'lscp') expect(exact.chosen).toHaveLength(expected!)
      for (const j of pr.locked ?? []) expect(exact.chosen).toContain(pr.candidates[j].key)
      for (const j of pr.excluded ?? []) expect(exact.chosen).not.toContain(pr.candidates[j].key)
      // The heuristic alone reaches the optimum on instances this small, or says it is only feasible.
      const heuristic = await solve(pr, { method: 'heuristic' })
      expect(heuristic.status).toBe('feasible')
      expect(heuristic.bound).toBeNull()
      if (pr.model === 'mclp') expect(heuristic.objective!).toBeLessThanOrEqual(expected!)
      else expect(heuristic.objective!).toBeGreaterThanOrEqual(expected! - 1e-6)
    })
  }

  it('capacities: whole villages never exceed a site, and split villages use every person', async () => {
    for (const splitVillages of [false, true]) {
      const pr = randomProblem(11, 10, 6, 'capacitated_p_median', { p: 3, splitVillages })
      const r = await solve(pr, { runner })
      const load = new Map<string, number>()
      for (const a of r.assignments) load.set(a.key, (load.get(a.key) ?? 0) + a.persons)
      for (const [key, persons] of load) expect(persons).toBeLessThanOrEqual(pr.candidates.find((c) => c.key === key)!.capacity! + 1e-6)
      const byVillage = new Map<string, number>()
      for (const a of r.assignments) byVillage.set(a.village, (byVillage.get(a.village) ?? 0) + a.persons)
      for (const o of pr.origins) expect(byVillage.get(o.id)).toBeCloseTo(o.weight, 6)
      if (!splitVillages) expect(new Set(r.assignments.map((a) => a.village)).size).toBe(r.assignments.length)
    }
  })
})

describe('capacitated p-median: rounding the relaxation and reduced-cost fixing keep the proof', () => {
  // Tight capacities (1.15 × the demand shared by p sites), so that villages compete for room.
  const tight = (seed: number, n: number, m: number, p: number, extra: Partial<Problem> = {}) => {
    const pr = randomProblem(seed, n, m, 'capacitated_p_median', { p, ...extra })
    const demand = pr.origins.reduce((s, o) => s + o.weight, 0)
    for (const c of pr.candidates as { key: string; capacity: number | null }[]) c.capacity = Math.ceil((demand * 1.15) / p)
    return pr
  }

  it.each([[51, false], [52, false], [53, true], [54, false]] as const)('seed %i (split villages: %s): brute force equals the optimum, with and without fixing', async (seed, splitVillages) => {
    const pr = tight(seed, 11, 7, 3, { splitVillages })
    const expected = bruteForce(pr)
    expect(expected).not.toBeNull()
    for (const fixing of [true, false]) {
      const r = await solve(pr, { runner, reducedCostFixing: fixing })
      expect(r.status).toBe('optimal')
      expect(r.objective).toBeCloseTo(expected!, 6)
      expect(r.bound).toBeCloseTo(expected!, 6)
      expect(r.gap).toBe(0)
      expect(r.assignments.reduce((s, a) => s + a.persons * a.distanceM, 0)).toBeCloseTo(expected!, 6)
    }
  })

  it('leaves out only columns that no better answer uses, and bounds the answers that use one', async () => {
    const pr = tight(55, 11, 7, 3)
    const expected = bruteForce(pr)!
    const prep = prepare(pr)
    const fixing = (await reducedCostFixing(prep, null, vertexSubstitution(prep), runner, Date.now() + 30_000))!
    expect(fixing).not.toBeNull()
    expect(fixing.best.objective).toBeGreaterThanOrEqual(expected - 1e-6)
    expect(fixing.fixedZero.size).toBeGreaterThan(0)
    expect(fixing.floor).toBeGreaterThan(fixing.best.objective)
    const r = await solve(pr, { runner })
    expect(r.objective).toBeCloseTo(expected, 6)
    // Every optimum costs less than the floor, so none of its pairs or sites was left out.
    for (const a of r.assignments) expect(fixing.fixedZero.has(`x${a.village.slice(1)}_${a.key.slice(1)}`)).toBe(false)
    for (const key of r.chosen) expect(fixing.fixedZero.has(`y${key.slice(1)}`)).toBe(false)
    // Stopped before the MIP does anything, the answer keeps at least the relaxation's bound, below the optimum.
    expect(fixing.lpBound).toBeLessThanOrEqual(expected + 1e-6)
    const stopped = await solve(pr, { runner, shouldStop: () => true })
    expect(stopped.bound!).toBeGreaterThanOrEqual(Math.ceil(fixing.lpBound - 1e-6) - 1e-6)
    expect(stopped.bound!).toBeLessThanOrEqual(expected + 1e-6)
  })

  it('on a larger instance the fixed and the bare MIP prove the same optimum', async () => {
    const pr = tight(56, 60, 14, 4)
    const fixed = await solve(pr, { runner })
    const bare = await solve(pr, { runner, reducedCostFixing: false })
    expect(fixed.status).toBe('optimal')
    expect(bare.status).toBe('optimal')
    expect(fixed.objective).toBeCloseTo(bare.objective!, 6)
    expect(fixed.objective!).toBeLessThanOrEqual(fixed.greedyObjective!)
  }, 60_000)
})

describe('larger instances: never worse than greedy', () => {
  it.each([[21, 'p_median'], [22, 'mclp'], [23, 'capacitated_p_median']] as const)('seed %i, %s', async (seed, model) => {
    const pr = randomProblem(seed, 300, 40, model, { p: 8, withinM: 3000 })
    // Capacities large enough that 8 sites can hold everyone.
    if (model === 'capacitated_p_median') for (const c of pr.candidates as { key: string; capacity: number | null }[]) c.capacity = 2500
    const prep = prepare(pr)
    const base = greedy(prep)
    const vs = vertexSubstitution(prep, { starts: 3 })
    expect(base.unservedOrigins).toBe(0)
    if (model === 'mclp') expect(vs.objective).toBeGreaterThanOrEqual(base.objective)
    else expect(vs.objective).toBeLessThanOrEqual(base.objective)
    const r = await solve(pr, { method: 'heuristic', starts: 3 })
    expect(r.greedyObjective).toBe(base.objective)
    expect(r.objective).toBe(vs.objective)
  }, 60_000)

  it('a restricted exact model bounds the full optimum from below and its answer from above', async () => {
    // Capacitated (with room for all), so that the proof is the MIP's and not the Lagrangian bound's.
    const pr = randomProblem(31, 120, 30, 'capacitated_p_median', { p: 4 })
    for (const c of pr.candidates as { key: string; capacity: number | null }[]) c.capacity = 1_000_000
    const full = await solve(pr, { runner, nearestK: null })
    const restricted = await solve(pr, { runner, nearestK: 2 })
    expect(full.status).toBe('optimal')
    expect(restricted.nearestK).toBe(2)
    expect(restricted.bound!).toBeLessThanOrEqual(full.objective! + 1e-6)
    expect(restricted.objective!).toBeGreaterThanOrEqual(full.objective! - 1e-6)
    if (restricted.status === 'feasible') {
      expect(restricted.gap!).toBeCloseTo((restricted.objective! - restricted.bound!) / restricted.objective!, 9)
      expect(restricted.reason?.code).toBe('optimise.restricted_gap')
    } else {
      expect(restricted.objective).toBeCloseTo(full.objective!, 6)
    }
  })

  it('a proof stopped early is feasible with its bound and gap', async () => {
    const pr = randomProblem(32, 200, 50, 'capacitated_p_median', { p: 6 })
    for (const c of pr.candidates as { key: string; capacity: number | null }[]) c.capacity = 1400
    const r = await solve(pr, { runner, shouldStop: () => true })
    expect(['feasible', 'optimal']).toContain(r.status)
    if (r.status === 'feasible') {
      expect(r.reason?.code).toBe('optimise.stopped_at_limit')
      if (r.bound !== null) {
        expect(r.bound).toBeLessThanOrEqual(r.objective! + 1e-6)
        expect(r.gap).toBeCloseTo((r.objective! - r.bound) / r.objective!, 9)
      }
    }
  }, 60_000)
})

describe('the Lagrangian bound of the p-median', () => {
  it('never exceeds the optimum, and proves it on an instance the heuristic solves', async () => {
    for (const seed of [51, 52, 53]) {
      const pr = randomProblem(seed, 60, 15, 'p_median', { p: 3 })
      const optimum = bruteForce(pr)!
      const prep = prepare(pr)
      const bound = lagrangianBound(prep, { upper: vertexSubstitution(prep).objective })
      expect(bound).toBeLessThanOrEqual(optimum + 1e-6)
      expect(bound).toBeGreaterThan(0.9 * optimum)
    }
    // pmed1: integral distances, the bound rounds up to the optimum and no MIP is needed.
    const pmed1 = parseOrlib(readFileSync(new URL('../../bench/orlib/pmed1.txt', import.meta.url), 'utf8'))
    const r = await solve(pmed1, {})
    expect(r.status).toBe('feasible') // no runner: heuristic only
    const proved = await solve(pmed1, { runner })
    expect(proved).toMatchObject({ status: 'optimal', objective: 5819, bound: 5819, gap: 0 })
  })
})

describe('saving an answer as a scenario', () => {
  it('takes each village\'s relocating households and persons in the share of its weight at each site', () => {
    const content = scenarioFromAnswer({
      chosen: ['A', '360729-AZD-01'],
      assignments: [{ village: 'v1', key: 'A', persons: 300 }, { village: 'v2', key: 'A', persons: 50 }, { village: 'v2', key: '360729-AZD-01', persons: 150 }],
      candidates: [
        { key: 'A', lon: 114.3, lat: 24.8, capacityPopulation: 400, siteCode: null },
        { key: '360729-AZD-01', lon: 114.5, lat: 24.7, capacityPopulation: null, siteCode: '360729-AZD-01' },
      ],
    }, new Map([['v1', { relocationHouseholds: 80, relocationPopulation: 300 }], ['v2', { relocationHouseholds: 41, relocationPopulation: 200 }]]), new Map([['A', '新点']]))
    expect(content.sites).toEqual([
      { key: 'A', name: '新点', geometry: { type: 'Point', coordinates: [114.3, 24.8] }, capacityPopulation: 400 },
      { key: '360729-AZD-01', name: '360729-AZD-01', siteCode: '360729-AZD-01' },
    ])
    expect(content.assignments).toEqual([
      { villageCode: 'v1', siteKey: 'A', households: 80, persons: 300 },
      { villageCode: 'v2', siteKey: 'A', households: 10, persons: 50 }, // a quarter of 41 households, rounded
      { villageCode: 'v2', siteKey: '360729-AZD-01', households: 31, persons: 150 },
    ])
  })
})

describe('infeasible and refused problems', () => {
  it('reports a capacity shortfall in persons', async () => {
    const pr = randomProblem(41, 10, 5, 'capacitated_p_median', { p: 2 })
    const demand = pr.origins.reduce((s, o) => s + o.weight, 0)
    const caps = [100, 120, 90, 80, 110]
    pr.candidates.forEach((c, j) => { (c as { capacity: number }).capacity = caps[j] })
    const r = await solve(pr, { runner })
    expect(r.status).toBe('infeasible')
    expect(r.objective).toBeNull()
    expect(r.reason).toEqual({ code: 'optimise.capacity_short', params: { demand, capacity: 230, shortfall: demand - 230, p: 2 } })
  })

  it('says when whole villages cannot fit though the capacity suffices in total', async () => {
    const pr: Problem = {
      model: 'capacitated_p_median', p: 2,
      origins: [{ id: 'a', weight: 60 }, { id: 'b', weight: 60 }, { id: 'c', weight: 60 }],
      candidates: [{ key: 's', capacity: 90 }, { key: 't', capacity: 90 }],
      distance: Float64Array.from([1, 2, 1, 2, 1, 2]),
    }
    expect((await solve(pr, { runner })).reason?.code).toBe('optimise.villages_do_not_fit')
    expect((await solve({ ...pr, splitVillages: true }, { runner })).status).toBe('optimal')
  })

  it('lists villages no candidate reaches, and LSCP villages no candidate covers', async () => {
    const pr: Problem = {
      model: 'p_median', p: 1,
      origins: [{ id: 'a', weight: 5 }, { id: 'b', weight: 3 }],
      candidates: [{ key: 's', capacity: null }, { key: 't', capacity: null }],
      distance: Float64Array.from([100, 300, Infinity, Infinity]),
    }
    const r = await solve(pr, { runner })
    expect(r.unreachable).toEqual([{ village: 'b', reason: 'no_candidate_in_reach' }])
    expect(r).toMatchObject({ status: 'optimal', objective: 500, chosen: ['s'] })
    const lscp = await solve({ ...pr, model: 'lscp', withinM: 200, distance: Float64Array.from([100, 300, 250, 400]) }, { runner })
    expect(lscp.status).toBe('infeasible')
    expect(lscp.reason).toEqual({ code: 'optimise.not_coverable', params: { count: 1, withinM: 200, villages: ['b'] } })
  })

  it('refuses p of 0, p above the candidates, a locked site also excluded, no origins', () => {
    const pr = randomProblem(42, 5, 4, 'p_median', { p: 2 })
    const code = (p: Problem) => { try { prepare(p); return null } catch (e) { return e instanceof OptimiseInputError ? [e.field, e.msg.code] : e } }
    expect(code({ ...pr, p: 0 })).toEqual(['p', 'optimise.p_too_small'])
    expect(code({ ...pr, p: 5 })).toEqual(['p', 'optimise.p_too_large'])
    expect(code({ ...pr, p: 4, excluded: [1] })).toEqual(['p', 'optimise.p_too_large'])
    expect(code({ ...pr, locked: [1], excluded: [1] })).toEqual(['locked', 'optimise.locked_and_excluded'])
    expect(code({ ...pr, origins: [], distance: new Float64Array(0) })).toEqual(['origins', 'optimise.no_origins'])
    expect(code({ ...pr, model: 'mclp' })).toEqual(['withinM', 'optimise.within_needed'])
  })

  it('does not change the problem it is given', async () => {
    const pr = randomProblem(43, 12, 6, 'capacitated_p_median', { p: 3, locked: [1] })
    const before = JSON.stringify({ ...pr, distance: [...pr.distance] })
    await solve(pr, { runner })
    expect(JSON.stringify({ ...pr, distance: [...pr.distance] })).toBe(before)
  })
})

describe('OR-Library p-median instances', () => {
  const dir = new URL('../../bench/orlib/', import.meta.url)
  const optima = parseOrlibOptima(readFileSync(new URL('pmedopt.txt', dir), 'utf8'))

  it('reads Floyd–Warshall distances, an edge listed twice keeping its last cost', () => {
    const pr = parseOrlib('4 4 1\n1 2 5\n2 3 7\n1 2 9\n3 4 1\n')
    expect([...pr.distance.slice(0, 4)]).toEqual([0, 9, 16, 17])
    expect(pr.p).toBe(1)
    const pmed1 = parseOrlib(readFileSync(new URL('pmed1.txt', dir), 'utf8'))
    expect([pmed1.origins.length, pmed1.candidates.length, pmed1.p]).toEqual([100, 100, 5])
  })

  it.each(['pmed1', 'pmed5', 'pmed10'])('%s reaches its known optimum, proved', async (name) => {
    const pr = parseOrlib(readFileSync(new URL(`${name}.txt`, dir), 'utf8'))
    const r = await solve(pr, { runner, timeLimitS: 120 })
    expect(r.status).toBe('optimal')
    expect(r.objective).toBe(optima.get(name))
    expect(r.bound).toBe(optima.get(name))
    expect(r.greedyObjective!).toBeGreaterThanOrEqual(optima.get(name)!)
  }, 120_000)
})
