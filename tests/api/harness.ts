import { sql } from 'drizzle-orm'
import { inject } from 'vitest'
import { createApp } from '../../api/app.ts'
import type { App } from '../../api/app.ts'
import { hashPassword } from '../../api/auth/passwords.ts'
import { readyBackend } from '../../api/backend.ts'
import { openDatabase } from '../../db/client.ts'
import type { Database } from '../../db/client.ts'
import type { Role } from '../../core/accounts/roles.ts'
import { loadSampleCounty } from '../../api/seed/seed.ts'
import { ensureDefaultSettings } from '../../db/settings.ts'

// One database per test worker (PGlite in memory, or the per-run PostgreSQL database made by
// global_setup.ts), shared by every test file the worker runs (isolate: false); tests reset data.

/** How a test request authenticates: a session cookie (as the web app does) or a Bearer token. */
export interface Identity {
  cookie?: string
  token?: string
}

export interface Harness {
  db: Database
  app: App
  backend: 'pglite' | 'postgres'
  /** An admin over the whole instance, the default identity of request(). */
  admin: Identity
}

export const TEST_PASSWORD = 'correct-horse-battery'
export const ORIGIN = 'http://localhost'

let shared: Promise<Harness> | undefined
let current: Harness | undefined

export function harness(): Promise<Harness> {
  shared ??= open()
  return shared
}

async function open(): Promise<Harness> {
  const url = inject('testDatabaseUrl') ?? undefined
  const db = await openDatabase({ url, dataDir: 'memory' })
  await ensureDefaultSettings(db)
  const [{ version }] = await db.rows<{ version: string }>(sql`SELECT postgis_lib_version() AS version`)
  current = { db, app: createApp(readyBackend(db, version)), backend: db.kind, admin: {} }
  return current
}

const DATA_TABLES = [
  'regions', 'villages', 'sites', 'roads', 'water', 'facilities', 'hazards', 'project_log', 'settings',
  'audit_log', 'api_tokens', 'sessions', 'users', 'assignments', 'scenario_sites', 'scenarios', 'funding_lines',
]

/** Empty every table, restore default settings, log in a fresh admin, and load the sample county unless told not to. */
export async function resetData(db: Database, options: { sample?: boolean } = {}): Promise<void> {
  await db.rows(sql.raw(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`))
  await ensureDefaultSettings(db)
  if (options.sample ?? true) await loadSampleCounty(db)
  if (current) {
    await createUser(db, 'root', 'admin', '')
    current.admin = await login(current.app, 'root')
  }
}

const hashed = new Map<string, Promise<string>>()

export async function createUser(db: Database, username: string, role: Role, regionCode: string, password = TEST_PASSWORD): Promise<number> {
  if (!hashed.has(password)) hashed.set(password, hashPassword(password))
  const [row] = await db.rows<{ id: number }>(sql`
    INSERT INTO users (username, password_hash, role, region_code) VALUES (${username}, ${await hashed.get(password)!}, ${role}, ${regionCode})
    RETURNING id`)
  return row.id
}

export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<Identity> {
  const res = await request(app, 'POST', '/api/auth/login', { username, password }, { as: null })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`)
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0])
  return { cookie: cookies.join('; ') }
}

export interface RequestOptions {
  /** Who sends it: default the harness admin; null for anonymous. */
  as?: Identity | null
  /** The Origin header of cookie requests; null to send none. */
  origin?: string | null
  headers?: Record<string, string>
}

/** Send a JSON request to the app in process. */
export async function request(app: App, method: string, path: string, body?: unknown, options: RequestOptions = {}) {
  const identity = options.as === undefined ? current?.admin : options.as
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
  if (identity?.cookie) headers.cookie = identity.cookie
  if (identity?.token) headers.authorization = `Bearer ${identity.token}`
  const origin = options.origin === undefined ? ORIGIN : options.origin
  if (origin !== null) headers.origin = origin
  const init: RequestInit = { method, headers }
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  const response = await app.request(`${ORIGIN}${path}`, init)
  const text = await response.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch { /* not JSON */ }
  return { status: response.status, json, text, headers: response.headers }
}

/** A file uploaded to a layer's import as the web app sends it (multipart field `file`), by the admin. */
export async function uploadFile(h: Harness, layer: string, name: string, bytes: Uint8Array, fields: Record<string, string> = {}, query = '') {
  const form = new FormData()
  form.set('file', new File([new Uint8Array(bytes)], name))
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  const response = await h.app.request(`${ORIGIN}/api/layers/${layer}/import${query}`, {
    method: 'POST', body: form, headers: { cookie: h.admin.cookie!, origin: ORIGIN },
  })
  const text = await response.text()
  let json: any = null
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: response.status, json, text }
}

/** A village as the tile tests compare it: the properties a tile carries and its position. */
export interface VillagePoint {
  code: string
  name: string
  townshipCode: string
  population: number
  isPoorVillage: boolean | null
  exitYear: number | null
  plannedExitYear: number | null
  lon: number
  lat: number
}

/** Every village as a VillagePoint, by code. */
export const villagePoints = (db: Database) => db.rows<VillagePoint>(sql`
  SELECT code, name, township_code AS "townshipCode", population, is_poor_village AS "isPoorVillage", exit_year AS "exitYear",
    planned_exit_year AS "plannedExitYear", ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat FROM villages ORDER BY code`)
