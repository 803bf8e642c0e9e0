import { sql } from 'drizzle-orm'
import { hashPassword } from '../api/auth/passwords.ts'
import { newSecret } from '../api/auth/tokens.ts'
import type { Database } from '../db/client.ts'

/** An admin with an API token, so that benchmarks measure the authenticated path users take. */
export async function benchToken(db: Database): Promise<Record<string, string>> {
  const [user] = await db.rows<{ id: number }>(sql`
    INSERT INTO users (username, password_hash, role, region_code)
    VALUES ('bench', ${await hashPassword('bench-password')}, 'admin', '')
    ON CONFLICT (username) DO UPDATE SET role = 'admin', region_code = '' RETURNING id`)
  const { secret, hash } = newSecret('fpt_')
  await db.rows(sql`INSERT INTO api_tokens (name, user_id, token_hash) VALUES ('bench', ${user.id}, ${hash})`)
  return { authorization: `Bearer ${secret}` }
}
