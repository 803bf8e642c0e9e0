import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { ROLES } from '../../core/accounts/roles.ts'

/** An account, limited to a region (a county or township code): it edits only features inside it. */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  regionCode: text('region_code').notNull(),
  /** Set for a generated one-time password: the user must choose a new one before doing anything else. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
}, (t) => [
  // Sign-in is case-insensitive, so names differing only in case would be one account twice.
  uniqueIndex('users_username_lower_idx').on(sql`lower(${t.username})`),
])

/** A login session; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
}, (t) => [index('sessions_user_idx').on(t.userId)])

/** Named API tokens for scripts (Authorization: Bearer …), stored hashed, revocable. */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
})

/** Every create, update and delete: who, when, what, before and after; written in the change's transaction. */
export const auditLog = pgTable('audit_log', {
  id: serial('id').primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().default(sql`now()`),
  userId: integer('user_id'),
  username: text('username').notNull(),
  action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
  entity: text('entity').notNull(),
  code: text('code').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
}, (t) => [index('audit_entity_idx').on(t.entity, t.code), index('audit_at_idx').on(t.at)])
