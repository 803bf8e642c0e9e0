import type { Context, Next } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from '../env.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { ApiError } from '../http/errors.ts'
import { publicOrigin } from '../http/origin.ts'
import { actorFromSession, actorFromToken, CSRF_COOKIE, SESSION_COOKIE } from './sessions.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Who is calling: a Bearer API token, or a session cookie. Anonymous calls get 401. Cookie calls
 * that change something must come from our own origin (or carry the CSRF cookie's value in
 * x-csrf-token); Bearer calls are exempt, since a browser never adds that header by itself.
 */
export async function authenticate(c: Context<AppEnv>, next: Next) {
  const db = c.get('db')
  const authorization = c.req.header('authorization')
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    const actor = match ? await actorFromToken(db, match[1]) : null
    if (!actor) throw new ApiError(401, 'invalid_token', msg('errors.invalid_token'))
    // An account whose password must change is stopped on its tokens too, not only in the browser.
    if (actor.mustChangePassword) throw new ApiError(403, 'password_change_required', msg('errors.password_change_required'))
    c.set('actor', actor)
    return next()
  }
  const secret = getCookie(c, SESSION_COOKIE)
  if (!secret) throw new ApiError(401, 'unauthenticated', msg('errors.unauthenticated'))
  const session = await actorFromSession(db, secret)
  if ('problem' in session) {
    throw session.problem === 'expired'
      ? new ApiError(401, 'session_expired', msg('errors.session_expired'))
      : new ApiError(401, 'unauthenticated', msg('errors.unauthenticated'))
  }
  if (!SAFE_METHODS.has(c.req.method)) checkSameOrigin(c)
  c.set('actor', session.actor)
  if (session.actor.mustChangePassword && !c.req.path.startsWith('/api/auth/')) {
    throw new ApiError(403, 'password_change_required', msg('errors.password_change_required'))
  }
  return next()
}

function checkSameOrigin(c: Context<AppEnv>): void {
  const own = publicOrigin(c, c.get('network'))
  const origin = c.req.header('origin') ?? refererOrigin(c.req.header('referer'))
  if (origin === own) return
  const token = c.req.header('x-csrf-token')
  const cookie = getCookie(c, CSRF_COOKIE)
  if (origin === undefined && token && cookie && token === cookie) return
  throw new ApiError(403, 'csrf', msg('errors.csrf'), { origin: origin ?? null })
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined
  try {
    return new URL(referer).origin
  } catch {
    return undefined
  }
}
