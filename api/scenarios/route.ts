import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope, requireLayerWrite, requireRole } from '../auth/actor.ts'
import { badRequest } from '../http/errors.ts'
import { bodyOf, reply } from '../http/reply.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { ScenarioContent } from './body.ts'
import { scenarioExport } from './export.ts'
import { promoteCandidate } from './promote.ts'
import { listScenarios, visibleScenario, writableScenario } from './store.ts'
import { compareScenarios, detailOf } from './summary.ts'
import { createScenario, deleteScenario, duplicateScenario, updateScenario } from './write.ts'

// Planners' scenarios (core/contract/scenarios.ts): anyone in the region reads them, planners and
// admins change them.

function requirePlanner(actor: Actor) {
  requireRole(actor, 'planner', 'admin')
}

export function scenariosRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const county = c.req.query('county')
      if (county !== undefined && !/^\d{6}$/.test(county)) throw badRequest('invalid_region', msg('errors.invalid_county'), { parameter: 'county' })
      return reply(c, 'GET /api/scenarios', await listScenarios(c.get('db'), c.get('actor'), county))
    })
    .get('/compare', async (c) => {
      const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean)
      if (ids.length < 2 || ids.length > 5) throw badRequest('invalid_ids', msg('errors.invalid_ids'), { parameter: 'ids' })
      return reply(c, 'GET /api/scenarios/compare', await compareScenarios(c.get('db'), c.get('actor'), ids))
    })
    .post('/', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const body = await bodyOf(c, 'POST /api/scenarios') as ScenarioContent & { countyCode: string }
      const db = c.get('db')
      const id = await createScenario(db, actor, body)
      return reply(c, 'POST /api/scenarios', await detailOf(db, id, readScope(actor, 'villages')), 201)
    })
    .get('/:id', async (c) => {
      const db = c.get('db')
      const row = await visibleScenario(db, c.get('actor'), c.req.param('id'))
      return reply(c, 'GET /api/scenarios/:id', await detailOf(db, row.id, readScope(c.get('actor'), 'villages')))
    })
    .put('/:id', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const db = c.get('db')
      const row = await writableScenario(db, actor, c.req.param('id'))
      const body = await bodyOf(c, 'PUT /api/scenarios/:id') as ScenarioContent & { version: number }
      await updateScenario(db, actor, row, body)
      return reply(c, 'PUT /api/scenarios/:id', await detailOf(db, row.id, readScope(actor, 'villages')))
    })
    .post('/:id/duplicate', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const db = c.get('db')
      const row = await visibleScenario(db, actor, c.req.param('id'))
      const { name } = await bodyOf(c, 'POST /api/scenarios/:id/duplicate')
      const id = await duplicateScenario(db, actor, row, name)
      return reply(c, 'POST /api/scenarios/:id/duplicate', await detailOf(db, id, readScope(actor, 'villages')), 201)
    })
    .delete('/:id', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const db = c.get('db')
      await deleteScenario(db, actor, await writableScenario(db, actor, c.req.param('id')))
      return reply(c, 'DELETE /api/scenarios/:id', { ok: true })
    })
    .post('/:id/sites/:key/promote', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      requireLayerWrite(actor, 'sites')
      const db = c.get('db')
      const row = await writableScenario(db, actor, c.req.param('id'))
      return reply(c, 'POST /api/scenarios/:id/sites/:key/promote', await promoteCandidate(db, actor, row, c.req.param('key')), 201)
    })
    .get('/:id/export', async (c) => {
      const db = c.get('db')
      const row = await visibleScenario(db, c.get('actor'), c.req.param('id'))
      const collection = await scenarioExport(db, row.id, readScope(c.get('actor'), 'villages'))
      c.header('Content-Disposition', `attachment; filename="scenario-${row.id}.geojson"`)
      return reply(c, 'GET /api/scenarios/:id/export', collection)
    })
}
