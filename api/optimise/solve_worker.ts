import { parentPort, workerData } from 'node:worker_threads'
import loadHighs from 'highs'
import { highsRunner } from '../../core/siting/optimise/highs.ts'
import type { Problem } from '../../core/siting/optimise/problem.ts'
import { solve, type SolveOptions } from '../../core/siting/optimise/solve.ts'

// One optimisation, off the server's thread (HiGHS blocks the thread it runs on): the heuristic, then
// the exact model, posting progress; the server ends the thread to cancel it.

export interface WorkerInput {
  problem: Problem
  options: Pick<SolveOptions, 'method' | 'timeLimitS' | 'gapTarget'>
}

export type WorkerMessage =
  | { type: 'progress'; share: number }
  | { type: 'done'; result: Awaited<ReturnType<typeof solve>> }

const { problem, options } = workerData as WorkerInput
const port = parentPort!
let last = 0
const runner = options.method === 'heuristic' ? undefined : highsRunner(await loadHighs())
const result = await solve(problem, {
  ...options,
  runner,
  onProgress: (share) => {
    const now = Date.now()
    if (now - last < 200 && share < 1) return
    last = now
    port.postMessage({ type: 'progress', share } satisfies WorkerMessage)
  },
})
port.postMessage({ type: 'done', result } satisfies WorkerMessage)
