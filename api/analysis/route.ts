import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { readScope } from '../auth/actor.ts'
import { bodyOf, reply } from '../http/reply.ts'
import { coverageAnswer } from './coverage.ts'
import { nearestAnswer } from './nearest.ts'
import { analysisQuery, parseDistance } from './request.ts'
import { evaluateSite, siteRequest } from './site.ts'

// Nearest, coverage and the evaluation of a candidate site (core/contract/analysis.ts).
export function analysisRoute() {
  return new Hono<AppEnv>()
    .get('/nearest', async (c) => {
      const db = c.get('db')
      const query = await analysisQuery(db, c.get('actor'), c.req.query(), { province: true })
      return reply(c, 'GET /api/analysis/nearest', await nearestAnswer(db, query))
    })
    .get('/coverage', async (c) => {
      const db = c.get('db')
      // A province too: its villages from the facts, by township, as the whole instance is.
      const query = await analysisQuery(db, c.get('actor'), c.req.query(), { province: true })
      const withinM = parseDistance(c.req.query('withinM'), 'withinM')
      return reply(c, 'GET /api/analysis/coverage', await coverageAnswer(db, query, withinM))
    })
    .post('/site', async (c) => {
      const request = siteRequest(await bodyOf(c, 'POST /api/analysis/site'))
      const evaluation = await evaluateSite(c.get('db'), request, { villageScope: readScope(c.get('actor'), 'villages') })
      return reply(c, 'POST /api/analysis/site', evaluation)
    })
}
