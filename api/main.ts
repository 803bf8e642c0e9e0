// `npm start`: one process, one port — the API and the built web app, on PGlite unless DATABASE_URL is set.
// The database starts first: PostGIS in WebAssembly takes seconds, and the rest of the server
// loads and starts answering (the web app, a 503 from the API) while it does.
import { openDatabase } from '../db/client.ts'
import type { Server } from 'node:http'
import type { Backend } from './backend.ts'
import { answerClientErrors, publicReason } from './http/node_server.ts'

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
  log(`serving http://localhost:${info.port} (database: ${backend.kind}, starting)`)) as Server
answerClientErrors(server)

/**
 * SIGTERM or Ctrl-C: stop accepting, let the requests in flight finish (at most SHUTDOWN_MS),
 * then close the database cleanly, so that no query is cut and the embedded folder is left whole.
 */
const SHUTDOWN_MS = 10_000
let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log(`${signal}: finishing the requests in flight…`)
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_MS)))])
  clearTimeout(timer)
  server.closeAllConnections()
  await backend.db?.close().catch((error: unknown) => console.error(error))
  log('stopped')
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))

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
  // Villages without precomputed facts (a database from before them, a bulk path) get them now.
  const { ensureFacts } = await import('./analysis/village_facts.ts')
  const measured = await ensureFacts(db)
  if (measured) log(`village facts computed for ${measured} villages`)
  const { ensureJudged } = await import('./exit/stored.ts')
  const judged = await ensureJudged(db)
  if (judged) log(`exit judgement stored for ${judged} villages`)
  const [{ version }] = await db.rows<{ version: string }>(sql`SELECT postgis_lib_version() AS version`)
  Object.assign(backend, { state: 'ready', stage: 'ready', db, postgis: version })
  log(`ready: PostGIS ${version} on ${db.kind}`)
} catch (error) {
  // The reason goes to anyone who asks /api/health: its first line, never the SQL of a failed query.
  Object.assign(backend, { state: 'failed', error: publicReason(error) })
  console.error(error)
  log('the database failed to start; the web app shows the error. Stop with Ctrl-C.')
} finally {
  settle()
}
