import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { recordAudit } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import { ROLES } from '../../core/accounts/roles.ts'
import type { AppEnv } from '../env.ts'
import type { Actor } from '../auth/actor.ts'
import { coversRegion, requireRole } from '../auth/actor.ts'
import { hashPassword, passwordProblem } from '../auth/passwords.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { bodyOf, reply } from '../http/reply.ts'
import type { UserAccount } from '../../core/contract/accounts.ts'
import { pathId } from '../http/params.ts'
import { databaseRefusal } from '../http/database_errors.ts'
import { msg } from '../../core/messages/catalogue.ts'

type UserView = UserAccount

const selectUsers = sql`
  SELECT id, username, display_name AS "displayName", role, region_code AS "regionCode", disabled,
    must_change_password AS "mustChangePassword", created_at AS "createdAt" FROM users`

/** Accounts, for admins, limited to accounts inside the admin's own region. */
export function usersRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      const rows = await c.get('db').rows<UserView>(sql`${selectUsers} WHERE region_code LIKE ${`${actor.regionCode}%`} ORDER BY username`)
      return reply(c, 'GET /api/users', rows)
    })
    .post('/', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      const body = await bodyOf(c, 'POST /api/users')
      const db = c.get('db')
      const problem = passwordProblem(body.password)
      if (problem) throw badRequest('weak_password', problem, { field: 'password' })
      await checkRegion(db, actor, body.regionCode)
      const hash = await hashPassword(body.password)
      const user = await db.transaction(async (tx) => {
        const [taken] = await tx.rows(sql`SELECT 1 FROM users WHERE lower(username) = lower(${body.username})`)
        if (taken) throw new ApiError(409, 'username_taken', msg('errors.username_taken', { username: body.username }), { field: 'username' })
        // Two requests for one name at once: the unique index decides, and the loser hears 409.
        // The admin chose the password and hands it over: its owner changes it at first sign-in.
        const [row] = await tx.rows<{ id: number }>(sql`
          INSERT INTO users (username, display_name, password_hash, role, region_code, must_change_password)
          VALUES (${body.username}, ${body.displayName ?? null}, ${hash}, ${body.role}, ${body.regionCode}, true) RETURNING id`)
          .catch((error: unknown) => {
            if (databaseRefusal(error)?.status === 409) {
              throw new ApiError(409, 'username_taken', msg('errors.username_taken', { username: body.username }), { field: 'username' })
            }
            throw error
          })
        const [view] = await tx.rows<UserView>(sql`${selectUsers} WHERE id = ${row.id}`)
        await recordAudit(tx, actor, [{ action: 'create', entity: 'users', code: body.username, before: null, after: auditView(view) }])
        return view
      })
      return reply(c, 'POST /api/users', user, 201)
    })
    .patch('/:id', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      const body = await bodyOf(c, 'PATCH /api/users/:id')
      const db = c.get('db')
      if (body.regionCode !== undefined) await checkRegion(db, actor, body.regionCode)
      if (body.password !== undefined) {
        const problem = passwordProblem(body.password)
        if (problem) throw badRequest('weak_password', problem, { field: 'password' })
      }
      const hash = body.password !== undefined ? await hashPassword(body.password) : null
      const user = await db.transaction(async (tx) => {
        const before = await managedUser(tx, actor, c.req.param('id'))
        const after = { ...before, ...body }
        await keepAnAdmin(tx, before, after)
        await tx.rows(sql`
          UPDATE users SET role = ${after.role}, region_code = ${after.regionCode}, disabled = ${after.disabled},
            display_name = ${after.displayName}, password_hash = coalesce(${hash}, password_hash),
            must_change_password = CASE WHEN ${hash}::text IS NULL THEN must_change_password ELSE true END
          WHERE id = ${before.id}`)
        if (after.disabled || hash) await tx.rows(sql`DELETE FROM sessions WHERE user_id = ${before.id}`)
        const [view] = await tx.rows<UserView>(sql`${selectUsers} WHERE id = ${before.id}`)
        await recordAudit(tx, actor, [{
          action: 'update', entity: 'users', code: before.username,
          before: auditView(before), after: { ...auditView(view), ...(hash ? { password: 'reset' } : {}) },
        }])
        return view
      })
      return reply(c, 'PATCH /api/users/:id', user)
    })
    .delete('/:id', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      await c.get('db').transaction(async (tx) => {
        const before = await managedUser(tx, actor, c.req.param('id'))
        await keepAnAdmin(tx, before, null)
        await tx.rows(sql`DELETE FROM users WHERE id = ${before.id}`)
        await recordAudit(tx, actor, [{ action: 'delete', entity: 'users', code: before.username, before: auditView(before), after: null }])
      })
      return reply(c, 'DELETE /api/users/:id', { ok: true })
    })
}

const auditView = (u: UserView) => ({
  username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode, disabled: u.disabled,
})

async function managedUser(tx: Database, actor: Actor, idText: string): Promise<UserView> {
  const id = pathId(idText)
  if (id === null) throw notFound(msg('errors.no_user', { id: idText.slice(0, 20) }))
  const [user] = await tx.rows<UserView>(sql`${selectUsers} WHERE id = ${id}`)
  if (!user) throw notFound(msg('errors.no_user', { id: String(id) }))
  if (!coversRegion(actor, user.regionCode)) {
    throw new ApiError(403, 'out_of_scope', msg('errors.user_out_of_scope', { username: user.username, region: user.regionCode }))
  }
  return user
}

/** An enabled admin over the whole instance: the instance always keeps one. */
const isInstanceAdmin = (u: Pick<UserView, 'role' | 'disabled' | 'regionCode'>) => u.role === 'admin' && !u.disabled && u.regionCode === ''

/**
 * Refuse a change that leaves no enabled instance-wide admin (a county admin cannot manage the
 * accounts of other counties, nor the instance). The instance admins are locked first, so that two
 * admins demoting each other at once cannot both pass.
 */
async function keepAnAdmin(tx: Database, before: UserView, after: Pick<UserView, 'role' | 'disabled' | 'regionCode'> | null): Promise<void> {
  if (!isInstanceAdmin(before) || (after && isInstanceAdmin(after))) return
  const admins = await tx.rows<{ id: number }>(sql`
    SELECT id FROM users WHERE role = 'admin' AND NOT disabled AND region_code = '' ORDER BY id FOR UPDATE`)
  if (!admins.some((a) => a.id !== before.id)) throw new ApiError(409, 'last_admin', msg('errors.last_admin'))
}

async function checkRegion(db: Database, actor: Actor, code: string): Promise<void> {
  if (!coversRegion(actor, code)) {
    throw new ApiError(403, 'out_of_scope', msg('errors.region_out_of_scope', { region: code, scope: actor.regionCode }), { field: 'regionCode' })
  }
  if (code === '') return
  const [found] = await db.rows(sql`SELECT 1 FROM regions WHERE code = ${code} AND level IN ('county', 'township')`)
  if (!found) throw badRequest('unknown_region', msg('errors.unknown_account_region', { region: code }), { field: 'regionCode' })
}
