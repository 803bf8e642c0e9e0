import type { LayerFeature } from '../../core/contract/layers.ts'
import { Hono } from 'hono'
import type { Context } from 'hono'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { recordAudit } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import { PROJECT_STATUSES } from '../../core/format/layers.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import type { AppEnv } from '../env.ts'
import type { Actor } from '../auth/actor.ts'
import { requireLayerWrite } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { parseJson } from '../http/json.ts'
import { importLayer } from '../layers/import.ts'
import { inRegion, readLayer } from '../layers/store.ts'
import { parseRegion } from '../http/params.ts'
import { checkEntry } from '../../core/projects/lifecycle.ts'
import { todayInChina } from '../../core/time/china.ts'
import { PROJECT_LAYERS, projectSummary } from './summary.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { ProjectLayer } from './summary.ts'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const date = z.string().regex(ISO_DATE, 'a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date')

const progressBody = z.object({
  version: z.number().int().positive(),
  date,
  status: z.enum(PROJECT_STATUSES),
  progressPct: z.number().finite().min(0).max(100),
  spentCny: z.number().finite().min(0).optional(),
  note: z.string().max(2000).optional(),
  reason: z.string().max(2000).optional(),
  /** The id of an earlier entry this one corrects. */
  corrects: z.number().int().positive().optional(),
}).strict()

/** Properties changed through the log are refused here, so that the log stays the history of the state. */
const LOGGED = ['status', 'progressPct', 'spentCny', 'actualStart', 'actualEnd']

const patchBody = z.object({
  version: z.number().int().positive(),
  properties: z.record(z.string(), z.unknown()).optional(),
  geometry: z.union([z.object({ type: z.string(), coordinates: z.unknown() }).passthrough(), z.null()]).optional(),
}).strict()

/** The four sources of the exchange format are project fields; lines hold a county's own sources beside them. */
const STANDARD_SOURCES = ['state', 'sector', 'self', 'other']
const fundingBody = z.object({
  version: z.number().int().positive(),
  source: z.string().trim().min(1, 'must not be empty').max(50)
    .refine((v) => !STANDARD_SOURCES.includes(v), 'state, sector, self and other are the project fields fundingState…fundingOther'),
  amountCny: z.number().finite().min(0).max(1e12),
}).strict()

const splitBody = z.object({
  version: z.number().int().positive(),
  point: z.tuple([z.number().finite(), z.number().finite()]),
  newCode: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$/).optional(),
}).strict()

function parseProjectLayer(value: string): ProjectLayer {
  if (!(PROJECT_LAYERS as readonly string[]).includes(value)) throw notFound(msg('projects.no_project_layer', { layer: JSON.stringify(value.slice(0, 30)) }))
  return value as ProjectLayer
}

interface ProjectState {
  code: string
  version: number
  status: ProjectStatus
  progressPct: number | null
  spentCny: number | null
  budgetCny: number | null
  actualStart: string | null
  actualEnd: string | null
  inScope: boolean
}

/** The project, locked for the transaction, checked against the caller's region and the version they read. */
async function lockProject(tx: Database, actor: Actor, layer: ProjectLayer, code: string, version: number): Promise<ProjectState> {
  const scope = actor.regionCode ? inRegion(layer, actor.regionCode) : sql`true`
  const [row] = await tx.rows<ProjectState>(sql`
    SELECT t.code, t.version, t.status, t.progress_pct AS "progressPct", t.spent_cny AS "spentCny", t.budget_cny AS "budgetCny",
      t.actual_start AS "actualStart", t.actual_end AS "actualEnd", ${scope} AS "inScope"
    FROM ${sql.identifier(layer)} t WHERE t.code = ${code} FOR UPDATE`)
  if (!row) throw notFound(msg('projects.no_project', { code: code.slice(0, 64), layer }))
  if (!row.inScope) throw new ApiError(403, 'out_of_scope', msg('errors.feature_out_of_scope', { layer, code, scope: actor.regionCode }))
  if (row.version !== version) {
    const [current] = await readLayer(tx, layer, { code })
    throw new ApiError(409, 'stale_version', msg('projects.stale_project', { code, current: row.version, yours: version }),
      { current })
  }
  return row
}

async function projectDetail(db: Database, layer: ProjectLayer, code: string) {
  const [feature] = await readLayer(db, layer, { code })
  if (!feature) throw notFound(msg('projects.no_project', { code: code.slice(0, 64), layer }))
  const [meta] = await db.rows<{ version: number }>(sql`SELECT version FROM ${sql.identifier(layer)} WHERE code = ${code}`)
  const log = await db.rows(sql`
    SELECT id, entry_date AS date, status, progress_pct AS "progressPct", spent_cny AS "spentCny", note, reason, corrects,
      source, created_by AS "createdBy", created_at AS "createdAt"
    FROM project_log WHERE layer = ${layer} AND code = ${code} ORDER BY entry_date, id`)
  const funding = await db.rows(sql`SELECT id, source, amount_cny AS "amountCny" FROM funding_lines WHERE layer = ${layer} AND code = ${code} ORDER BY id`)
  return { layer, version: meta.version, feature, log, funding, serves: await serves(db, layer, feature) }
}

/** The villages a project serves: within the access distance of a road, within a water scheme's reach, or relocated to a site. */
async function serves(db: Database, layer: ProjectLayer, feature: LayerFeature) {
  const code = feature.properties!.code as string
  if (!feature.geometry && layer !== 'sites') return { rule: 'no geometry yet', villages: [], population: 0 }
  const settings = await resolveSettings(db, (feature.properties!.townshipCode as string | undefined) ?? undefined)
  const value = (key: string) => settings[key].value as number
  let rule: string
  let radius: number | null = null
  if (layer === 'roads') {
    radius = value('exit.roadAccessM')
    rule = `villages within ${radius} m of the road (exit.roadAccessM)`
  } else if (layer === 'water') {
    const line = feature.geometry!.type.includes('LineString')
    radius = line ? value('water.pipelineServiceM') : (feature.properties!.serviceRadiusM as number | undefined) ?? value('water.pointServiceRadiusM')
    rule = line ? `villages within ${radius} m of the pipeline (water.pipelineServiceM)` : `villages within the scheme's service radius, ${radius} m`
  } else {
    rule = 'villages whose relocationSiteCode is this site'
  }
  const villages = await db.rows<{ code: string; name: string; population: number; poorPopulation: number | null; distanceM: number | null }>(radius === null
    ? sql`SELECT v.code, v.name, v.population, v.poor_population AS "poorPopulation", NULL::float8 AS "distanceM"
        FROM villages v WHERE v.relocation_site_code = ${code} ORDER BY v.code`
    : sql`SELECT v.code, v.name, v.population, v.poor_population AS "poorPopulation",
          ST_Distance(v.geom::geography, t.geom::geography) AS "distanceM"
        FROM villages v, ${sql.identifier(layer)} t
        WHERE t.code = ${code} AND ST_DWithin(v.geom::geography, t.geom::geography, ${radius})
        ORDER BY "distanceM", v.code`)
  return { rule, villages, population: villages.reduce((s, v) => s + v.population, 0) }
}

/** The project a write names, once the caller's role may change its layer. */
function writableProject(c: Context<AppEnv, '/:layer/:code'>) {
  const actor = c.get('actor')
  const layer = parseProjectLayer(c.req.param('layer'))
  requireLayerWrite(actor, layer)
  return { actor, layer, code: c.req.param('code') }
}

export function projectsRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const db = c.get('db')
      const region = await parseRegion(db, c.req.query('region'))
      const typeText = c.req.query('type')
      const type = typeText === undefined ? undefined : parseProjectLayer(typeText)
      const today = todayInChina()
      const layers = type ? [type] : [...PROJECT_LAYERS]
      const rows = await db.rows(sql.join(layers.map((layer) => sql`
        SELECT ${layer}::text AS layer, t.code, t.name, t.township_code AS "townshipCode", r.name AS "townshipName", t.status,
          t.progress_pct AS "progressPct", t.planned_start AS "plannedStart", t.planned_end AS "plannedEnd",
          t.actual_start AS "actualStart", t.actual_end AS "actualEnd", t.budget_cny AS "budgetCny", t.spent_cny AS "spentCny",
          t.funding_state AS "fundingState", t.funding_sector AS "fundingSector", t.funding_self AS "fundingSelf",
          t.funding_other AS "fundingOther", t.contractor, t.version, t.geom IS NULL AS "noGeometry",
          ${layer === 'roads' ? sql`t.length_m` : sql`NULL::float8`} AS "lengthM",
          coalesce(t.planned_end < ${today}::date AND t.status NOT IN ('completed', 'accepted'), false) AS overdue
        FROM ${sql.identifier(layer)} t LEFT JOIN regions r ON r.code = t.township_code
        WHERE ${region ? inRegion(layer, region) : sql`true`}`), sql` UNION ALL `))
      return c.json(rows)
    })
    .get('/summary', async (c) => {
      const db = c.get('db')
      const actor = c.get('actor')
      const region = await parseRegion(db, c.req.query('region') ?? (actor.regionCode || undefined))
      if (!region || region.length > 9) throw badRequest('invalid_region', msg('errors.invalid_region_level'), { parameter: 'region' })
      const typeText = c.req.query('type')
      const type = typeText === undefined ? undefined : (PROJECT_LAYERS as readonly string[]).includes(typeText) ? typeText as ProjectLayer : null
      if (type === null) throw badRequest('invalid_type', msg('errors.invalid_type'), { parameter: 'type' })
      return c.json(await projectSummary(db, region.slice(0, 6), region.length === 9 ? region : undefined, type))
    })
    .get('/:layer/:code', async (c) => {
      const layer = parseProjectLayer(c.req.param('layer'))
      return c.json(await projectDetail(c.get('db'), layer, c.req.param('code')))
    })
    .post('/:layer/:code/progress', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const body = await parseJson(c, progressBody)
      const db = c.get('db')
      await db.transaction(async (tx) => {
        const current = await lockProject(tx, actor, layer, code, body.version)
        const checked = checkEntry(current, body, todayInChina())
        if (!checked.ok) throw badRequest('invalid_progress', checked.problem.msg, { field: checked.problem.field })
        if (body.spentCny !== undefined && current.budgetCny !== null && body.spentCny > current.budgetCny) {
          throw badRequest('invalid_progress', msg('projects.spent_above_budget', { spentCny: body.spentCny, budgetCny: current.budgetCny }), { field: 'spentCny' })
        }
        if (body.corrects !== undefined) {
          const [earlier] = await tx.rows(sql`SELECT 1 FROM project_log WHERE id = ${body.corrects} AND layer = ${layer} AND code = ${code}`)
          if (!earlier) throw badRequest('invalid_progress', msg('projects.no_entry_to_correct', { id: body.corrects }), { field: 'corrects' })
        }
        const [before] = await readLayer(tx, layer, { code })
        const spent = body.spentCny ?? current.spentCny
        await tx.rows(sql`
          INSERT INTO project_log (layer, code, entry_date, status, progress_pct, spent_cny, note, reason, corrects, source, created_by)
          VALUES (${layer}, ${code}, ${body.date}, ${body.status}, ${body.progressPct}, ${spent}, ${body.note ?? null},
            ${body.reason ?? null}, ${body.corrects ?? null}, 'manual', ${actor.username})`)
        // The project's state is the projection of its latest entry.
        await tx.rows(sql`
          UPDATE ${sql.identifier(layer)} SET status = ${body.status}, progress_pct = ${body.progressPct}, spent_cny = ${spent},
            actual_start = ${checked.dates.actualStart}, actual_end = ${checked.dates.actualEnd}, version = version + 1, updated_at = now()
          WHERE code = ${code}`)
        const [after] = await readLayer(tx, layer, { code })
        await recordAudit(tx, actor, [{ action: 'update', entity: layer, code, before, after }])
      })
      return c.json(await projectDetail(db, layer, code))
    })
    .patch('/:layer/:code', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const body = await parseJson(c, patchBody)
      const changed = Object.keys(body.properties ?? {})
      const logged = changed.filter((p) => LOGGED.includes(p))
      if (logged.length) {
        throw badRequest('use_progress_log', msg('projects.use_progress_log', { properties: logged }), { field: `properties.${logged[0]}` })
      }
      if (changed.includes('code')) throw badRequest('invalid_body', msg('projects.code_fixed'), { field: 'properties.code' })
      const db = c.get('db')
      await db.transaction(async (tx) => {
        await lockProject(tx, actor, layer, code, body.version)
        const [current] = await readLayer(tx, layer, { code })
        const properties: Record<string, unknown> = { ...current.properties, ...body.properties }
        for (const [key, value] of Object.entries(properties)) if (value === null) delete properties[key]
        const geometry = body.geometry === undefined ? current.geometry : body.geometry
        // A new line gets its length recomputed on the server (geodesic).
        if (body.geometry !== undefined && layer === 'roads') delete properties.lengthM
        await importLayer(tx, layer, { type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] },
          { actor, scope: actor.regionCode })
      })
      return c.json(await projectDetail(db, layer, code))
    })
    .post('/:layer/:code/funding', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const body = await parseJson(c, fundingBody)
      const db = c.get('db')
      await db.transaction(async (tx) => {
        await lockProject(tx, actor, layer, code, body.version)
        const before = await tx.rows(sql`SELECT source, amount_cny AS "amountCny" FROM funding_lines WHERE layer = ${layer} AND code = ${code} ORDER BY id`)
        await tx.rows(sql`INSERT INTO funding_lines (layer, code, source, amount_cny) VALUES (${layer}, ${code}, ${body.source}, ${body.amountCny})`)
        await tx.rows(sql`UPDATE ${sql.identifier(layer)} SET version = version + 1, updated_at = now() WHERE code = ${code}`)
        await recordAudit(tx, actor, [{ action: 'update', entity: layer, code, before: { fundingLines: before },
          after: { fundingLines: [...before, { source: body.source, amountCny: body.amountCny }] } }])
      })
      return c.json(await projectDetail(db, layer, code), 201)
    })
    .delete('/:layer/:code/funding/:id', async (c) => {
      const { actor, layer, code } = writableProject(c)
      const version = Number(c.req.query('version'))
      if (!Number.isInteger(version) || version < 1) throw badRequest('invalid_version', msg('errors.invalid_version'), { parameter: 'version' })
      const db = c.get('db')
      await db.transaction(async (tx) => {
        await lockProject(tx, actor, layer, code, version)
        const [line] = await tx.rows<{ source: string; amountCny: number }>(sql`
          DELETE FROM funding_lines WHERE id = ${Number(c.req.param('id')) || 0} AND layer = ${layer} AND code = ${code}
          RETURNING source, amount_cny AS "amountCny"`)
        if (!line) throw notFound(msg('projects.no_funding_line', { id: c.req.param('id').slice(0, 20), code }))
        await tx.rows(sql`UPDATE ${sql.identifier(layer)} SET version = version + 1, updated_at = now() WHERE code = ${code}`)
        await recordAudit(tx, actor, [{ action: 'update', entity: layer, code, before: { fundingLine: line }, after: { fundingLine: null } }])
      })
      return c.json(await projectDetail(db, layer, code))
    })
    .post('/roads/:code/split', async (c) => {
      const actor = c.get('actor')
      requireLayerWrite(actor, 'roads')
      const code = c.req.param('code')
      const body = await parseJson(c, splitBody)
      const db = c.get('db')
      const newCode = body.newCode ?? `${code}-B`
      await db.transaction(async (tx) => {
        await lockProject(tx, actor, 'roads', code, body.version)
        const [taken] = await tx.rows(sql`SELECT 1 FROM roads WHERE code = ${newCode}`)
        if (taken) throw new ApiError(409, 'code_taken', msg('projects.code_taken', { code: newCode }), { field: 'newCode' })
        const [parts] = await tx.rows<{ a: string | null; b: string | null; single: boolean; offsetM: number }>(sql`
          WITH r AS (SELECT ST_LineMerge(geom) AS line FROM roads WHERE code = ${code}),
          p AS (SELECT ST_SetSRID(ST_MakePoint(${body.point[0]}, ${body.point[1]}), 4326) AS pt),
          f AS (SELECT r.line, ST_LineLocatePoint(r.line, p.pt) AS at, ST_Distance(ST_ClosestPoint(r.line, p.pt)::geography, p.pt::geography) AS off
                FROM r, p WHERE GeometryType(r.line) = 'LINESTRING')
          SELECT ST_AsGeoJSON(ST_LineSubstring(line, 0, at), 7) AS a, ST_AsGeoJSON(ST_LineSubstring(line, at, 1), 7) AS b,
            true AS single, off AS "offsetM"
          FROM f WHERE at > 0 AND at < 1`)
        if (!parts) throw badRequest('invalid_split', msg('projects.split_not_along'), { field: 'point' })
        if (parts.offsetM > 50) throw badRequest('invalid_split', msg('projects.split_off_road', { offsetM: parts.offsetM }), { field: 'point' })
        const [current] = await readLayer(tx, 'roads', { code })
        const props = { ...current.properties }
        delete props.lengthM
        await importLayer(tx, 'roads', {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: props, geometry: JSON.parse(parts.a!) },
            { type: 'Feature', properties: { ...props, code: newCode }, geometry: JSON.parse(parts.b!) },
          ],
        }, { actor, scope: actor.regionCode })
      })
      return c.json({ parts: [await projectDetail(db, 'roads', code), await projectDetail(db, 'roads', newCode)] }, 201)
    })
}
