import { getTableColumns, sql } from 'drizzle-orm'
import { auditLog } from './schema/accounts.ts'
import type { Database } from './client.ts'

// Planner statistics. PGlite has no autovacuum and the PostgreSQL servers here run with it off: after
// a bulk write the planner believes a table has one row and scans it inside every nearest-neighbour
// lateral (TRAPS.md). So every import (of any size: api/layers/import.ts) and every bulk write ends with
// ANALYZE of the tables it touched, in the same transaction (ANALYZE sees the transaction's own rows);
// single-feature edits and other small writes analyse only above autovacuum's own scale
// (analyzeAfterWrite); and the embedded start analyses any table that has never been.

/** A write of at least this many rows, or of a tenth of the table (autovacuum's own scale), renews its statistics. */
export const ANALYZE_MIN_ROWS = 1000
export const ANALYZE_FRACTION = 0.1

/** The estimated rows of each table (-1: never analysed), from pg_class. */
export async function estimatedRows(db: Database, tables: readonly string[]): Promise<Map<string, number>> {
  if (!tables.length) return new Map()
  const rows = await db.rows<{ name: string; estimate: number }>(sql`
    SELECT c.relname AS name, c.reltuples::float8 AS estimate FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      AND c.relname IN (SELECT jsonb_array_elements_text(${JSON.stringify(tables)}::jsonb))`)
  return new Map(rows.map((r) => [r.name, Number(r.estimate)]))
}

/**
 * Columns no query filters, joins, groups or sorts on, left out of ANALYZE: the audit trail's before
 * and after (whole features as jsonb) cost most of its ANALYZE (0.8 s of every import at 500,000
 * villages) for statistics the planner never reads. The table's row count is renewed all the same.
 */
const UNPLANNED: Record<string, { table: Parameters<typeof getTableColumns>[0]; skip: string[] }> = {
  audit_log: { table: auditLog, skip: ['before', 'after'] },
}

export async function analyze(db: Database, tables: readonly string[]): Promise<void> {
  for (const table of new Set(tables)) {
    const unplanned = UNPLANNED[table]
    const columns = unplanned && Object.values(getTableColumns(unplanned.table)).map((c) => c.name).filter((c) => !unplanned.skip.includes(c))
    await db.rows(columns
      ? sql`ANALYZE ${sql.identifier(table)} (${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)})`
      : sql`ANALYZE ${sql.identifier(table)}`)
  }
}

/**
 * ANALYZE the tables a write of `written` rows touched, where that write is large for the table
 * (or the table has never been analysed); returns the tables analysed.
 */
export async function analyzeAfterWrite(db: Database, tables: readonly string[], written: number): Promise<string[]> {
  if (written <= 0) return []
  const estimates = await estimatedRows(db, tables)
  const stale = [...new Set(tables)].filter((t) => {
    const estimate = estimates.get(t) ?? -1
    return estimate < 0 || written >= ANALYZE_MIN_ROWS || written >= estimate * ANALYZE_FRACTION
  })
  await analyze(db, stale)
  return stale
}

/** The tables of the public schema never analysed (reltuples -1) that hold rows; analysed now. */
export async function analyzeNeverAnalysed(db: Database): Promise<string[]> {
  const never = await db.rows<{ name: string }>(sql`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.reltuples < 0 ORDER BY c.relname`)
  const names = never.map((r) => r.name)
  await analyze(db, names)
  return names
}
