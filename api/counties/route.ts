import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import { reply } from '../http/reply.ts'
import type { AppEnv } from '../env.ts'

export function countiesRoute() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const rows = await c.get('db').rows<{ code: string; name: string; w: number; s: number; e: number; n: number }>(sql`
      SELECT code, name, ST_XMin(geom)::float8 AS w, ST_YMin(geom)::float8 AS s, ST_XMax(geom)::float8 AS e, ST_YMax(geom)::float8 AS n
      FROM regions WHERE level = 'county' ORDER BY code`)
    return reply(c, 'GET /api/counties', rows.map((r) => ({ code: r.code, name: r.name, bbox: [r.w, r.s, r.e, r.n] })))
  })
}
