import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import { untilSettled, type Backend } from '../backend.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { reply } from '../http/reply.ts'
import { RETRY_AFTER_S } from '../http/database_errors.ts'
import { badRequest } from '../http/errors.ts'

const STAGES: Record<string, Message> = {
  opening: msg('startup.opening'),
  'creating the database': msg('startup.creating_database'),
  'loading PostGIS': msg('startup.loading_postgis'),
  'enabling PostGIS': msg('startup.enabling_postgis'),
  migrating: msg('startup.migrating'),
  'loading the sample county': msg('startup.loading_sample'),
}

/** What the start-up screen says: the stage, or why the start failed. */
function stageMessage(backend: Backend): Message {
  if (backend.state === 'failed') return msg('startup.failed', { reason: backend.error ?? '' })
  return STAGES[backend.stage] ?? msg('startup.other_stage', { stage: backend.stage })
}

/** The longest a `wait` may hold a request. */
export const MAX_HEALTH_WAIT_S = 10

/** `wait=<seconds>`: while the database starts, answer when it is ready or failed, or after that many seconds. */
function parseWait(value: string | undefined): number {
  if (value === undefined) return 0
  const seconds = Number(value)
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_HEALTH_WAIT_S) {
    throw badRequest('invalid_wait', msg('errors.invalid_wait', { max: MAX_HEALTH_WAIT_S }), { parameter: 'wait', value: value.slice(0, 40) })
  }
  return seconds
}

/**
 * Whether the database answers a trivial query within a couple of seconds. The embedded database
 * lives in this process and is there while it runs; its one connection may be busy with an import,
 * which is no reason to call it down.
 */
async function answers(backend: Backend): Promise<boolean> {
  if (backend.kind === 'pglite') return true
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)))
  const ping = backend.db!.rows(sql`SELECT 1 AS one`).then(() => true, () => false)
  const ok = await Promise.race([ping, timeout])
  clearTimeout(timer)
  return ok
}

const PING_TIMEOUT_MS = 2000

export function healthRoute(backend: Backend) {
  return new Hono().get('/', async (c) => {
    await untilSettled(backend, parseWait(c.req.query('wait')) * 1000)
    if (backend.state === 'ready') {
      if (await answers(backend)) return reply(c, 'GET /api/health', { status: 'ok', database: backend.kind, postgis: backend.postgis ?? '' })
      const said = msg('errors.database_unavailable')
      c.header('Retry-After', String(RETRY_AFTER_S))
      return reply(c, 'GET /api/health', { status: 'unavailable', database: backend.kind, message: english(said), msg: said }, 503)
    }
    const said = stageMessage(backend)
    return reply(c, 'GET /api/health', { status: backend.state === 'failed' ? 'failed' : 'starting', database: backend.kind, stage: backend.stage, message: english(said), msg: said }, 503)
  })
}
