import { sql } from 'drizzle-orm'
import type { Database } from './client.ts'

export interface AuditActor {
  id: number | null
  username: string
}

export interface AuditEntry {
  action: 'create' | 'update' | 'delete'
  /** A layer name, 'settings', 'users' or 'api_tokens'. */
  entity: string
  code: string
  before: unknown
  after: unknown
}

/** Record changes; call with the transaction that makes them, so both commit or neither does. */
export async function recordAudit(tx: Database, actor: AuditActor, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return
  await tx.rows(sql`
    INSERT INTO audit_log (user_id, username, action, entity, code, before, after)
    SELECT ${actor.id}, ${actor.username}, e->>'action', e->>'entity', e->>'code',
      nullif(e->'before', 'null'::jsonb), nullif(e->'after', 'null'::jsonb)
    FROM jsonb_array_elements(${JSON.stringify(entries)}::jsonb) e`)
}
