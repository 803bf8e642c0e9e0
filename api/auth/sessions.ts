import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { Role } from '../../core/accounts/roles.ts'
import type { Actor } from './actor.ts'
import { hashSecret, newSecret } from './tokens.ts'

export const SESSION_COOKIE = 'fupin_session'
export const CSRF_COOKIE = 'fupin_csrf'
export const SESSION_HOURS = 12

interface UserRow {
  id: number
  username: string
  display_name: string | null
  role: Role
  region_code: string
  must_change_password: boolean
}

const toActor = (row: UserRow, via: Actor['via']): Actor => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  regionCode: row.region_code,
  mustChangePassword: row.must_change_password,
  via,
})

export async function createSession(db: Database, userId: number): Promise<string> {
  const { secret, hash } = newSecret()
  await db.rows(sql`
    INSERT INTO sessions (token_hash, user_id, expires_at)
    VALUES (${hash}, ${userId}, now() + make_interval(hours => ${SESSION_HOURS}))`)
  return secret
}

export type SessionLookup = { actor: Actor } | { problem: 'unknown' | 'expired' }

export async function actorFromSession(db: Database, secret: string): Promise<SessionLookup> {
  const [row] = await db.rows<UserRow & { expired: boolean }>(sql`
    SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.must_change_password,
      s.expires_at <= now() AS expired
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${hashSecret(secret)} AND NOT u.disabled`)
  if (!row) return { problem: 'unknown' }
  if (row.expired) {
    await endSession(db, secret)
    return { problem: 'expired' }
  }
  return { actor: toActor(row, 'session') }
}

export async function actorFromToken(db: Database, secret: string): Promise<Actor | null> {
  const [row] = await db.rows<UserRow & { token_id: number; stale: boolean }>(sql`
    SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.must_change_password, t.id AS token_id,
      (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
    FROM api_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = ${hashSecret(secret)} AND t.revoked_at IS NULL AND NOT u.disabled`)
  if (!row) return null
  // "Last used" to the minute: a script's every request need not be a write.
  if (row.stale) await db.rows(sql`UPDATE api_tokens SET last_used_at = now() WHERE id = ${row.token_id}`)
  return toActor(row, 'token')
}

export async function endSession(db: Database, secret: string): Promise<void> {
  await db.rows(sql`DELETE FROM sessions WHERE token_hash = ${hashSecret(secret)}`)
}
