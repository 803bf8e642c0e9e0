import { sql } from 'drizzle-orm'
import { recordAudit } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import { generatePassword, hashPassword, passwordProblem } from './passwords.ts'

const SYSTEM = { id: null, username: 'system:bootstrap' }

/**
 * The first admin: from ADMIN_USER / ADMIN_PASSWORD when both are set (created if missing, its
 * password reset to the given one otherwise); with neither and no account at all, a local `admin`
 * with a one-time password that is printed and must be changed at first login.
 */
export async function ensureAdmin(db: Database, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<void> {
  const username = env.ADMIN_USER
  const password = env.ADMIN_PASSWORD
  if (username || password) {
    if (!username || !password) throw new Error('Set both ADMIN_USER and ADMIN_PASSWORD, or neither.')
    const problem = passwordProblem(password)
    if (problem) throw new Error(`ADMIN_PASSWORD: ${problem}`)
    const hash = await hashPassword(password)
    await db.transaction(async (tx) => {
      const [existing] = await tx.rows<{ id: number }>(sql`SELECT id FROM users WHERE lower(username) = lower(${username})`)
      if (existing) {
        await tx.rows(sql`UPDATE users SET password_hash = ${hash}, role = 'admin', disabled = false WHERE id = ${existing.id}`)
      } else {
        await tx.rows(sql`INSERT INTO users (username, password_hash, role, region_code) VALUES (${username}, ${hash}, 'admin', '')`)
        await recordAudit(tx, SYSTEM, [{ action: 'create', entity: 'users', code: username, before: null, after: { username, role: 'admin', regionCode: '' } }])
      }
    })
    log(`admin account ${username} ready (from ADMIN_USER / ADMIN_PASSWORD)`)
    return
  }
  const [{ n }] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`)
  if (n > 0) return
  const oneTime = generatePassword()
  const hash = await hashPassword(oneTime)
  await db.transaction(async (tx) => {
    await tx.rows(sql`
      INSERT INTO users (username, display_name, password_hash, role, region_code, must_change_password)
      VALUES ('admin', '系统管理员', ${hash}, 'admin', '', true)`)
    await recordAudit(tx, SYSTEM, [{ action: 'create', entity: 'users', code: 'admin', before: null, after: { username: 'admin', role: 'admin', regionCode: '' } }])
  })
  log('────────────────────────────────────────────────────────────')
  log(`created the local admin account: user "admin", one-time password "${oneTime}"`)
  log('log in and choose a new password; this password is not shown again')
  log('────────────────────────────────────────────────────────────')
}
