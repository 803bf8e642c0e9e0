import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../auth/actor.ts'
import { ApiError, badRequest } from '../http/errors.ts'
import { bodyOf, reply } from '../http/reply.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { OptimiseInputError, prepare } from '../../core/siting/optimise/prepare.ts'
import { cancelJob, jobOf, jobView, MAX_RUNNING, runningJobs, startJob } from './jobs.ts'
import { gatherProblem } from './problem.ts'

// Location–allocation (core/contract/optimise.ts): planners and admins run it; a small instance is
// answered at once, a larger one becomes a job its owner reads and may cancel.

export function optimiseRoute() {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'planner', 'admin')
      const body = await bodyOf(c, 'POST /api/optimise')
      const gathered = await gatherProblem(c.get('db'), actor, body)
      try {
        prepare(gathered.problem)
      } catch (error) {
        if (error instanceof OptimiseInputError) throw badRequest(error.msg.code.replace('optimise.', ''), error.msg as Message, { field: error.field })
        throw error
      }
      if (runningJobs() >= MAX_RUNNING) throw new ApiError(409, 'too_many_jobs', msg('optimise.too_many_jobs', { count: MAX_RUNNING }))
      const job = startJob(actor.id, { problem: gathered.problem, options: { method: body.method, timeLimitS: gathered.timeLimitS, gapTarget: body.gapTarget } }, gathered.answer)
      if (!body.job && gathered.pairs <= gathered.syncMaxPairs) {
        await job.done
        if (job.state === 'done') return reply(c, 'POST /api/optimise', job.result!)
        if (job.state === 'failed') throw new Error(`optimisation failed: ${JSON.stringify(job.error)}`)
        return reply(c, 'POST /api/optimise', jobView(job))
      }
      return reply(c, 'POST /api/optimise', jobView(job), 202)
    })
    .get('/:id', (c) => {
      const job = jobOf(c.get('actor').id, c.req.param('id'))
      if (!job) throw new ApiError(404, 'not_found', msg('optimise.job_not_found', { id: c.req.param('id') }))
      return reply(c, 'GET /api/optimise/:id', jobView(job))
    })
    .delete('/:id', (c) => {
      const job = jobOf(c.get('actor').id, c.req.param('id'))
      if (!job) throw new ApiError(404, 'not_found', msg('optimise.job_not_found', { id: c.req.param('id') }))
      cancelJob(job)
      return reply(c, 'DELETE /api/optimise/:id', jobView(job))
    })
}
