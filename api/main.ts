// `npm start`: one process, one port — the API and the built web app, on PGlite unless DATABASE_URL is set.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { openDatabase } from '../db/client.ts'
import { hasAnyRegion, loadSampleCounty } from '../db/seed.ts'
import { ensureDefaultSettings } from '../db/settings.ts'
import { createApp } from './app.ts'
import { ensureAdmin } from './auth/bootstrap.ts'
import type { Backend } from './backend.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const webDir = `${root}dist/web`
const port = Number(process.env.PORT ?? 3000)
const url = process.env.DATABASE_URL || undefined
const started = Date.now()
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`)

if (!existsSync(`${webDir}/index.html`)) {
  log('building the web app (first start)…')
  const { build } = await import('vite')
  await build({ configFile: `${root}vite.config.ts`, logLevel: 'warn' })
}

const backend: Backend = { state: 'starting', stage: 'opening', kind: url ? 'postgres' : 'pglite' }
const app = createApp(backend, { webDir })
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) =>
  log(`serving http://localhost:${info.port} (database: ${backend.kind}, starting)`))

try {
  const db = await openDatabase({
    url,
    onStage: (stage) => {
      backend.stage = stage
      log(stage === 'loading PostGIS' ? 'loading PostGIS into the embedded database (7–10 s)…' : `database: ${stage}`)
    },
  })
  await ensureDefaultSettings(db)
  await ensureAdmin(db, process.env, log)
  const seed = process.env.SEED_SAMPLE ?? (url ? '0' : 'auto')
  if (seed === '1' || (seed === 'auto' && !(await hasAnyRegion(db)))) {
    backend.stage = 'loading the sample county'
    log('loading the sample county (全南县)…')
    await loadSampleCounty(db)
  }
  const [{ version }] = await db.rows<{ version: string }>(sql`SELECT postgis_lib_version() AS version`)
  Object.assign(backend, { state: 'ready', stage: 'ready', db, postgis: version })
  log(`ready: PostGIS ${version} on ${db.kind}`)
  const shutdown = async () => {
    server.close()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
} catch (error) {
  Object.assign(backend, { state: 'failed', error: (error as Error).message })
  console.error(error)
  log('the database failed to start; the web app shows the error. Stop with Ctrl-C.')
}
