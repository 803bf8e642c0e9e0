import { Hono } from 'hono'
import type { Backend } from '../backend.ts'

const STAGE_MESSAGES: Record<string, string> = {
  'loading PostGIS': '正在加载 PostGIS (WebAssembly,约 7–10 秒)… Loading PostGIS in WebAssembly (7–10 s)…',
}

export function healthRoute(backend: Backend) {
  return new Hono().get('/', (c) => {
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
