// Load: many readers and a few writers at once against the real server on loopback, for a fixed
// time: requests per second, p50 and p99 latency, and errors (the target is 0 errors). Readers ask
// what leaders' dashboards ask (villages of the county, coverage); writers append progress entries,
// each to a project of its own (no conflicts by design). 32 readers and 4 writers for 60 s on
// PostgreSQL; 8 readers and 2 writers on the embedded database (one connection).
// `npm run bench load` (LOAD_SECONDS to shorten).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { todayInChina } from '../core/time/china.ts'

const USER = 'load'
const PASSWORD = 'load-bench-password'

/** A scratch PostgreSQL database beside the one DATABASE_URL names (never that one). */
async function scratchDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fupin_load_${process.pid}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const scratch = new URL(url)
  scratch.pathname = `/${name}`
  return {
    url: scratch.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

async function serve(url: string | undefined) {
  const scratch = url ? await scratchDatabase(url) : null
  url = scratch?.url
  const dataDir = mkdtempSync(join(tmpdir(), 'fupin-load-'))
  const port = 23_000 + (process.pid % 10_000)
  const base = `http://127.0.0.1:${port}`
  const server = spawn(process.execPath, ['api/start.mjs'], {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: join(dataDir, 'db'), DATABASE_URL: url ?? '', SEED_SAMPLE: '1', ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${base}/api/health?wait=1`).then((r) => r.status === 200, () => false)) break
    await new Promise((r) => setTimeout(r, 500))
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: USER, password: PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`login: ${login.status}`)
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const stop = async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
    rmSync(dataDir, { recursive: true, force: true })
    await scratch?.drop()
  }
  return { base, cookie, stop }
}

/** Writers: each appends progress entries to a project of its own, as fast as the server answers. */
async function writers(base: string, cookie: string, count: number, until: number) {
  const headers = { cookie, origin: base, 'content-type': 'application/json' }
  const projects = (await (await fetch(`${base}/api/projects?type=roads`, { headers })).json()) as { code: string; status: string }[]
  const mine = projects.filter((p) => p.status === 'under_construction').slice(0, count)
  const latencies: number[] = []
  let errors = 0
  await Promise.all(mine.map(async (p, w) => {
    let pct = 1
    while (Date.now() < until) {
      const detail = (await (await fetch(`${base}/api/projects/roads/${p.code}`, { headers })).json()) as { version: number }
      const started = performance.now()
      const res = await fetch(`${base}/api/projects/roads/${p.code}/progress`, {
        method: 'POST', headers,
        body: JSON.stringify({ version: detail.version, date: todayInChina(), status: 'under_construction', progressPct: pct, note: `load ${w}` }),
      })
      await res.arrayBuffer()
      latencies.push(performance.now() - started)
      if (res.status !== 200) errors++
      pct = pct >= 99 ? 1 : pct + 1
    }
  }))
  latencies.sort((a, b) => a - b)
  return { requests: latencies.length, errors, p50: latencies[Math.floor(latencies.length / 2)] ?? 0, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 }
}

async function run(label: string, url: string | undefined, readers: number, writerCount: number) {
  const seconds = Number(process.env.LOAD_SECONDS ?? 60)
  const { base, cookie, stop } = await serve(url)
  try {
    const until = Date.now() + seconds * 1000
    const [read, write] = await Promise.all([
      autocannon({
        url: base, connections: readers, duration: seconds, headers: { cookie },
        requests: [
          { method: 'GET', path: '/api/layers/villages?region=360729' },
          { method: 'GET', path: '/api/analysis/coverage?target=road_hardened&region=360729' },
        ],
      }),
      writers(base, cookie, writerCount, until),
    ])
    const readErrors = read.errors + read.timeouts + read.non2xx
    console.log(`load ${label}: ${readers} readers ${(read.requests.average).toFixed(0)} req/s (p50 ${read.latency.p50} ms, p99 ${read.latency.p99} ms, errors ${readErrors});`
      + ` ${writerCount} writers ${(write.requests / seconds).toFixed(1)} req/s (p50 ${write.p50.toFixed(0)} ms, p99 ${write.p99.toFixed(0)} ms, errors ${write.errors})`)
  } finally {
    await stop()
  }
}

export async function benchLoad(): Promise<void> {
  if (process.env.DATABASE_URL) await run('PostgreSQL', process.env.DATABASE_URL, 32, 4)
  await run('embedded', undefined, 8, 2)
}
