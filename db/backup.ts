import { createReadStream, createWriteStream, renameSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { finished } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { sql } from 'drizzle-orm'
import type { Database } from './client.ts'
import { newestMigrationTime } from './client.ts'

// A backup of the whole instance as data, not as a database's files: one gzip file of JSON lines —
// a manifest (what it is, of which schema), then every row of every table (geometry as EWKB hex),
// then an end line with the row count. The same file restores on either backend, so it also moves
// the embedded data to a PostGIS server. A restore replaces every table in one transaction, after
// checking the whole file: a file that is not ours, truncated, or from a newer schema is refused
// and the data stays as it was.

export const BACKUP_APP = 'fupin-map'
export const BACKUP_FORMAT = 1

export interface Manifest {
  app: typeof BACKUP_APP
  format: number
  /** The newest migration the database had (db/migrations journal time). */
  schema: number
  backend: Database['kind']
  createdAt: string
  tables: Record<string, number>
}

interface TableInfo {
  name: string
  geometry: string[]
}

export type BackupProblem = 'not_ours' | 'truncated' | 'newer_schema' | 'unreadable'

export class BackupRefused extends Error {
  constructor(readonly problem: BackupProblem, detail: string) {
    super(detail)
    this.name = 'BackupRefused'
  }
}

/**
 * The tables of the schema, parents before the tables that reference them. tile_changes is a log
 * for the tile cache, not data: a restore's own writes record what it changed there. tile_cells and
 * exit_classes and road_cells are derived from the villages (and their facts) and the roads: the triggers of
 * the restore's rows rebuild them.
 */
async function tables(db: Database): Promise<TableInfo[]> {
  const rows = await db.rows<{ name: string; geometry: string[] | null }>(sql`
    SELECT t.table_name AS name,
      (SELECT array_agg(c.column_name::text ORDER BY c.ordinal_position) FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.udt_name = 'geometry') AS geometry
    FROM information_schema.tables t
    WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name NOT IN ('spatial_ref_sys', 'tile_changes', 'tile_cells', 'exit_classes', 'road_cells')
    ORDER BY t.table_name`)
  const edges = await db.rows<{ child: string; parent: string }>(sql`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`)
  const ordered: TableInfo[] = []
  const placed = new Set<string>()
  const pending = rows.map((r) => ({ name: r.name, geometry: r.geometry ?? [] }))
  while (pending.length) {
    const i = pending.findIndex((t) => edges.every((e) => e.child !== t.name || e.parent === t.name || placed.has(e.parent)))
    const [next] = pending.splice(i < 0 ? 0 : i, 1)
    ordered.push(next)
    placed.add(next.name)
  }
  return ordered
}

const identifier = (name: string) => sql.identifier(name)

const PAGE = 5000

/** Writes every table to `path` (gzip, JSON lines). */
export async function writeBackup(db: Database, path: string): Promise<Manifest> {
  // One snapshot of every table, even while the server writes (PostgreSQL).
  return db.transaction(async (tx) => {
    await tx.rows(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`)
    return writeSnapshot(tx, path)
  })
}

async function writeSnapshot(db: Database, path: string): Promise<Manifest> {
  const list = await tables(db)
  const counts: Record<string, number> = {}
  for (const t of list) {
    counts[t.name] = (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${identifier(t.name)}`))[0].n
  }
  const manifest: Manifest = {
    app: BACKUP_APP, format: BACKUP_FORMAT, schema: newestMigrationTime(), backend: db.kind,
    createdAt: new Date().toISOString(), tables: counts,
  }
  const partial = `${path}.partial`
  const gzip = createGzip()
  const out = createWriteStream(partial)
  gzip.pipe(out)
  const write = (line: unknown) => new Promise<void>((resolve) => (gzip.write(`${JSON.stringify(line)}\n`) ? resolve() : gzip.once('drain', resolve)))
  await write(manifest)
  let total = 0
  for (const t of list) {
    // Geometry as EWKB hex (the geometry type reads it back as it is, SRID included).
    const hexes = t.geometry.map((g) => sql`${g}::text, encode(ST_AsEWKB(b.${identifier(g)}), 'hex')`)
    const row = t.geometry.length
      ? sql`(to_jsonb(b) - ARRAY[${sql.join(t.geometry.map((g) => sql`${g}`), sql`, `)}]::text[]) || jsonb_build_object(${sql.join(hexes, sql`, `)})`
      : sql`to_jsonb(b)`
    for (let offset = 0; offset < counts[t.name]; offset += PAGE) {
      const rows = await db.rows<{ row: Record<string, unknown> }>(sql`
        SELECT ${row} AS row FROM (SELECT * FROM ${identifier(t.name)} ORDER BY 1 LIMIT ${PAGE} OFFSET ${offset}) b`)
      for (const { row: r } of rows) await write({ t: t.name, r: typeof r === 'string' ? JSON.parse(r) : r })
      total += rows.length
    }
  }
  await write({ end: true, rows: total })
  gzip.end()
  await finished(out)
  renameSync(partial, path)
  return manifest
}

/** Reads and checks a whole backup file: its manifest, every row, the end line. */
export async function readBackup(path: string): Promise<{ manifest: Manifest; rows: Map<string, Record<string, unknown>[]> }> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity })
  let manifest: Manifest | null = null
  const rows = new Map<string, Record<string, unknown>[]>()
  let ended = false
  let count = 0
  try {
    for await (const line of lines) {
      if (!line) continue
      let value: Record<string, unknown>
      try {
        value = JSON.parse(line)
      } catch {
        throw new BackupRefused(manifest ? 'truncated' : 'not_ours', 'a line is not JSON')
      }
      if (!manifest) {
        if (value.app !== BACKUP_APP || typeof value.format !== 'number' || typeof value.tables !== 'object') {
          throw new BackupRefused('not_ours', 'the file does not begin with this application’s manifest')
        }
        manifest = value as unknown as Manifest
        continue
      }
      if (value.end === true) {
        ended = value.rows === count
        continue
      }
      const table = value.t as string
      if (!(table in manifest.tables)) throw new BackupRefused('not_ours', `a row of an unknown table ${table}`)
      if (!rows.has(table)) rows.set(table, [])
      rows.get(table)!.push(value.r as Record<string, unknown>)
      count++
    }
  } catch (error) {
    if (error instanceof BackupRefused) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || /unexpected end/i.test(String(error))) {
      throw new BackupRefused(manifest ? 'truncated' : 'not_ours', String((error as Error).message))
    }
    throw new BackupRefused('unreadable', String((error as Error).message))
  }
  if (!manifest) throw new BackupRefused('not_ours', 'the file is empty')
  if (!ended) throw new BackupRefused('truncated', 'the file ends before its last line')
  for (const [table, expected] of Object.entries(manifest.tables)) {
    if ((rows.get(table)?.length ?? 0) !== expected) throw new BackupRefused('truncated', `table ${table} has fewer rows than the manifest says`)
  }
  return { manifest, rows }
}

/**
 * Replaces the data with a backup's, in one transaction: every table emptied and filled, the id
 * sequences moved past the restored ids, statistics renewed. Refused (nothing changed) when the
 * file is not a whole backup of this application of this schema or an older one.
 */
export async function restoreBackup(db: Database, path: string): Promise<Manifest> {
  const { manifest, rows } = await readBackup(path)
  if (manifest.schema > newestMigrationTime()) {
    throw new BackupRefused('newer_schema', 'the backup was made by a newer version of the application: update it first')
  }
  const list = await tables(db)
  const known = new Set(list.map((t) => t.name))
  for (const table of Object.keys(manifest.tables)) {
    if (!known.has(table)) throw new BackupRefused('not_ours', `the database has no table ${table}`)
  }
  await db.transaction(async (tx) => {
    await tx.rows(sql.raw(`TRUNCATE ${list.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`))
    for (const t of list) {
      const all = rows.get(t.name) ?? []
      for (let i = 0; i < all.length; i += PAGE) {
        await tx.rows(sql`INSERT INTO ${identifier(t.name)} SELECT * FROM jsonb_populate_recordset(NULL::${identifier(t.name)}, ${JSON.stringify(all.slice(i, i + PAGE))}::jsonb)`)
      }
    }
    // Serial columns: their sequence is named in the column's default, nextval('users_id_seq'::regclass).
    const serials = await tx.rows<{ table: string; column: string; fallback: string }>(sql`
      SELECT table_name AS table, column_name AS column, column_default AS fallback FROM information_schema.columns
      WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`)
    for (const s of serials) {
      const sequence = /nextval\('([^']+)'/.exec(s.fallback)?.[1]
      if (!sequence) continue
      await tx.rows(sql`SELECT setval(${sequence}::regclass, greatest(coalesce((SELECT max(${identifier(s.column)}) FROM ${identifier(s.table)}), 0), 1),
        (SELECT count(*) > 0 FROM ${identifier(s.table)}))`)
    }
  })
  await db.rows(sql`ANALYZE`)
  return manifest
}
