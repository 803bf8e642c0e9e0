import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { recordAudit } from '../../db/audit.ts'
import type { AppEnv } from '../env.ts'
import { coversRegion, requireRole } from '../auth/actor.ts'
import { newSecret } from '../auth/tokens.ts'
import { ApiError, notFound } from '../http/errors.ts'
import { bodyOf, reply } from '../http/reply.ts'
import type { ApiToken } from '../../core/contract/accounts.ts'
import { pathId } from '../http/params.ts'
import { msg } from '../../core/messages/catalogue.ts'


/** Named API tokens for scripts; the secret is shown once, at creation, and stored hashed. */
export function tokensRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      return reply(c, 'GET /api/tokens', await c.get('db').rows<ApiToken>(sql`
        SELECT t.id, t.name, u.username, t.created_at AS "createdAt", t.last_used_at AS "lastUsedAt", t.revoked_at AS "revokedAt"
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE u.region_code LIKE ${`${actor.regionCode}%`} ORDER BY t.id`))
    })
    .post('/', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      const body = await bodyOf(c, 'POST /api/tokens')
      const { secret, hash } = newSecret('fpt_')
      const created = await c.get('db').transaction(async (tx) => {
        const [user] = await tx.rows<{ id: number; username: string; region_code: string }>(sql`
          SELECT id, username, region_code FROM users WHERE id = ${body.userId ?? actor.id}`)
        if (!user) throw notFound(msg('errors.no_user', { id: String(body.userId) }), { field: 'userId' })
        if (!coversRegion(actor, user.region_code)) throw new ApiError(403, 'out_of_scope', msg('errors.user_out_of_scope', { username: user.username, region: user.region_code }))
        const [row] = await tx.rows<{ id: number }>(sql`
          INSERT INTO api_tokens (name, user_id, token_hash) VALUES (${body.name}, ${user.id}, ${hash}) RETURNING id`)
        await recordAudit(tx, actor, [{ action: 'create', entity: 'api_tokens', code: String(row.id), before: null, after: { name: body.name, username: user.username } }])
        return { id: row.id, name: body.name, username: user.username }
      })
      return reply(c, 'POST /api/tokens', { ...created, token: secret }, 201)
    })
    .delete('/:id', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      const id = pathId(c.req.param('id'))
      await c.get('db').transaction(async (tx) => {
        const [token] = id !== null ? await tx.rows<{ name: string; region_code: string; revoked: boolean }>(sql`
          SELECT t.name, u.region_code, t.revoked_at IS NOT NULL AS revoked FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ${id}`) : []
        if (!token) throw notFound(msg('errors.no_token', { id: c.req.param('id').slice(0, 20) }))
        if (!coversRegion(actor, token.region_code)) throw new ApiError(403, 'out_of_scope', msg('errors.token_out_of_scope'))
        if (token.revoked) return
        await tx.rows(sql`UPDATE api_tokens SET revoked_at = now() WHERE id = ${id}`)
        await recordAudit(tx, actor, [{ action: 'delete', entity: 'api_tokens', code: String(id), before: { name: token.name }, after: null }])
      })
      return reply(c, 'DELETE /api/tokens/:id', { ok: true })
    })
}
