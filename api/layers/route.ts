import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { sql } from 'drizzle-orm'
import { recordAudit } from '../../db/audit.ts'
import { settingNumber } from '../../db/settings.ts'
import { LAYERS, REGION_LEVELS, isRegionLevel } from '../../core/format/layers.ts'
import type { LayerName, RegionLevel } from '../../core/format/layers.ts'
import type { AppEnv } from '../env.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope, requireLayerWrite } from '../auth/actor.ts'
import type { Database } from '../../db/client.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { readJsonBody } from '../http/json.ts'
import { importLayer } from './import.ts'
import { refreshAround } from '../analysis/village_facts.ts'
import { featureCollection, inRegion, moreRowsThan, readLayer, writableIn } from './store.ts'
import { drawnFromTiles } from '../../core/tiles/tiles.ts'
import { importUpload, previewImport, readMultipart } from './upload.ts'
import { parseBbox, parseLayer, parseRegion } from '../http/params.ts'
import { normaliseJson, selectAudit } from '../audit/route.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { reply } from '../http/reply.ts'
import type { HistoryProgress, LayerCount } from '../../core/contract/layers.ts'
import type { AuditRow } from '../audit/route.ts'

export function layersRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const db = c.get('db')
      // With a region: the features of each layer in it (and in the reader's scope), and whether
      // the map draws the layer from tiles there (core/tiles/tiles.ts).
      const region = await parseRegion(db, c.req.query('region'), { province: true })
      const actor = c.get('actor')
      const where = (layer: LayerName) => {
        const conditions = [region === undefined ? null : inRegion(layer, region), readScope(actor, layer) ? inRegion(layer, readScope(actor, layer)!) : null]
          .filter((x) => x !== null)
        return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``
      }
      const counts = await db.rows<{ layer: LayerName; count: number }>(sql.join(
        LAYERS.map((layer) => sql`SELECT ${layer} AS layer, count(*)::int AS count FROM ${sql.identifier(layer)} t ${where(layer)}`),
        sql` UNION ALL `))
      const above = await settingNumber(db, 'map.tilesAboveFeatures', region)
      return reply(c, 'GET /api/layers', counts.map((r): LayerCount => ({ ...r, tiles: drawnFromTiles(r.count, above) })))
    })
    .get('/:layer', async (c) => {
      const db = c.get('db')
      const layer = parseLayer(c.req.param('layer'))
      const bbox = parseBbox(c.req.query('bbox'))
      const region = await parseRegion(db, c.req.query('region'), { province: true })
      const level = parseLevel(layer, c.req.query('level'))
      const simplifyM = parseSimplify(c.req.query('simplify'))
      const scope = readScope(c.get('actor'), layer)
      if (bbox === undefined && region === undefined) await refuseWholeLayerAboveLimit(db, layer, scope, level)
      return reply(c, 'GET /api/layers/:layer', featureCollection(await readLayer(db, layer, { bbox, region, scope, level, simplifyM })))
    })
    .get('/:layer/:code', async (c) => {
      const layer = parseLayer(c.req.param('layer'))
      return reply(c, 'GET /api/layers/:layer/:code', await readableFeature(c.get('db'), c.get('actor'), layer, c.req.param('code')))
    })
    .delete('/:layer/:code', async (c) => {
      const actor = c.get('actor')
      const layer = parseLayer(c.req.param('layer'))
      requireLayerWrite(actor, layer)
      const code = c.req.param('code')
      await c.get('db').transaction(async (tx) => {
        const before = await readableFeature(tx, actor, layer, code)
        // Only a feature that is wholly the account's (a county road across townships is the county's).
        const [mine] = actor.regionCode
          ? await tx.rows(sql`SELECT 1 FROM ${sql.identifier(layer)} t WHERE t.code = ${code} AND ${writableIn(layer, actor.regionCode)}`)
          : [{}]
        if (!mine) {
          throw new ApiError(403, 'out_of_scope', msg('errors.feature_out_of_scope', { layer, code, scope: actor.regionCode }))
        }
        await tx.rows(sql`DELETE FROM ${sql.identifier(layer)} WHERE code = ${code}`)
        await refreshAround(tx, layer, [code], [before.geometry])
        await recordAudit(tx, actor, [{ action: 'delete', entity: layer, code, before, after: null }])
      })
      return reply(c, 'DELETE /api/layers/:layer/:code', { ok: true })
    })
    .get('/:layer/:code/history', async (c) => {
      const db = c.get('db')
      const layer = parseLayer(c.req.param('layer'))
      const code = c.req.param('code')
      await readableFeature(db, c.get('actor'), layer, code)
      const changes = await db.rows<AuditRow>(sql`${selectAudit} WHERE entity = ${layer} AND code = ${code} ORDER BY id DESC LIMIT 200`)
      const progress = await db.rows<HistoryProgress>(sql`
        SELECT entry_date AS "date", status, progress_pct AS "progressPct", spent_cny AS "spentCny", note, source, created_at AS "createdAt"
        FROM project_log WHERE layer = ${layer} AND code = ${code} ORDER BY id DESC`)
      return reply(c, 'GET /api/layers/:layer/:code/history', { changes: changes.map(normaliseJson), progress })
    })
    .post('/:layer/import',
      async (c, next) => {
        const maxSize = await settingNumber(c.get('db'), 'import.maxBodyBytes')
        return bodyLimit({
          maxSize,
          onError: () => {
            throw new ApiError(413, 'body_too_large', msg('errors.import_too_large', { maxBytes: maxSize, setting: 'import.maxBodyBytes' }))
          },
        })(c, next)
      },
      async (c) => {
        const layer = parseLayer(c.req.param('layer'))
        const actor = c.get('actor')
        requireLayerWrite(actor, layer)
        const db = c.get('db')
        const preview = parsePreview(c.req.query('preview'))
        const options = { actor, scope: actor.regionCode }
        if ((c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
          const upload = await readMultipart(c, db, layer)
          return reply(c, 'POST /api/layers/:layer/import', preview
            ? await previewImport(db, layer, upload, options)
            : await importUpload(db, layer, upload, options))
        }
        const body = await readJsonBody(c)
        return reply(c, 'POST /api/layers/:layer/import', preview
          ? await previewImport(db, layer, { collection: body }, options)
          : await importLayer(db, layer, body, options))
      })
}

/**
 * A whole layer (no bbox, no region) is sent as GeoJSON only up to `layers.maxGeoJsonFeatures`
 * features: above, 413 pointing to bbox, region or the tiles, never a 20 MB answer by accident.
 */
async function refuseWholeLayerAboveLimit(db: Database, layer: LayerName, scope: string | undefined, level: RegionLevel | undefined): Promise<void> {
  const limit = await settingNumber(db, 'layers.maxGeoJsonFeatures')
  const filter = sql.join([scope ? inRegion(layer, scope) : sql`true`, level ? sql`t.level = ${level}` : sql`true`], sql` AND `)
  if (await moreRowsThan(db, layer, filter, limit)) {
    throw new ApiError(413, 'layer_too_large', msg('errors.layer_too_large', { layer, limit, setting: 'layers.maxGeoJsonFeatures' }),
      { layer, limit, parameters: ['bbox', 'region'] })
  }
}

/** `?level=county`: regions of one level only (the county outlines of a province or the country); other layers have none. */
function parseLevel(layer: LayerName, value: string | undefined): RegionLevel | undefined {
  if (value === undefined) return undefined
  if (layer !== 'regions' || !isRegionLevel(value)) {
    throw badRequest('invalid_option', msg('import.invalid_option', { option: 'level', value: value.slice(0, 40), allowed: layer === 'regions' ? [...REGION_LEVELS] : [] }),
      { parameter: 'level', layer })
  }
  return value
}

/** The most a display may simplify (10 km: a county outline at the zoom of the country). */
const MAX_SIMPLIFY_M = 10_000

/** `?simplify=500`: geometry simplified for display to at most that many metres; 0 or absent, as stored. */
function parseSimplify(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === '0') return undefined
  if (!/^\d{1,5}$/.test(value) || Number(value) > MAX_SIMPLIFY_M) {
    throw badRequest('invalid_option', msg('import.invalid_option', { option: 'simplify', value: value.slice(0, 40), allowed: [`0 … ${MAX_SIMPLIFY_M}`] }),
      { parameter: 'simplify' })
  }
  return Number(value)
}

/** `?preview=1` (or true): report, write nothing. */
function parsePreview(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw badRequest('invalid_option', msg('import.invalid_option', { option: 'preview', value: value.slice(0, 40), allowed: ['1', '0'] }), { parameter: 'preview' })
}

/** A feature the caller may read: 404 if absent, 403 if it lies outside the caller's region for a scoped layer. */
async function readableFeature(db: Database, actor: Actor, layer: LayerName, code: string) {
  const [feature] = await readLayer(db, layer, { code })
  if (!feature) throw notFound(msg('errors.no_feature', { code: code.slice(0, 64), layer }), { layer, code: code.slice(0, 64) })
  const scope = readScope(actor, layer)
  if (scope && (await readLayer(db, layer, { code, scope })).length === 0) {
    throw new ApiError(403, 'out_of_scope', msg('errors.feature_out_of_scope', { layer, code, scope }))
  }
  return feature
}
