import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { OptimiseAnswer, OptimiseJob, OptimiseJobState } from '../../core/contract/optimise.ts'
import type { OptimiseResult } from '../../core/siting/optimise/solve.ts'
import type { WorkerInput, WorkerMessage } from './solve_worker.ts'

// Optimisation jobs: in memory, keyed by a random id, owned by the account that started them (no
// other account sees one). Each runs in a worker thread so the server stays responsive; cancelling
// ends the thread. Finished jobs are kept for an hour.

interface Job {
  id: string
  owner: number
  state: OptimiseJobState
  progress: number
  result: OptimiseAnswer | null
  error: OptimiseJob['error']
  worker: Worker | null
  finishedAt: number | null
  done: Promise<void>
}

const jobs = new Map<string, Job>()
const KEEP_MS = 60 * 60 * 1000
/** Jobs running at once on the instance (each takes a core while it runs). */
export const MAX_RUNNING = 4

/** worker.mjs beside this file in the sources; the server may run from a bundle elsewhere. */
function workerFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let k = 0; k < 8; k++) {
    for (const candidate of [join(dir, 'worker.mjs'), join(dir, 'api', 'optimise', 'worker.mjs')]) if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  throw new Error('api/optimise/worker.mjs not found')
}

export function runningJobs(): number {
  return [...jobs.values()].filter((j) => j.state === 'running').length
}

export function startJob(owner: number, input: WorkerInput, answer: (result: OptimiseResult) => OptimiseAnswer): Job {
  sweep()
  const worker = new Worker(workerFile(), { workerData: input })
  let settle!: () => void
  const job: Job = {
    id: randomUUID(), owner, state: 'running', progress: 0, result: null, error: null, worker, finishedAt: null,
    done: new Promise<void>((resolve) => { settle = resolve }),
  }
  const finish = (state: OptimiseJobState) => {
    if (job.state !== 'running') return
    job.state = state
    job.finishedAt = Date.now()
    job.worker = null
    settle()
  }
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'progress') job.progress = Math.max(job.progress, Math.min(0.99, message.share))
    else {
      job.result = answer(message.result)
      job.progress = 1
      finish('done')
      void worker.terminate()
    }
  })
  worker.on('error', (error) => {
    job.error = { code: 'optimise.job_failed', params: { reason: error.message } }
    finish('failed')
  })
  worker.on('exit', () => {
    if (job.state === 'running') {
      job.error = { code: 'optimise.job_failed', params: { reason: 'worker stopped' } }
      finish('failed')
    }
  })
  jobs.set(job.id, job)
  return job
}

export function jobOf(owner: number, id: string): Job | undefined {
  const job = jobs.get(id)
  return job && job.owner === owner ? job : undefined
}

export function cancelJob(job: Job): void {
  if (job.state !== 'running') return
  const worker = job.worker
  job.state = 'cancelled'
  job.finishedAt = Date.now()
  job.worker = null
  void worker?.terminate()
}

export function jobView(job: Job): OptimiseJob {
  return { id: job.id, state: job.state, progress: job.progress, result: job.result, error: job.error }
}

function sweep(): void {
  const now = Date.now()
  for (const [id, job] of jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_MS) jobs.delete(id)
}
