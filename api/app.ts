import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { secureHeaders } from 'hono/secure-headers'
import type { Database } from '../db/client.ts'
import type { Actor } from './auth/actor.ts'
import { authenticate } from './auth/middleware.ts'
import { untilSettled, type Backend } from './backend.ts'
import { ApiError, errorBody } from './errors.ts'
import { analysisRoute } from './routes/analysis.ts'
import { auditRoute } from './routes/audit.ts'
import { authRoute } from './routes/auth.ts'
import { countiesRoute } from './routes/counties.ts'
import { exitRoute } from './routes/exit.ts'
import { healthRoute } from './routes/health.ts'
import { layersRoute } from './routes/layers.ts'
import { projectsRoute } from './routes/projects.ts'
import { scenariosRoute } from './routes/scenarios.ts'
import { searchRoute } from './routes/search.ts'
import { settingsRoute } from './routes/settings.ts'
import { tokensRoute } from './routes/tokens.ts'
import { usersRoute } from './routes/users.ts'
import { serveWebApp } from './static.ts'

export type AppEnv = { Variables: { db: Database; actor: Actor } }

/** Bodies of everything but imports (which have their own setting) stay small. */
const MAX_BODY_BYTES = 1024 * 1024

export interface AppOptions {
  /** Folder of the built web app (dist/web) to serve beside the API; omitted in API tests. */
  webDir?: string
  /** How long a request made while the database starts waits for it before a 503 (default 20 s). */
  startupWaitMs?: number
}

const STARTUP_WAIT_MS = 20_000

export function createApp(backend: Backend, options: AppOptions = {}) {
  const app = new Hono<AppEnv>()
  // strict-origin-when-cross-origin: an optional OSM basemap refuses tile requests without a Referer.
  app.use('*', secureHeaders({ crossOriginEmbedderPolicy: false, referrerPolicy: 'strict-origin-when-cross-origin' }))

  app.route('/api/health', healthRoute(backend))
  // Every other API route needs the database. A request made while it starts waits for it (the
  // page asks for the session and its data at once, and has them the moment the database is up).
  const startupWaitMs = options.startupWaitMs ?? STARTUP_WAIT_MS
  app.use('/api/*', async (c, next) => {
    await untilSettled(backend, startupWaitMs)
    if (backend.state !== 'ready' || !backend.db) {
      const starting = backend.state === 'starting'
      throw new ApiError(503, starting ? 'starting' : 'database_failed',
        starting ? `The database is starting (${backend.stage}).` : `The database failed to start: ${backend.error}`)
    }
    c.set('db', backend.db)
    await next()
  })
  app.use('/api/*', csrf(), async (c, next) => {
    if (c.req.path.endsWith('/import')) return next()
    return bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'body_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`)
      },
    })(c, next)
  })
  // Login and logout are open; everything below needs an account (session cookie or API token).
  app.route('/api/auth', authRoute())
  app.use('/api/*', authenticate)
  app.route('/api/layers', layersRoute())
  app.route('/api/counties', countiesRoute())
  app.route('/api/search', searchRoute())
  app.route('/api/settings', settingsRoute())
  app.route('/api/users', usersRoute())
  app.route('/api/tokens', tokensRoute())
  app.route('/api/audit', auditRoute())
  app.route('/api/analysis', analysisRoute())
  app.route('/api/exit', exitRoute())
  app.route('/api/scenarios', scenariosRoute())
  app.route('/api/projects', projectsRoute())
  app.all('/api/*', (c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}.`), 404))
  if (options.webDir) serveWebApp(app, options.webDir)

  app.notFound((c) => c.json(errorBody('not_found', `Nothing at ${c.req.path}.`), 404))
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error.code, error.message, error.details), error.status)
    if (error instanceof HTTPException) {
      const code = error.status === 413 ? 'body_too_large' : 'http_error'
      return c.json(errorBody(code, error.message || 'Request refused.'), error.status)
    }
    console.error(error)
    return c.json(errorBody('internal', 'An internal error occurred; it has been logged.'), 500)
  })
  return app
}

export type App = ReturnType<typeof createApp>
