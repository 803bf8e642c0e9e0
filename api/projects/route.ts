import { Hono } from 'hono'
import type { Context } from 'hono'
import { msg } from '../../core/messages/catalogue.ts'
import { isProjectLayer, PROJECT_LAYERS, type ProjectLayer } from '../../core/projects/layers.ts'
import { todayInChina } from '../../core/time/china.ts'
import type { AppEnv } from '../env.ts'
import { requireLayerWrite } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { settingNumber } from '../../db/settings.ts'
import type { Database } from '../../db/client.ts'
import { MAX_ID, parseRegion } from '../http/params.ts'
import { bodyOf, reply } from '../http/reply.ts'
import { addFunding, patchProject, recordProgress, removeFunding, splitRoad } from './changes.ts'
import { listProjects, moreProjectsThan, projectDetail } from './store.ts'
import { readScope } from '../auth/actor.ts'
import { projectSummary } from './summary.ts'

// Build-out projects: the list, the rollup, one project, and its changes (progress log, properties
// and geometry, funding lines, splitting a road). Each handler parses, calls and replies.

function parseProjectLayer(value: string): ProjectLayer {
  if (!isProjectLayer(value)) throw notFound(msg('projects.no_project_layer', { layer: JSON.stringify(value.slice(0, 30)) }))
  return value
}

/** The project a write names, once the caller's role may change its layer. */
function writableProject(c: Context<AppEnv, '/:layer/:code'>) {
  const actor = c.get('actor')
  const layer = parseProjectLayer(c.req.param('layer'))
  requireLayerWrite(actor, layer)
  return { actor, layer, code: c.req.param('code') }
}

/** ?region=: a province, county, township or village code, '' for the whole instance, undefined when not given. */
async function parseRegionOrAll(c: Context<AppEnv>): Promise<string | undefined> {
  const value = c.req.query('region')
  return value === '' ? '' : parseRegion(c.get('db'), value, { province: true })
}

/**
 * The region a list reads: above the county (a province or '') the part of it within the reader's
 * region, null when they do not meet; a county or below as asked (projects are readable everywhere).
 */
async function aboveCountyScoped(c: Context<AppEnv>, region: string | undefined): Promise<string | null | undefined> {
  if (region === undefined || region.length > 2) return region
  const scope = readScope(c.get('actor'), 'villages')
  if (!scope || scope.startsWith(region)) return scope ?? region
  return region.startsWith(scope) ? region : null
}

/**
 * The projects of a province or the whole instance are listed up to `layers.maxGeoJsonFeatures` of
 * them (the limit of a whole layer): above, 413 pointing to the summary, a county or one type.
 */
async function refuseProjectsAboveLimit(db: Database, layers: readonly ProjectLayer[], region: string | undefined): Promise<void> {
  const limit = await settingNumber(db, 'layers.maxGeoJsonFeatures')
  if (await moreProjectsThan(db, layers, region, limit)) {
    throw new ApiError(413, 'projects_too_many', msg('errors.projects_too_many', { limit, setting: 'layers.maxGeoJsonFeatures' }),
      { limit, parameters: ['region', 'type'] })
  }
}

export function projectsRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const db = c.get('db')
      const region = await aboveCountyScoped(c, await parseRegionOrAll(c))
      const type = c.req.query('type')
      const layers = type === undefined ? PROJECT_LAYERS : [parseProjectLayer(type)]
      if (region === null) return reply(c, 'GET /api/projects', [])
      // Above the county a list is capped as a whole layer is (a country's projects are ~2 million rows).
      if ((region ?? '').length <= 2) await refuseProjectsAboveLimit(db, layers, region || undefined)
      return reply(c, 'GET /api/projects', await listProjects(db, layers, region || undefined, todayInChina()))
    })
    .get('/summary', async (c) => {
      const db = c.get('db')
      const actor = c.get('actor')
      const region = (await parseRegionOrAll(c)) ?? actor.regionCode
      if (region.length > 9) throw badRequest('invalid_region', msg('errors.invalid_region_level_or_above'), { parameter: 'region' })
      const type = c.req.query('type')
      if (type !== undefined && !isProjectLayer(type)) throw badRequest('invalid_type', msg('errors.invalid_type'), { parameter: 'type' })
      // Above the county the rollup keeps to the reader's region, as the exit rollups do.
      const scope = region.length <= 2 ? readScope(actor, 'villages') : undefined
      const summary = await projectSummary(db, region, type, scope)
      return reply(c, 'GET /api/projects/summary', summary)
    })
    .get('/:layer/:code', async (c) => {
      const layer = parseProjectLayer(c.req.param('layer'))
      return reply(c, 'GET /api/projects/:layer/:code', await projectDetail(c.get('db'), layer, c.req.param('code'), readScope(c.get('actor'), 'villages')))
    })
    .post('/:layer/:code/progress', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const body = await bodyOf(c, 'POST /api/projects/:layer/:code/progress')
      await recordProgress(c.get('db'), actor, layer, code, body)
      return reply(c, 'POST /api/projects/:layer/:code/progress', await projectDetail(c.get('db'), layer, code, readScope(c.get('actor'), 'villages')))
    })
    .patch('/:layer/:code', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const body = await bodyOf(c, 'PATCH /api/projects/:layer/:code')
      await patchProject(c.get('db'), actor, layer, code, body)
      return reply(c, 'PATCH /api/projects/:layer/:code', await projectDetail(c.get('db'), layer, code, readScope(c.get('actor'), 'villages')))
    })
    .post('/:layer/:code/funding', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const body = await bodyOf(c, 'POST /api/projects/:layer/:code/funding')
      await addFunding(c.get('db'), actor, layer, code, body)
      return reply(c, 'POST /api/projects/:layer/:code/funding', await projectDetail(c.get('db'), layer, code, readScope(c.get('actor'), 'villages')), 201)
    })
    .delete('/:layer/:code/funding/:id', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const version = Number(c.req.query('version'))
      if (!Number.isInteger(version) || version < 1 || version > MAX_ID) throw badRequest('invalid_version', msg('errors.invalid_version'), { parameter: 'version' })
      await removeFunding(c.get('db'), actor, layer, code, c.req.param('id'), version)
      return reply(c, 'DELETE /api/projects/:layer/:code/funding/:id', await projectDetail(c.get('db'), layer, code, readScope(c.get('actor'), 'villages')))
    })
    .post('/roads/:code/split', async (c) => {
      const actor = c.get('actor')
      requireLayerWrite(actor, 'roads')
      const code = c.req.param('code')
      const body = await bodyOf(c, 'POST /api/projects/roads/:code/split')
      const newCode = await splitRoad(c.get('db'), actor, code, body)
      const db = c.get('db')
      return reply(c, 'POST /api/projects/roads/:code/split', { parts: [await projectDetail(db, 'roads', code, readScope(c.get('actor'), 'villages')), await projectDetail(db, 'roads', newCode, readScope(c.get('actor'), 'villages'))] }, 201)
    })
}
