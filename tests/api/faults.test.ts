// A bad day: the PostgreSQL server goes away and comes back, the server is told to stop while it
// works, a client sends headers Node refuses. Each ends in a JSON answer and no lost work.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.ts'
import { readyBackend } from '../../api/backend.ts'
import { answerClientErrors, publicReason } from '../../api/http/node_server.ts'
import { openDatabase, type Database } from '../../db/client.ts'
import { projectRoot } from '../../db/paths.ts'
import { ensureDefaultSettings } from '../../db/settings.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness

beforeAll(async () => {
  h = await harness()
  await resetData(h.db, { sample: false })
})

describe('when the PostgreSQL server goes away', () => {
  const url = process.env.DATABASE_URL
  let admin: ReturnType<typeof postgres> | undefined
  let db: Database | undefined
  const name = `fupin_fault_${process.pid}`

  afterAll(async () => {
    await db?.close().catch(() => {})
    if (admin) {
      await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {})
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  })

  it.skipIf(!url)('answers 503 database_unavailable with Retry-After at once, health says so, and recovers by itself', async () => {
    admin = postgres(url!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.unsafe(`CREATE DATABASE ${name}`)
    const target = new URL(url!)
    target.pathname = `/${name}`
    db = await openDatabase({ url: target.toString() })
    await ensureDefaultSettings(db)
    await createUser(db, 'ops', 'admin', '')
    const app = createApp(readyBackend(db, '3.3'))
    const identity = await login(app, 'ops')
    expect((await request(app, 'GET', '/api/layers', undefined, { as: identity })).status).toBe(200)

    // The database refuses connections and its sessions end, as in a restart.
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`)
    await admin.unsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`)
    const down = await request(app, 'GET', '/api/layers', undefined, { as: identity })
    expect(down.status).toBe(503)
    expect(down.json.error.code).toBe('database_unavailable')
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(down.text).not.toMatch(/select|insert|from /i)
    const health = await request(app, 'GET', '/api/health', undefined, { as: null })
    expect(health.status).toBe(503)
    expect(health.json.status).toBe('unavailable')

    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`)
    let back = 0
    for (let i = 0; i < 20 && back !== 200; i++) {
      back = (await request(app, 'GET', '/api/layers', undefined, { as: identity })).status
      if (back !== 200) await new Promise((r) => setTimeout(r, 250))
    }
    expect(back).toBe(200)
    expect((await request(app, 'GET', '/api/health', undefined, { as: null })).json.status).toBe('ok')
  })
})

describe('failures answered safely', () => {
  it('never puts the SQL of a failed query into a public reason', () => {
    const wrapped = Object.assign(new Error('Failed query: SELECT secret FROM users WHERE id = $1\nparams: 1'),
      { cause: new Error('relation "users" does not exist') })
    expect(publicReason(wrapped)).toBe('relation "users" does not exist')
    expect(publicReason(new Error('disk full\n    at foo (bar.js:1:1)'))).toBe('disk full')
  })

  it('answers headers too large for Node with 431 and the JSON error body', async () => {
    const server = serve({ fetch: createApp(readyBackend(h.db, '3.3')).fetch, port: 0, hostname: '127.0.0.1' }) as import('node:http').Server
    answerClientErrors(server)
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as AddressInfo
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /api/search?q=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
      })
      let text = ''
      socket.on('data', (d) => (text += String(d)))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    server.close()
    expect(answer).toMatch(/^HTTP\/1\.1 431/)
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('headers_too_large')
  })
})

describe('stopping the server', () => {
  // On the embedded database whatever the run: the spawned server must not touch the test database.
  it('finishes the request in flight before it closes the database, then exits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fupin-stop-'))
    const port = 20_000 + (process.pid % 20_000)
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: '', PORT: String(port), PGLITE_DIR: join(dataDir, 'db'), SEED_SAMPLE: '0', ADMIN_USER: 'ops', ADMIN_PASSWORD: 'stop-test-password',
    }
    const server = spawn(process.execPath, ['api/start.mjs'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    server.stdout.on('data', (d) => (log += String(d)))
    server.stderr.on('data', (d) => (log += String(d)))
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve))
    try {
      const base = `http://127.0.0.1:${port}`
      for (let i = 0; i < 240; i++) {
        const ok = await fetch(`${base}/api/health?wait=1`).then((r) => r.status === 200, () => false)
        if (ok) break
        await new Promise((r) => setTimeout(r, 500))
      }
      const loggedIn = await fetch(`${base}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'ops', password: 'stop-test-password' }),
      })
      expect(loggedIn.status, log).toBe(200)
      const cookie = loggedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
      await fetch(`${base}/api/layers/regions/import`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie },
        body: JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '520999', name: '示范县', level: 'county' }, geometry: { type: 'Polygon', coordinates: [[[106.8, 27.3], [107.2, 27.3], [107.2, 27.7], [106.8, 27.7], [106.8, 27.3]]] } }] }),
      })
      // An import of a few thousand villages is in flight when the signal comes.
      const villages = Array.from({ length: 999 }, (_, i) => ({
        type: 'Feature', geometry: { type: 'Point', coordinates: [106.9 + (i % 30) * 0.006, 27.4 + Math.floor(i / 30) * 0.006] },
        properties: { code: `520999100${String(i + 1).padStart(3, '0')}`, name: `村${i}`, townshipCode: '520999100', households: 10, population: 40 },
      }))
      const inFlight = fetch(`${base}/api/layers/villages/import`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie },
        body: JSON.stringify({ type: 'FeatureCollection', features: villages }),
      })
      await new Promise((r) => setTimeout(r, 100))
      server.kill('SIGTERM')
      const answer = await inFlight
      expect(answer.status, log).toBe(200)
      expect((await answer.json()).inserted).toBe(villages.length)
      expect(await exited, log).toBe(0)
      expect(log).toContain('stopped')
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 180_000)
})


describe('a crash in the middle of an import', () => {
  // kill -9 while a 20,000-village import is being written: after a restart on the same data there
  // are no partial rows, and the embedded folder opens again. On the run's own backend (the server
  // of the PostgreSQL run gets a database of its own).
  it('leaves no partial rows and a database that opens again', async () => {
    const url = process.env.DATABASE_URL
    const name = `fupin_crash_${process.pid}`
    const admin = url ? postgres(url, { max: 1, onnotice: () => {} }) : null
    let target = ''
    if (admin) {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.unsafe(`CREATE DATABASE ${name}`)
      const u = new URL(url!)
      u.pathname = `/${name}`
      target = u.toString()
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'fupin-crash-'))
    const port = 21_000 + (process.pid % 20_000)
    const base = `http://127.0.0.1:${port}`
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: target, PORT: String(port), PGLITE_DIR: join(dataDir, 'db'), SEED_SAMPLE: '0',
      ADMIN_USER: 'ops', ADMIN_PASSWORD: 'crash-test-password',
    }
    const start = async () => {
      const child = spawn(process.execPath, ['api/start.mjs'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let log = ''
      child.stdout.on('data', (d) => (log += String(d)))
      child.stderr.on('data', (d) => (log += String(d)))
      for (let i = 0; i < 240; i++) {
        if (await fetch(`${base}/api/health?wait=1`).then((r) => r.status === 200, () => false)) break
        await new Promise((r) => setTimeout(r, 500))
      }
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'ops', password: 'crash-test-password' }),
      })
      expect(res.status, log).toBe(200)
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
      const send = (path: string, body: unknown) => fetch(`${base}${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie }, body: JSON.stringify(body),
      })
      return { child, send, get: (path: string) => fetch(`${base}${path}`, { headers: { cookie } }), log: () => log }
    }
    try {
      const first = await start()
      const county = { type: 'Feature', properties: { code: '520999', name: '示范县', level: 'county' },
        geometry: { type: 'Polygon', coordinates: [[[106.0, 27.0], [108.0, 27.0], [108.0, 28.0], [106.0, 28.0], [106.0, 27.0]]] } }
      expect((await first.send('/api/layers/regions/import', { type: 'FeatureCollection', features: [county] })).status).toBe(200)
      const villages = Array.from({ length: 20_000 }, (_, i) => ({
        type: 'Feature', geometry: { type: 'Point', coordinates: [106.1 + (i % 200) * 0.009, 27.1 + Math.floor(i / 200) * 0.008] },
        properties: { code: `5209991${String(Math.floor(i / 999) + 10).padStart(2, '0')}${String((i % 999) + 1).padStart(3, '0')}`, name: `村${i}`,
          townshipCode: `5209991${String(Math.floor(i / 999) + 10).padStart(2, '0')}`, households: 10, population: 40 },
      }))
      const exited = new Promise((resolve) => first.child.once('exit', resolve))
      const importing = first.send('/api/layers/villages/import', { type: 'FeatureCollection', features: villages }).catch(() => null)
      // Killed while the import is checked and written.
      await new Promise((r) => setTimeout(r, 1500))
      first.child.kill('SIGKILL')
      await exited
      await importing

      const second = await start()
      try {
        const counts = await (await second.get('/api/layers')).json() as { layer: string; count: number }[]
        expect(counts.find((c) => c.layer === 'villages')!.count).toBe(0)
        expect(counts.find((c) => c.layer === 'regions')!.count).toBe(1)
        // And the database takes writes again.
        expect((await second.send('/api/layers/villages/import', { type: 'FeatureCollection', features: villages.slice(0, 10) })).status).toBe(200)
      } finally {
        const stopped = new Promise((resolve) => second.child.once('exit', resolve))
        second.child.kill('SIGTERM')
        await stopped
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
      if (admin) {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await admin.end()
      }
    }
  }, 240_000)
})
