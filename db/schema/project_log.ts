import { date, doublePrecision, index, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { PROJECT_STATUSES } from '../../geodata/format.ts'

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
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
}, (t) => [index('project_log_feature_idx').on(t.layer, t.code)])
