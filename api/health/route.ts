import { Hono } from 'hono'
import { untilSettled, type Backend } from '../backend.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { badRequest } from '../http/errors.ts'

const STAGE_MESSAGES: Record<string, string> = {
  'creating the database': '正在创建数据库(首次启动)… Creating the database (first start)…',
  'loading PostGIS': '正在加载 PostGIS(WebAssembly,需要几秒钟)… Loading PostGIS in WebAssembly (a few seconds)…',
  'loading the sample county': '正在载入示例县(全南县)… Loading the sample county…',
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

export function healthRoute(backend: Backend) {
  return new Hono().get('/', async (c) => {
    await untilSettled(backend, parseWait(c.req.query('wait')) * 1000)
    if (backend.state === 'ready') {
      return c.json({ status: 'ok', database: backend.kind, postgis: backend.postgis })
    }
    return c.json({
      status: backend.state,
      database: backend.kind,
      stage: backend.stage,
      message: backend.state === 'failed'
        ? `数据库启动失败 / The database failed to start: ${backend.error}`
        : STAGE_MESSAGES[backend.stage] ?? `正在启动数据库 (${backend.stage})… Starting the database…`,
    }, 503)
  })
}
