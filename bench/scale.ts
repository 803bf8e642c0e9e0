// `npm run bench scale [villages]`: a generated country (geodata/country.ts) loaded through the import
// path, then the figures of issue 15, each a median with the ratio to a baseline measured in the same run
// (the raw SQL the endpoint runs, recorded from one call and replayed without the API; for nearest and the
// exit rollup also the same answer measured live by spatial joins): nearest hardened road for every
// village of a province, exit summary of the whole instance and of a province, coverage of schools of the
// whole instance, site evaluation p50/p95, and memory.
//
// Without BENCH_SCALE_DB: one province of `villages` (50,000 by default) in a scratch database, dropped
// afterwards; the API runs in this process. With BENCH_SCALE_DB=name (PostgreSQL only), a persistent
// database of the whole country (`villages` over the generator's provinces, 31 at 500,000): reused when it
// holds the country with its facts, else created or completed and kept (bench/country_db.ts); the API
// then also runs as a process of its own over HTTP, whose memory is read from /proc.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { exitVillages } from '../api/exit/facts.ts'
import { nearestPerVillage, villagesIn } from '../api/analysis/nearest.ts'
import { targetSource } from '../api/analysis/targets.ts'
import { inRegion } from '../api/layers/store.ts'
import { loadCountry } from '../api/seed/generated.ts'
import { radiiOf } from '../api/analysis/village_facts.ts'
import { resolveSettings } from '../db/settings.ts'
import type { Database } from '../db/client.ts'
import { benchDatabase } from './database.ts'
import { countryDatabase } from './country_db.ts'
import { benchToken } from './identity.ts'
import { recording } from '../db/recording.ts'
import { ms } from './stats.ts'

async function samples(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn() // warm-up
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await fn()
    out.push(performance.now() - started)
  }
  return out.sort((a, b) => a - b)
}
const median = (s: number[]) => s[Math.floor(s.length / 2)]
const p95 = (s: number[]) => s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

export interface ScaleFigure {
  name: string
  backend: string
  median: number
  p95?: number
  baseline: number
  baselineName: string
  target: string
}

/** The province measured: the generator's first (its provinces are numbered from the list of codes). */
const PROVINCE = '11'

export async function benchScale(url: string | undefined, villages = 50_000): Promise<ScaleFigure[]> {
  const persistent = url ? process.env.BENCH_SCALE_DB : undefined
  const started = performance.now()
  let db: Database
  let close: () => Promise<void>
  if (persistent) {
    db = await countryDatabase(url!, persistent, { villages, seed: 'bench' })
    close = () => db.close()
  } else {
    const scratch = await benchDatabase(url)
    db = scratch.db
    close = scratch.drop
    const report = await loadCountry(db, { villages, seed: 'bench', provinces: 1 })
    console.log(`scale (${db.kind}): ${report.villages} villages, ${report.features} features loaded through the import path ` +
      `with facts and ANALYZE in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  }
  const figures: ScaleFigure[] = []
  const [{ all, province }] = await db.rows<{ all: number; province: number }>(sql`
    SELECT count(*)::int AS all, (count(*) FILTER (WHERE township_code LIKE ${`${PROVINCE}%`}))::int AS province FROM villages`)
  const label = `${all.toLocaleString('en')} villages`
  const provinceLabel = `${province.toLocaleString('en')} villages`
  try {
    const auth = await benchToken(db)
    const headers = { ...auth, 'content-type': 'application/json', origin: 'http://localhost' }
    const app = createApp(readyBackend(db, 'bench'))
    const call = async (path: string, init: RequestInit = { headers }) => {
      const res = await app.request(`http://localhost${path}`, init)
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`)
      await res.text()
    }
    const rawOf = async (path: string, init: RequestInit = { headers }) => {
      const recorder = recording(db)
      const res = await createApp(readyBackend(recorder.db, 'bench')).request(`http://localhost${path}`, init)
      await res.text()
      return () => replay(db, recorder.queries)
    }
    const measure = async (name: string, path: string, runs: number, target: string) => {
      const api = await samples(runs, () => call(path))
      const raw = await samples(runs, await rawOf(path))
      figures.push({ name, backend: db.kind, median: median(api), baseline: median(raw), baselineName: 'raw SQL', target })
      return figures.at(-1)!
    }
    const nearestPath = `/api/analysis/nearest?target=road_hardened&region=${PROVINCE}`
    const nearest = await measure(`nearest hardened road, every village of a province (${provinceLabel}, from the facts)`, nearestPath, 5, '< 10 s')
    const radii = radiiOf(await resolveSettings(db, PROVINCE))
    const liveNearest = await samples(1, () => nearestPerVillage(db, targetSource('road_hardened', 'completed', radii), villagesIn(inRegion('villages', PROVINCE))))
    figures.push({ name: `the same nearest measured live (KNN laterals, the query before the facts)`, backend: db.kind, median: median(liveNearest),
      baseline: nearest.median, baselineName: 'the API from the facts', target: '' })

    // The country's rollups take a minute each: one run after the warm-up there.
    const heavy = persistent ? 1 : 3
    const summary = await measure(`exit summary of the whole instance (${label}, stored facts)`, '/api/exit/summary', heavy, '< 2 s')
    await measure(`exit summary of a province (${provinceLabel})`, `/api/exit/summary?region=${PROVINCE}`, 5, '')
    if (!persistent) {
      const year = new Date().getUTCFullYear()
      const live = await samples(1, () => exitVillages(db, { year, live: true }))
      figures.push({ name: 'exit judgement of the whole instance measured live (spatial joins)', backend: db.kind, median: median(live),
        baseline: summary.median, baselineName: 'the stored-facts summary', target: '' })
    }
    await measure(`coverage of schools, every village (${label}, from the facts)`, '/api/analysis/coverage?target=school', heavy, '')

    // Site evaluation at 40 places near township seats spread over the instance.
    const seats = await db.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat FROM facilities WHERE kind = 'township_seat' ORDER BY md5(code) LIMIT 40`)
    const bodies = seats.map((s) => JSON.stringify({ geometry: { type: 'Point', coordinates: [s.lon + 0.01, s.lat] } }))
    const evaluate = (body: string) => ({ method: 'POST', body, headers })
    let k = 0
    const site = await samples(bodies.length * 2, () => call('/api/analysis/site', evaluate(bodies[k++ % bodies.length])))
    const replays = await Promise.all(bodies.slice(0, 10).map((b) => rawOf('/api/analysis/site', evaluate(b))))
    let j = 0
    const siteRaw = await samples(20, () => replays[j++ % replays.length]())
    figures.push({ name: 'site evaluation', backend: db.kind, median: median(site), p95: p95(site), baseline: median(siteRaw), baselineName: 'raw SQL', target: 'p95 < 100 ms' })

    const memory = process.memoryUsage()
    console.log(`  memory of this process (the API in it${persistent ? '' : ', and the load'}): rss ${mib(memory.rss)}, heap ${mib(memory.heapUsed)}`)
    if (persistent) await apiProcess(url!, persistent, auth, [nearestPath, '/api/exit/summary', `/api/exit/summary?region=${PROVINCE}`,
      '/api/analysis/coverage?target=school'], bodies.slice(0, 20))
    for (const f of figures) {
      console.log(`  ${f.name} (${f.backend}): median ${ms(f.median)}${f.p95 === undefined ? '' : `, p95 ${ms(f.p95)}`}; ` +
        `${f.baselineName} ${ms(f.baseline)}, ratio ${(f.median / f.baseline).toFixed(2)}×${f.target ? ` (target ${f.target})` : ''}`)
    }
  } finally {
    await close()
  }
  return figures
}

async function replay(db: Database, queries: ReturnType<typeof recording>['queries']): Promise<void> {
  for (const query of queries) await db.rows(query)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Kilobytes of a /proc/<pid>/status line (VmRSS: now, VmHWM: the peak). */
function procStatus(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${key}:`))
  return Number(line?.replace(/[^0-9]/g, '') ?? 0) * 1024
}

/**
 * The API as a process of its own over the country database: each path requested over HTTP (twice),
 * and site evaluations; then its resident memory now and at its peak, from /proc.
 */
async function apiProcess(url: string, name: string, auth: Record<string, string>, paths: string[], siteBodies: string[]): Promise<void> {
  const target = new URL(url)
  target.pathname = `/${name}`
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api_process.ts'], {
    env: { ...process.env, DATABASE_URL: target.toString(), PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the API process ended (${code}) before it listened`)))
      child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('listening')) resolve() })
    })
    const headers = { ...auth, 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` }
    const idle = procStatus(child.pid!, 'VmRSS')
    const times: string[] = []
    for (const path of paths) {
      for (let i = 0; i < 2; i++) {
        const started = performance.now()
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers })
        const body = await res.text()
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`)
        if (i === 1) times.push(`${path} ${ms(performance.now() - started)} (${(body.length / 2 ** 20).toFixed(1)} MiB)`)
      }
    }
    for (const body of siteBodies) {
      const res = await fetch(`http://127.0.0.1:${port}/api/analysis/site`, { method: 'POST', body, headers })
      if (res.status !== 200) throw new Error(`site: ${res.status}`)
      await res.text()
    }
    console.log(`  the API as a process of its own (bench/api_process.ts) over ${name}, over HTTP:`)
    for (const t of times) console.log(`    ${t}`)
    console.log(`    memory after the requests: VmRSS ${mib(procStatus(child.pid!, 'VmRSS'))}, VmHWM (peak) ${mib(procStatus(child.pid!, 'VmHWM'))}` +
      ` (at start ${mib(idle)}; target < 1 GiB)`)
  } finally {
    child.kill('SIGTERM')
  }
}
