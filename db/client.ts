import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { acquireFolderLock } from './lock.ts'
import { migrationsFolder } from './paths.ts'
import { analyzeNeverAnalysed } from './statistics.ts'

export type DatabaseKind = 'pglite' | 'postgres'

/**
 * The one database handle the rest of the code sees. It hides which driver runs underneath:
 * result shapes (array vs { rows }) and number types (int8/numeric as strings on postgres.js)
 * are normalised here and nowhere else.
 */
export interface Database {
  readonly kind: DatabaseKind
  /** Drizzle, for the query builder. Inside a transaction this is the transaction. */
  readonly orm: PgDatabase<PgQueryResultHKT>
  /** Run a query and return its rows. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>
  /** Run `fn` in a transaction; use only the handle it receives inside (TRAPS.md). */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface OpenOptions {
  /** postgres://… to use PostgreSQL; unset for embedded PGlite. */
  url?: string
  /** PGlite data folder; 'memory' for an in-memory database (tests). */
  dataDir?: string
  /** Called with a short description of each start-up stage. */
  onStage?: (stage: string) => void
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const stage = options.onStage ?? (() => {})
  const database = options.url
    ? await openPostgres(options.url)
    : await openPglite(options.dataDir ?? process.env.PGLITE_DIR ?? './data/pglite', stage)
  stage('migrating')
  await migrate(database)
  // PGlite has no autovacuum: a table never analysed (a folder written by an older version, a bulk
  // path that skipped it) would be planned as one row for ever.
  if (database.kind === 'pglite') await analyzeNeverAnalysed(database)
  return database
}

async function openPostgres(url: string): Promise<Database> {
  const { default: postgres } = await import('postgres')
  const { drizzle } = await import('drizzle-orm/postgres-js')
  const asNumber = (value: string) => Number(value)
  const client = postgres(url, {
    max: 10,
    // A database that is down answers at once (503 from the API), not after postgres.js's 30 s default.
    connect_timeout: 3,
    onnotice: () => {},
    // The analysis queries are many short index-bound laterals whose estimated cost crosses the JIT
    // threshold: PostgreSQL then spends seconds compiling (measured 3.8 s for a 4 ms query).
    connection: { jit: 'off' },
    // count(*) is int8 and some aggregates are numeric: postgres.js returns both as strings.
    types: {
      int8: { to: 20, from: [20], serialize: String, parse: asNumber },
      numeric: { to: 1700, from: [1700], serialize: String, parse: asNumber },
    },
  })
  const orm = drizzle(client)
  return wrap('postgres', orm as unknown as PgDatabase<PgQueryResultHKT>, () => client.end({ timeout: 5 }))
}

async function openPglite(dataDir: string, stage: (s: string) => void): Promise<Database> {
  const [{ PGlite, types }, { postgisExtension, templateDataDir }] = await Promise.all([
    import('@electric-sql/pglite'), import('./embedded.ts'),
  ])
  const inMemory = dataDir === 'memory'
  const folder = inMemory ? undefined : resolve(dataDir)
  const release = folder ? acquireFolderLock(folder) : () => {}
  try {
    // A new database starts from the cached template (initdb + PostGIS already done, see embedded.ts).
    const isNew = !folder || !existsSync(join(folder, 'PG_VERSION'))
    if (isNew) stage('creating the database')
    const [postgis, template] = await Promise.all([postgisExtension(), isNew ? templateDataDir() : undefined])
    stage('loading PostGIS')
    const starting = PGlite.create(folder, {
      loadDataDir: template,
      extensions: { postgis },
      parsers: { [types.NUMERIC]: (value: string) => Number(value) },
    })
    // Drizzle loads while PGlite compiles its WebAssembly off the main thread.
    const [client, { drizzle }] = await Promise.all([starting, import('drizzle-orm/pglite')])
    stage('enabling PostGIS')
    await client.exec('CREATE EXTENSION IF NOT EXISTS postgis')
    const orm = drizzle(client)
    return wrap('pglite', orm as unknown as PgDatabase<PgQueryResultHKT>, async () => {
      await client.close()
      release()
    })
  } catch (error) {
    release()
    throw error
  }
}

function wrap(kind: DatabaseKind, orm: PgDatabase<PgQueryResultHKT>, close: () => Promise<void>): Database {
  return {
    kind,
    orm,
    async rows<T>(query: SQL) {
      const result = (await orm.execute(query)) as unknown
      return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
    },
    transaction(fn) {
      return orm.transaction((tx) => fn(wrap(kind, tx as unknown as PgDatabase<PgQueryResultHKT>, async () => {})))
    },
    close,
  }
}

/** The newest migration's timestamp in the journal drizzle-kit writes beside the migrations. */
export function newestMigrationTime(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] }
  return Math.max(...journal.entries.map((e) => e.when))
}

/**
 * Drizzle's migrator applies the migrations newer than the newest one recorded. When that is the
 * newest in the journal there is nothing to do: one query instead of the migrator's dozen.
 */
export async function migrationsAreCurrent(database: Database): Promise<boolean> {
  const [{ exists }] = await database.rows<{ exists: boolean }>(sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS exists`)
  if (!exists) return false
  const [{ newest }] = await database.rows<{ newest: number | null }>(sql`SELECT max(created_at)::float8 AS newest FROM drizzle.__drizzle_migrations`)
  return newest !== null && Number(newest) >= newestMigrationTime()
}

async function migrate(database: Database): Promise<void> {
  if (await migrationsAreCurrent(database)) return
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(database.orm as never, { migrationsFolder })
  } else {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    await migrate(database.orm as never, { migrationsFolder })
  }
}
