import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import type { AppEnv } from '../env.ts'
import { readScope } from '../auth/actor.ts'
import { badRequest } from '../http/errors.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { reply } from '../http/reply.ts'
import type { SearchResult } from '../../core/contract/layers.ts'
import { inRegion } from '../layers/store.ts'

/** Find villages, regions and sites by name or code, best matches first (exact, prefix, substring). */
export function searchRoute() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const q = (c.req.query('q') ?? '').trim()
    const limitText = c.req.query('limit') ?? '10'
    const limit = Number(limitText)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw badRequest('invalid_limit', msg('errors.invalid_limit', { max: 100 }), { parameter: 'limit', value: limitText.slice(0, 20) })
    }
    if (q.length === 0) return reply(c, 'GET /api/search', [])
    if (q.length > 100) throw badRequest('invalid_query', msg('errors.invalid_query', { max: 100 }), { parameter: 'q' })
    const scope = readScope(c.get('actor'), 'villages')
    const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    const prefix = `${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    const rows = await c.get('db').rows<{
      layer: SearchResult['layer']; code: string; name: string; kind: SearchResult['kind']; township_name: string | null
      w: number; s: number; e: number; n: number; rank: number
    }>(sql`
      WITH hits AS (
        SELECT 'villages' AS layer, v.code, v.name, 'village' AS kind, t.name AS township_name, v.geom
        FROM villages v LEFT JOIN regions t ON t.code = v.township_code
        WHERE (v.name LIKE ${like} OR v.code LIKE ${prefix}) AND ${scope ? inRegion('villages', scope, 'v') : sql`true`}
        UNION ALL
        SELECT 'regions', r.code, r.name, r.level, p.name, r.geom
        FROM regions r LEFT JOIN regions p ON p.code = r.parent_code
        WHERE r.name LIKE ${like} OR r.code LIKE ${prefix}
        UNION ALL
        SELECT 'sites', s.code, s.name, 'site', t.name, s.geom
        FROM sites s LEFT JOIN regions t ON t.code = s.township_code
        WHERE s.geom IS NOT NULL AND (s.name LIKE ${like} OR s.code LIKE ${prefix}))
      SELECT layer, code, name, kind, township_name,
        ST_XMin(geom)::float8 AS w, ST_YMin(geom)::float8 AS s, ST_XMax(geom)::float8 AS e, ST_YMax(geom)::float8 AS n,
        CASE WHEN name = ${q} OR code = ${q} THEN 0 WHEN name LIKE ${prefix} OR code LIKE ${prefix} THEN 1 ELSE 2 END AS rank
      FROM hits ORDER BY rank, length(name), code LIMIT ${limit}`)
    return reply(c, 'GET /api/search', rows.map((r) => ({
      layer: r.layer, code: r.code, name: r.name, kind: r.kind,
      ...(r.township_name ? { townshipName: r.township_name } : {}),
      bbox: [r.w, r.s, r.e, r.n],
    })))
  })
}
