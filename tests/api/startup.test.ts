// While the database starts: /api/health?wait= and the API hold requests until it is ready (or
// answer 503 when it fails or takes too long); the migrations are not run again when up to date.
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.ts'
import type { Backend } from '../../api/backend.ts'
import { MAX_HEALTH_WAIT_S } from '../../api/health/route.ts'
import { migrationsAreCurrent } from '../../db/client.ts'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
})

/** A backend that is starting, and the means to finish its start (ready with the test database, or failed). */
function startingBackend() {
  let settle = () => {}
  const backend: Backend = {
    state: 'starting', stage: 'loading PostGIS', kind: h.backend,
    settled: new Promise<void>((resolve) => (settle = resolve)),
  }
  return {
    backend,
    ready() {
      Object.assign(backend, { state: 'ready', stage: 'ready', db: h.db, postgis: '3.6.2' })
      settle()
    },
    fail(message: string) {
      Object.assign(backend, { state: 'failed', error: message })
      settle()
    },
  }
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe(`start-up (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('answers health at once with the stage while starting, and waits when asked to', async () => {
    const start = startingBackend()
    const app = createApp(start.backend)
    const now = await request(app, 'GET', '/api/health', undefined, { as: null })
    expect(now.status).toBe(503)
    expect(now.json).toMatchObject({ status: 'starting', stage: 'loading PostGIS', database: h.backend })
    expect(now.json.message).toMatch(/PostGIS/)

    const waiting = request(app, 'GET', '/api/health?wait=5', undefined, { as: null })
    let answered = false
    void waiting.then(() => (answered = true))
    await tick(50)
    expect(answered).toBe(false)
    start.ready()
    const res = await waiting
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ status: 'ok', database: h.backend, postgis: '3.6.2' })
  })

  it('gives up waiting for health after the given seconds', async () => {
    const start = startingBackend()
    const app = createApp(start.backend)
    const before = Date.now()
    const res = await request(app, 'GET', '/api/health?wait=0.2', undefined, { as: null })
    expect(res.status).toBe(503)
    expect(Date.now() - before).toBeGreaterThanOrEqual(190)
  })

  it.each(['-1', 'abc', '', String(MAX_HEALTH_WAIT_S + 1), "1' OR '1'='1"])('refuses wait=%j with 400', async (wait) => {
    const res = await request(createApp(startingBackend().backend), 'GET', `/api/health?wait=${encodeURIComponent(wait)}`, undefined, { as: null })
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({ code: 'invalid_wait', details: { parameter: 'wait' } })
  })

  it('holds an API request made while the database starts and answers it once ready', async () => {
    const start = startingBackend()
    const app = createApp(start.backend)
    const pending = request(app, 'GET', '/api/layers/villages?region=360729')
    await tick(50)
    start.ready()
    const res = await pending
    expect(res.status).toBe(200)
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM villages WHERE code LIKE '360729%'`)
    expect(res.json.features).toHaveLength(n)
  })

  it('answers a held request 503 when the database fails to start, and when it takes too long', async () => {
    const failing = startingBackend()
    const pending = request(createApp(failing.backend), 'GET', '/api/counties')
    failing.fail('disk full')
    const failed = await pending
    expect(failed.status).toBe(503)
    expect(failed.json.error).toMatchObject({ code: 'database_failed' })
    expect(failed.json.error.message).toMatch(/disk full/)

    const slow = await request(createApp(startingBackend().backend, { startupWaitMs: 100 }), 'GET', '/api/counties')
    expect(slow.status).toBe(503)
    expect(slow.json.error).toMatchObject({ code: 'starting' })
  })

  it('knows when the migrations are all applied, and when the newest is missing', async () => {
    expect(await migrationsAreCurrent(h.db)).toBe(true)
    const rollback = new Error('rollback')
    await expect(h.db.transaction(async (tx) => {
      await tx.rows(sql`DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)`)
      expect(await migrationsAreCurrent(tx)).toBe(false)
      throw rollback
    })).rejects.toBe(rollback)
    expect(await migrationsAreCurrent(h.db)).toBe(true)
  })
})
