import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../auth/actor.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { reply } from '../http/reply.ts'
import type { AuditEntry } from '../../core/contract/audit.ts'
import { MAX_ID } from '../http/params.ts'
import { badRequest } from '../http/errors.ts'

export type AuditRow = AuditEntry

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/

export const selectAudit = sql`SELECT id, at, username, action, entity, code, before, after FROM audit_log`

/** The audit trail for admins, filtered by entity, code, user and time, newest first. */
export function auditRoute() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const actor = c.get('actor')
    requireRole(actor, 'admin')
    const q = c.req.query()
    const where: SQL[] = actor.regionCode ? [auditScope(actor.regionCode)] : []
    if (q.entity) where.push(sql`entity = ${q.entity}`)
    if (q.code) where.push(sql`code = ${q.code}`)
    if (q.user) where.push(sql`username = ${q.user}`)
    for (const [name, op] of [['from', sql`>=`], ['to', sql`<`]] as const) {
      const value = q[name]
      if (value === undefined) continue
      // ISO 8601 as PostgreSQL reads it (Date.parse takes more than that): a date, or a date and time.
      if (!ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        throw badRequest('invalid_date', msg('errors.invalid_date', { parameter: name }), { parameter: name })
      }
      where.push(sql`at ${op} ${value}::timestamptz`)
    }
    const limit = Number(q.limit ?? 100)
    const offset = Number(q.offset ?? 0)
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest('invalid_limit', msg('errors.invalid_limit', { max: 1000 }), { parameter: 'limit' })
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_ID) throw badRequest('invalid_offset', msg('errors.invalid_offset'), { parameter: 'offset' })
    const filter = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``
    const rows = await c.get('db').rows<AuditRow>(sql`${selectAudit} ${filter} ORDER BY id DESC LIMIT ${limit} OFFSET ${offset}`)
    return reply(c, 'GET /api/audit', rows.map(normaliseJson))
  })
}

/**
 * The audit rows an admin of a region may read: its villages and accounts (and the API tokens of
 * its accounts), the scenarios of its region (they list villages' assignments), settings of or
 * around its county; rows of layers readable everywhere (roads, water, sites, facilities, hazards,
 * regions) are not limited.
 */
function auditScope(region: string): SQL {
  const under = `${region}%`
  const field = (key: string) => sql`coalesce(after->>${key}, before->>${key}, '')`
  const settingScope = sql`split_part(code, '@', 2)`
  return sql`(CASE entity
    WHEN 'villages' THEN code LIKE ${under}
    WHEN 'users' THEN (before->>'regionCode' LIKE ${under} OR after->>'regionCode' LIKE ${under})
    WHEN 'api_tokens' THEN EXISTS (SELECT 1 FROM users u WHERE u.username = ${field('username')} AND u.region_code LIKE ${under})
    WHEN 'scenarios' THEN coalesce(nullif(${field('regionCode')}, ''), ${field('countyCode')}) LIKE ${under}
    WHEN 'settings' THEN (${settingScope} LIKE ${under} OR ${region} LIKE ${settingScope} || '%')
    ELSE true END)`
}

/** jsonb comes back parsed from postgres.js and as a string from some PGlite paths: parse once here. */
export function normaliseJson(row: AuditRow): AuditRow {
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)
  return { ...row, before: parse(row.before), after: parse(row.after) }
}
