import { date, doublePrecision, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { PROJECT_STATUSES } from '../../core/format/layers.ts'

/** Funding of a project beyond the four standard sources of the exchange format: a county's own sources. */
export const fundingLines = pgTable('funding_lines', {
  id: serial('id').primaryKey(),
  layer: text('layer', { enum: ['sites', 'roads', 'water'] }).notNull(),
  code: text('code').notNull(),
  source: text('source').notNull(),
  amountCny: doublePrecision('amount_cny').notNull(),
}, (t) => [index('funding_lines_feature_idx').on(t.layer, t.code)])

/** Append-only history of a project (a site, road or water feature): every import writes an entry. */
export const projectLog = pgTable('project_log', {
  id: serial('id').primaryKey(),
  layer: text('layer', { enum: ['sites', 'roads', 'water'] }).notNull(),
  code: text('code').notNull(),
  entryDate: date('entry_date', { mode: 'string' }).notNull(),
  status: text('status', { enum: PROJECT_STATUSES }).notNull(),
  progressPct: doublePrecision('progress_pct'),
  spentCny: doublePrecision('spent_cny'),
  note: text('note'),
  source: text('source', { enum: ['import', 'manual'] }).notNull(),
  /** Who wrote the entry (an account's user name, or system:seed). */
  createdBy: text('created_by'),
  /** A correction names the entry it corrects; entries are never edited in place. */
  corrects: integer('corrects'),
  /** Why a status change skips or reverses a lifecycle step. */
  reason: text('reason'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
}, (t) => [index('project_log_feature_idx').on(t.layer, t.code)])
