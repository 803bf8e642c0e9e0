import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { recordAudit } from '../../db/audit.ts'
import type { AppEnv } from '../env.ts'
import type { Role } from '../../core/accounts/roles.ts'
import { WRITABLE_LAYERS } from '../../core/accounts/roles.ts'
import { authenticate } from './middleware.ts'
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { actorFromSession, createSession, CSRF_COOKIE, endSession, SESSION_COOKIE, SESSION_HOURS } from './sessions.ts'
import { LoginThrottle } from './throttle.ts'
import { hashSecret, newSecret } from './tokens.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { bodyOf, reply } from '../http/reply.ts'
import type { SessionUser } from '../../core/contract/accounts.ts'
import { clientAddress, isSecure } from '../http/origin.ts'
import { ApiError, badRequest } from '../http/errors.ts'

const WINDOW_MS = 15 * 60 * 1000


export function authRoute() {
  // Per process, within 15 minutes: 5 free failures for an account from one address, 20 from one
  // address for any accounts, 100 for one account from anywhere; then a growing wait (429).
  const byAccountHere = new LoginThrottle(5, WINDOW_MS)
  const byAddress = new LoginThrottle(20, WINDOW_MS)
  const byAccount = new LoginThrottle(100, WINDOW_MS)

  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { username, password } = await bodyOf(c, 'POST /api/auth/login')
      const address = clientAddress(c, c.get('network'))
      const userKey = username.toLowerCase()
      const here = `${userKey}|${address}`
      const wait = Math.max(byAccountHere.retryAfter(here), byAddress.retryAfter(address), byAccount.retryAfter(userKey))
      if (wait > 0) {
        c.header('Retry-After', String(wait))
        throw new ApiError(429, 'too_many_attempts', msg('errors.too_many_attempts', { wait }), { retryAfter: wait })
      }
      const db = c.get('db')
      const [user] = await db.rows<{ id: number; password_hash: string }>(sql`
        SELECT id, password_hash FROM users WHERE lower(username) = ${userKey} AND NOT disabled`)
      if (!(await verifyPassword(user?.password_hash ?? null, password))) {
        byAccountHere.fail(here)
        byAddress.fail(address)
        byAccount.fail(userKey)
        throw new ApiError(401, 'invalid_credentials', msg('errors.invalid_credentials'))
      }
      byAccountHere.clear(here)
      const secret = await createSession(db, user.id)
      const secure = isSecure(c, c.get('network'))
      const maxAge = SESSION_HOURS * 3600
      setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge })
      setCookie(c, CSRF_COOKIE, newSecret().secret, { httpOnly: false, sameSite: 'Strict', secure, path: '/', maxAge })
      return reply(c, 'POST /api/auth/login', await me(db, user.id))
    })
    .post('/logout', async (c) => {
      const secret = getCookie(c, SESSION_COOKIE)
      if (secret) await endSession(c.get('db'), secret)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      deleteCookie(c, CSRF_COOKIE, { path: '/' })
      return reply(c, 'POST /api/auth/logout', { ok: true })
    })
    .get('/me', authenticate, async (c) => reply(c, 'GET /api/auth/me', await me(c.get('db'), c.get('actor').id)))
    // The page's first question: answered without a 401 whatever the cookie, so that a login screen
    // starts with nothing refused (GET /api/auth/me stays the strict form, for scripts).
    .get('/session', async (c) => {
      const db = c.get('db')
      const secret = getCookie(c, SESSION_COOKIE)
      const session = secret ? await actorFromSession(db, secret) : null
      if (!session || 'problem' in session) return reply(c, 'GET /api/auth/session', { user: null })
      return reply(c, 'GET /api/auth/session', { user: await me(db, session.actor.id) })
    })
    .post('/password', authenticate, async (c) => {
      const actor = c.get('actor')
      const { currentPassword, newPassword } = await bodyOf(c, 'POST /api/auth/password')
      const problem = passwordProblem(newPassword)
      if (problem) throw badRequest('weak_password', problem, { field: 'newPassword' })
      const db = c.get('db')
      const [user] = await db.rows<{ password_hash: string }>(sql`SELECT password_hash FROM users WHERE id = ${actor.id}`)
      if (!(await verifyPassword(user.password_hash, currentPassword))) {
        throw badRequest('wrong_password', msg('errors.wrong_password'), { field: 'currentPassword' })
      }
      const hash = await hashPassword(newPassword)
      const current = getCookie(c, SESSION_COOKIE)
      await db.transaction(async (tx) => {
        await tx.rows(sql`UPDATE users SET password_hash = ${hash}, must_change_password = false WHERE id = ${actor.id}`)
        // Other sessions of this user end: whoever knew the old password is logged out.
        await tx.rows(sql`DELETE FROM sessions WHERE user_id = ${actor.id} AND token_hash <> ${current ? hashSecret(current) : ''}`)
        await recordAudit(tx, actor, [{ action: 'update', entity: 'users', code: actor.username, before: { password: '***' }, after: { password: 'changed' } }])
      })
      return reply(c, 'POST /api/auth/password', await me(db, actor.id))
    })
}

async function me(db: AppEnv['Variables']['db'], id: number): Promise<SessionUser> {
  const [row] = await db.rows<{ id: number; username: string; display_name: string | null; role: string; region_code: string; must_change_password: boolean; region_name: string | null }>(sql`
    SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.must_change_password, r.name AS region_name
    FROM users u LEFT JOIN regions r ON r.code = u.region_code WHERE u.id = ${id}`)
  const role = row.role as Role
  return {
    id: row.id, username: row.username, displayName: row.display_name, role,
    regionCode: row.region_code, regionName: row.region_name, mustChangePassword: row.must_change_password,
    // What the web app may offer; the server checks every request regardless.
    permissions: {
      writableLayers: WRITABLE_LAYERS[role],
      manageUsers: role === 'admin',
      editSettings: role === 'admin',
      viewAudit: role === 'admin',
    },
  }
}


