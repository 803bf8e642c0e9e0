import { sql } from 'drizzle-orm'
import { inject } from 'vitest'
import { createApp } from '../../api/app.ts'
import type { App } from '../../api/app.ts'
import { readyBackend } from '../../api/backend.ts'
import { openDatabase } from '../../db/client.ts'
import type { Database } from '../../db/client.ts'
import { loadSampleCounty } from '../../db/seed.ts'
import { ensureDefaultSettings } from '../../db/settings.ts'

// One database per test worker (PGlite in memory, or the per-run PostgreSQL database made by
// global_setup.ts), shared by every test file the worker runs (isolate: false); tests reset data.

export interface Harness {
  db: Database
  app: App
  backend: 'pglite' | 'postgres'
}

let shared: Promise<Harness> | undefined

export function harness(): Promise<Harness> {
  shared ??= open()
  return shared
}

async function open(): Promise<Harness> {
  const url = inject('testDatabaseUrl') ?? undefined
  const db = await openDatabase({ url, dataDir: 'memory' })
  await ensureDefaultSettings(db)
  const [{ version }] = await db.rows<{ version: string }>(sql`SELECT postgis_lib_version() AS version`)
  return { db, app: createApp(readyBackend(db, version)), backend: db.kind }
}

const DATA_TABLES = ['regions', 'villages', 'sites', 'roads', 'water', 'facilities', 'hazards', 'project_log', 'settings']

/** Empty every table, restore default settings, and load the sample county unless told not to. */
export async function resetData(db: Database, options: { sample?: boolean } = {}): Promise<void> {
  await db.rows(sql.raw(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY`))
  await ensureDefaultSettings(db)
  if (options.sample ?? true) await loadSampleCounty(db)
}

/** Send a JSON request to the app in process. */
export async function request(app: App, method: string, path: string, body?: unknown) {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } }
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  const response = await app.request(path, init)
  const text = await response.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch { /* not JSON */ }
  return { status: response.status, json, text, headers: response.headers }
}
