import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Every threshold and distance, one row per (key, scope). Scope is '' for the national default,
 * a 2-digit province code, or a 6-digit county code; resolution goes county → province → default.
 */
export const settings = pgTable('settings', {
  key: text('key').notNull(),
  scope: text('scope').notNull().default(''),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.key, t.scope] })])
