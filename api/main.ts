// `npm start`: one process, one port — the API and the built web app, on PGlite unless DATABASE_URL is set.
// The database starts first: PostGIS in WebAssembly takes seconds, and the rest of the server
// loads and starts answering (the web app, a 503 from the API) while it does.
import { openDatabase } from '../db/client.ts'
import type { Backend } from './backend.ts'

const port = Number(process.env.PORT ?? 3000)
const url = process.env.DATABASE_URL || undefined
const log = (message: string) => console.log(`[${(performance.now() / 1000).toFixed(1)}s] ${message}`)

let settle = () => {}
const backend: Backend = {
  state: 'starting', stage: 'opening', kind: url ? 'postgres' : 'pglite',
  settled: new Promise<void>((resolve) => (settle = resolve)),
}
const opening = openDatabase({
  url,
  onStage: (stage) => {
    backend.stage = stage
    log(`database: ${stage}${stage === 'loading PostGIS' ? ' (WebAssembly, a few seconds)…' : ''}`)
  },
})
opening.catch(() => {}) // handled below, after the server is up

const [{ serve }, { createApp }, { webBuildIsCurrent, buildWeb, webDir }] = await Promise.all([
  import('@hono/node-server'), import('./app.ts'), import('./web_build.ts'),
])
if (!webBuildIsCurrent()) {
  log('building the web app (it is missing or older than its sources)…')
  await buildWeb()
}
const app = createApp(backend, { webDir })
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) =>
  log(`serving http://localhost:${info.port} (database: ${backend.kind}, starting)`))

try {
  const db = await opening
  const [{ sql }, { ensureDefaultSettings }, { ensureAdmin }, { hasAnyRegion, loadSampleCounty }] = await Promise.all([
    import('drizzle-orm'), import('../db/settings.ts'), import('./auth/bootstrap.ts'), import('./seed/seed.ts'),
  ])
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
} finally {
  settle()
}
