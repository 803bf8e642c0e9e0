// Location–allocation benchmarks (issue 16), each against the greedy heuristic in the same run:
// 200 villages × 40 candidates, p = 8, capacitated p-median to optimality; 2,000 × 200, p = 20
// p-median with its proved gap; Beasley's OR-Library pmed1–pmed40 (time to the known optimum, or the
// gap at the time limit). Pure solver code, no database. `npm run bench optimise`; OPT_BENCH_LIMIT_S
// sets the time limit of each OR-Library instance (default 10 s), OPT_BENCH_ORLIB a range (`1-10`, or `none`);
// OPT_BENCH_BIG=none stops after the capacitated instance, OPT_BENCH_REPEAT runs it that many times.
import { cpus, totalmem } from 'node:os'
import { readFileSync } from 'node:fs'
import loadHighs from 'highs'
import { highsRunner } from '../core/siting/optimise/highs.ts'
import { greedy, mulberry32, prepare, solve, type LpRunner, type OptimiseResult, type Problem, type SolveOptions } from '../core/siting/optimise/index.ts'
import { parseOrlib, parseOrlibOptima } from '../core/siting/optimise/orlib.ts'

function randomProblem(seed: number, n: number, m: number, extra: Partial<Problem>): Problem {
  const random = mulberry32(seed)
  // Villages and candidates over a 60 km square, straight distances in metres.
  const at = () => [random() * 60_000, random() * 60_000]
  const villages = Array.from({ length: n }, at)
  const sites = Array.from({ length: m }, at)
  const distance = new Float64Array(n * m)
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) distance[i * m + j] = Math.hypot(villages[i][0] - sites[j][0], villages[i][1] - sites[j][1])
  return {
    model: 'p_median',
    origins: villages.map((_, i) => ({ id: `v${i}`, weight: 20 + Math.floor(random() * 400) })),
    candidates: sites.map((_, j) => ({ key: `c${j}`, capacity: null })),
    distance, ...extra,
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2)
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(3)} %`)

interface Row { instance: string; greedy: number; greedyS: number; heuristic: number; heuristicS: number; result: OptimiseResult; cpuS: number; known?: number }

async function measure(instance: string, problem: Problem, runner: LpRunner, timeLimitS: number, known?: number, gapTarget?: number, extra: Partial<SolveOptions> = {}): Promise<Row> {
  let t = performance.now()
  const base = greedy(prepare(problem))
  const greedyS = (performance.now() - t) / 1000
  t = performance.now()
  const heuristic = await solve(problem, { method: 'heuristic', timeLimitS })
  const heuristicS = (performance.now() - t) / 1000
  const cpu = process.cpuUsage()
  const result = await solve(problem, { runner, timeLimitS, gapTarget, ...extra })
  const used = process.cpuUsage(cpu)
  return { instance, greedy: base.objective, greedyS, heuristic: heuristic.objective!, heuristicS, result, cpuS: (used.user + used.system) / 1e6, known }
}

function line(r: Row): string {
  const x = r.result
  const reached = r.known !== undefined ? (Math.abs((x.objective ?? NaN) - r.known) < 1e-6 ? 'yes' : 'no') : ''
  const vsGreedy = x.objective !== null ? `${(((r.greedy - x.objective) / r.greedy) * 100).toFixed(2)} %` : '—'
  return `| ${r.instance} | ${r.known ?? ''} | ${r.greedy.toFixed(0)} (${r.greedyS.toFixed(2)} s) | ${r.heuristic.toFixed(0)} (${r.heuristicS.toFixed(2)} s) | ${x.objective?.toFixed(0) ?? '—'} | ${x.bound?.toFixed(1) ?? '—'} | ${pct(x.gap)} | ${x.status} | ${x.method}${x.nearestK !== null ? `, K = ${x.nearestK}` : ''} | ${x.timeS.toFixed(2)} s (CPU ${r.cpuS.toFixed(2)} s) | ${reached} | ${vsGreedy} |`
}

const HEAD = [
  '| instance | known optimum | greedy (time) | vertex substitution (time) | answer | bound | gap | status | answer from, MIP restriction | time | optimum reached | better than greedy by |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
]

export async function benchOptimise(): Promise<void> {
  const runner = highsRunner(await loadHighs())
  console.log(`\n## Location–allocation (${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version})\n`)
  console.log(HEAD.join('\n'))
  const cap = randomProblem(200, 200, 40, { model: 'capacitated_p_median', p: 8 })
  // Capacities so that 8 sites hold everyone with about 20 % to spare.
  const demand = cap.origins.reduce((s, o) => s + o.weight, 0)
  cap.candidates.forEach((c) => { (c as { capacity: number }).capacity = Math.ceil((demand * 1.2) / 8) })
  // The same instance with the bare MIP (no rounding of the relaxation, no reduced-cost fixing): the baseline of this run.
  console.log(line(await measure('200×40 p=8 capacitated, bare MIP (before)', cap, runner, 60, undefined, undefined, { reducedCostFixing: false })))
  for (let k = 0; k < Number(process.env.OPT_BENCH_REPEAT ?? 1); k++) console.log(line(await measure('200×40 p=8 capacitated', cap, runner, 60)))
  if (process.env.OPT_BENCH_BIG === 'none') return
  const big = randomProblem(2000, 2000, 200, { p: 20 })
  console.log(line(await measure('2,000×200 p=20, to a proved gap of 1 %', big, runner, 60, undefined, 0.01)))
  console.log(line(await measure('2,000×200 p=20, proof to the limit', big, runner, 60)))

  const limitS = Number(process.env.OPT_BENCH_LIMIT_S ?? 10)
  if (process.env.OPT_BENCH_ORLIB === 'none') return
  const [from, to] = (process.env.OPT_BENCH_ORLIB ?? '1-40').split('-').map(Number)
  const dir = new URL('./orlib/', import.meta.url)
  const optima = parseOrlibOptima(readFileSync(new URL('pmedopt.txt', dir), 'utf8'))
  for (let k = from; k <= to; k++) {
    const name = `pmed${k}`
    const t = performance.now()
    const problem = parseOrlib(readFileSync(new URL(`${name}.txt`, dir), 'utf8'))
    const readS = seconds(performance.now() - t)
    const row = await measure(`${name} (n=${problem.origins.length}, p=${problem.p}; read ${readS} s)`, problem, runner, limitS, optima.get(name))
    console.log(line(row))
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchOptimise()
