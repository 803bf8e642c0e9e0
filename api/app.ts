import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './env.ts'
import { authenticate } from './auth/middleware.ts'
import { untilSettled, type Backend } from './backend.ts'
import { msg } from '../core/messages/catalogue.ts'
import { english } from '../core/messages/english.ts'
import { databaseRefusal, RETRY_AFTER_S } from './http/database_errors.ts'
import { ApiError, errorBody } from './http/errors.ts'
import { checkUrl } from './http/input_checks.ts'
import { networkOptionsFromEnv, publicOrigin, type NetworkOptions } from './http/origin.ts'
import { analysisRoute } from './analysis/route.ts'
import { auditRoute } from './audit/route.ts'
import { authRoute } from './auth/route.ts'
import { countiesRoute } from './counties/route.ts'
import { exitRoute } from './exit/route.ts'
import { exportRoute } from './export/route.ts'
import { ogcRoute } from './ogc/route.ts'
import { healthRoute } from './health/route.ts'
import { layersRoute } from './layers/route.ts'
import { optimiseRoute } from './optimise/route.ts'
import { ledgersRoute } from './ledgers/route.ts'
import { projectsRoute } from './projects/route.ts'
import { scenariosRoute } from './scenarios/route.ts'
import { searchRoute } from './search/route.ts'
import { settingsRoute } from './settings/route.ts'
import { tokensRoute } from './tokens/route.ts'
import { readTileChanges, tilesRoute } from './tiles/route.ts'
import { usersRoute } from './users/route.ts'
import { serveWebApp } from './http/static.ts'

/** Bodies of everything but imports (which have their own setting) stay small. */
const MAX_BODY_BYTES = 1024 * 1024
const IMPORT_ROUTE = /^\/api\/layers\/[^/]+\/import$/

const isBearer = (c: Context) => /^Bearer\s/i.test(c.req.header('authorization') ?? '')

export interface AppOptions {
  /** Folder of the built web app (dist/web) to serve beside the API; omitted in API tests. */
  webDir?: string
  /** How long a request made while the database starts waits for it before a 503 (default 20 s). */
  startupWaitMs?: number
  /** PUBLIC_URL and TRUST_PROXY (api/http/origin.ts); from the environment when omitted. */
  network?: NetworkOptions
}

const STARTUP_WAIT_MS = 20_000

export function createApp(backend: Backend, options: AppOptions = {}) {
  const app = new Hono<AppEnv>()
  // strict-origin-when-cross-origin: an optional OSM basemap refuses tile requests without a Referer.
  app.use('*', secureHeaders({
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'strict-origin-when-cross-origin',
    // The app's own scripts and styles only; map tiles may come from the optional online basemaps
    // (web/map/basemaps.ts); the map's worker and the print images are blobs and data URLs.
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https://tile.openstreetmap.org', 'https://*.tianditu.gov.cn'],
      connectSrc: ["'self'", 'https://tile.openstreetmap.org', 'https://*.tianditu.gov.cn'],
      workerSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  }))
  // API answers are the current state of the data: never cached by the browser or a proxy. Tiles
  // say their own (private, short, revalidated by ETag: api/tiles/route.ts).
  app.use('/api/*', async (c, next) => {
    await next()
    if (!(c.req.path.startsWith('/api/tiles/') && c.res.status < 400 && c.res.headers.has('Cache-Control'))) c.header('Cache-Control', 'no-store')
  })

  const network = options.network ?? networkOptionsFromEnv(process.env)
  app.use('/api/*', checkUrl)
  app.use('/api/*', async (c, next) => {
    c.set('network', network)
    await next()
  })
  app.route('/api/health', healthRoute(backend))
  // Every other API route needs the database. A request made while it starts waits for it (the
  // page asks for the session and its data at once, and has them the moment the database is up).
  const startupWaitMs = options.startupWaitMs ?? STARTUP_WAIT_MS
  const withDatabase = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    await untilSettled(backend, startupWaitMs)
    if (backend.state !== 'ready' || !backend.db) {
      const starting = backend.state === 'starting'
      throw starting
        ? new ApiError(503, 'starting', msg('errors.starting', { stage: backend.stage }))
        : new ApiError(503, 'database_failed', msg('errors.database_failed', { reason: backend.error ?? '' }))
    }
    c.set('db', backend.db)
    await next()
  }
  app.use('/api/*', withDatabase)
  // Bearer requests (scripts) are not a browser's: no cross-site form can add the header, so the
  // Origin check (csrf) is for cookie requests only; authenticate() checks those again by Origin.
  const originCheck = csrf({ origin: (origin, c) => origin === publicOrigin(c, network) })
  app.use('/api/*', (c, next) => (isBearer(c) ? next() : originCheck(c, next)))
  app.use('/api/*', async (c, next) => {
    // The import route has a limit of its own (a setting); only that exact route.
    if (c.req.method === 'POST' && IMPORT_ROUTE.test(c.req.path)) return next()
    return bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'body_too_large', msg('errors.body_too_large', { maxBytes: MAX_BODY_BYTES }))
      },
    })(c, next)
  })
  // Login and logout are open; everything below needs an account (session cookie or API token).
  app.route('/api/auth', authRoute())
  app.use('/api/tiles/*', readTileChanges)
  app.use('/api/*', authenticate)
  // Before the layers: /:layer/export is no feature code.
  app.route('/api/layers', exportRoute())
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
  app.route('/api/optimise', optimiseRoute())
  app.route('/api/tiles', tilesRoute())
  app.route('/api/ledgers', ledgersRoute())
  app.all('/api/*', (c) => refused(c, new ApiError(404, 'not_found', msg('errors.not_found_route', { method: c.req.method, path: c.req.path }))))
  // OGC API – Features (QGIS, GDAL): outside /api, with the same database, accounts, tokens and scope.
  for (const path of ['/ogc', '/ogc/*']) {
    app.use(path, checkUrl, async (c, next) => {
      c.set('network', network)
      await next()
      c.header('Cache-Control', 'no-store')
    }, withDatabase, authenticate)
  }
  app.route('/ogc', ogcRoute())
  if (options.webDir) serveWebApp(app, options.webDir)

  app.notFound((c) => refused(c, new ApiError(404, 'not_found', msg('errors.not_found_path', { path: c.req.path }))))
  app.onError((error, c) => {
    if (error instanceof ApiError) return refused(c, error)
    if (error instanceof HTTPException) {
      const said = error.status === 413 ? msg('errors.body_too_large', { maxBytes: MAX_BODY_BYTES }) : msg('errors.http_error')
      return c.json(errorBody(error.status === 413 ? 'body_too_large' : 'http_error', error.message || english(said), { msg: said }), error.status)
    }
    const refusal = databaseRefusal(error)
    if (refusal) {
      if (refusal.status === 503) c.header('Retry-After', String(RETRY_AFTER_S))
      else console.warn(`refused by the database: ${(error as Error).message}`)
      return refused(c, refusal)
    }
    console.error(error)
    return c.json(errorBody('internal', english(msg('errors.internal'))), 500)
  })
  return app
}

export type App = ReturnType<typeof createApp>

const refused = (c: Context, error: ApiError) => c.json(errorBody(error.code, error.message, error.details), error.status)
