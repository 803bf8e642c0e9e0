// `npm run bench scale [villages]`: a generated province (geodata/country.ts, 50,000 villages by default)
// loaded through the import path, then the figures of issue 15, each a median with the ratio to a
// baseline measured in the same run (the raw SQL the endpoint runs, replayed without the API; for the
// exit rollup also the same rollup measured live, by spatial joins): nearest hardened road for every
// village, exit and coverage rollups of the province, site evaluation p50/p95, and the memory of this
// process (the API runs in it). Embedded and, with DATABASE_URL, PostGIS.
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { refreshAll } from '../api/analysis/village_facts.ts'
import { exitVillages } from '../api/exit/facts.ts'
import { importInParts } from '../api/seed/generated.ts'
import { LOAD_ORDER, generateCountry } from '../geodata/country.ts'
import { analyze } from '../db/statistics.ts'
import { benchDatabase } from './database.ts'
import { benchToken } from './identity.ts'
import { recording } from '../db/recording.ts'
import { ms } from './stats.ts'

type Db = Awaited<ReturnType<typeof benchDatabase>>['db']

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

export interface ScaleFigure {
  name: string
  backend: string
  median: number
  p95?: number
  baseline: number
  baselineName: string
  target: string
}

export async function benchScale(url: string | undefined, villages = 50_000): Promise<ScaleFigure[]> {
  const { db, drop } = await benchDatabase(url)
  const figures: ScaleFigure[] = []
  try {
    const started = performance.now()
    const country = generateCountry({ villages, seed: 'bench', provinces: 1 })
    for (const layer of LOAD_ORDER) await importInParts(db, layer, country[layer])
    await refreshAll(db)
    await analyze(db, [...LOAD_ORDER, 'village_facts'])
    console.log(`scale (${db.kind}): ${villages} villages, ${country.roads.length} roads, ${country.water.length} water, ` +
      `${country.facilities.length} facilities loaded through the import path with facts in ${((performance.now() - started) / 1000).toFixed(0)} s`)
    const headers = { ...(await benchToken(db)), 'content-type': 'application/json', origin: 'http://localhost' }
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
    }
    await measure('nearest hardened road, every village of the province', '/api/analysis/nearest?target=road_hardened', 3, '< 10 s on PostGIS')
    // The whole instance: the province and the sample county beside it (region= takes counties and below).
    await measure('exit summary of the province (stored facts)', '/api/exit/summary', 5, '< 2 s at 500,000 villages')
    const year = new Date().getUTCFullYear()
    const live = await samples(1, () => exitVillages(db, { year, live: true }))
    figures.push({ name: 'exit judgement of the province measured live (spatial joins)', backend: db.kind, median: median(live),
      baseline: figures.at(-1)!.median, baselineName: 'the stored-facts summary', target: '' })
    await measure('coverage of schools, every village of the province', '/api/analysis/coverage?target=school', 3, '')

    // Site evaluation at 40 places near township seats.
    const seats = country.facilities.filter((f) => f.properties.kind === 'township_seat').slice(0, 40)
    const bodies = seats.map((f) => JSON.stringify({ geometry: { type: 'Point', coordinates: [(f.geometry as any).coordinates[0] + 0.01, (f.geometry as any).coordinates[1]] } }))
    const evaluate = (body: string) => ({ method: 'POST', body, headers })
    let k = 0
    const site = await samples(bodies.length * 2, () => call('/api/analysis/site', evaluate(bodies[k++ % bodies.length])))
    const replays = await Promise.all(bodies.slice(0, 10).map((b) => rawOf('/api/analysis/site', evaluate(b))))
    let j = 0
    const siteRaw = await samples(20, () => replays[j++ % replays.length]())
    figures.push({ name: 'site evaluation', backend: db.kind, median: median(site), p95: p95(site), baseline: median(siteRaw), baselineName: 'raw SQL', target: 'p95 < 100 ms' })

    const memory = process.memoryUsage()
    console.log(`  memory of this process (the API in it): rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB (target < 1 GiB)`)
    for (const f of figures) {
      console.log(`  ${f.name} (${f.backend}): median ${ms(f.median)}${f.p95 === undefined ? '' : `, p95 ${ms(f.p95)}`}; ` +
        `${f.baselineName} ${ms(f.baseline)}, ratio ${(f.median / f.baseline).toFixed(2)}×${f.target ? ` (target ${f.target})` : ''}`)
    }
  } finally {
    await drop()
  }
  return figures
}

async function replay(db: Db, queries: ReturnType<typeof recording>['queries']): Promise<void> {
  for (const query of queries) await db.rows(query)
}
