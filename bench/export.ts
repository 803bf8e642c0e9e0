// The village ledger of a county of 10,000 villages (GET /api/ledgers/villages, target under 5 s),
// against the exit judgement it is built from (GET /api/exit/villages) in the same run, and the
// layer's Excel and Shapefile exports. A generated county 999999 of 20 townships beside the sample.
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import type { Database } from '../db/client.ts'
import { benchDatabase } from './database.ts'
import { benchToken } from './identity.ts'
import { ms } from './stats.ts'

const VILLAGES = 10_000
const TOWNSHIPS = 20

async function generateCounty(db: Database): Promise<void> {
  // The county and its townships as a 5 × 4 grid of 0.1° cells north of the sample county.
  await db.rows(sql`
    INSERT INTO regions (code, name, level, parent_code, geom)
    VALUES ('999999', '生成县', 'county', NULL, ST_SetSRID(ST_MakeEnvelope(114.0, 25.0, 114.5, 25.4), 4326))`)
  await db.rows(sql`
    INSERT INTO regions (code, name, level, parent_code, geom)
    SELECT '999999' || lpad((100 + i)::text, 3, '0'), '生成乡' || i, 'township', '999999',
      ST_SetSRID(ST_MakeEnvelope(114.0 + (i % 5) * 0.1, 25.0 + (i / 5) * 0.1, 114.1 + (i % 5) * 0.1, 25.1 + (i / 5) * 0.1), 4326)
    FROM generate_series(0, ${TOWNSHIPS - 1}) i`)
  await db.rows(sql`
    INSERT INTO villages (code, name, township_code, households, population, poor_households, poor_population, is_poor_village,
      planned_exit_year, has_electricity, has_broadband, has_clinic, has_cultural_room, geom)
    SELECT t.code || lpad((i / ${TOWNSHIPS})::text, 3, '0'), '生成村' || i, t.code, 300 + i % 200, 1100 + i % 700, 10 + i % 30, 30 + i % 90,
      i % 3 = 0, 2016 + i % 5, true, i % 4 <> 0, i % 2 = 0, true,
      ST_SetSRID(ST_MakePoint(114.0 + ((i % ${TOWNSHIPS}) % 5) * 0.1 + random() * 0.1, 25.0 + ((i % ${TOWNSHIPS}) / 5) * 0.1 + random() * 0.1), 4326)
    FROM generate_series(0, ${VILLAGES - 1}) i
    JOIN (SELECT code, (substring(code from 7)::int - 100) AS n FROM regions WHERE level = 'township' AND code LIKE '999999%') t
      ON t.n = i % ${TOWNSHIPS}`)
  await db.rows(sql`ANALYZE regions`)
  await db.rows(sql`ANALYZE villages`)
}

/** Median of three runs after one warm-up: each run takes seconds, not milliseconds. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<{ median: number }> {
  await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return { median: samples.sort((a, b) => a - b)[Math.floor(runs / 2)] }
}

export async function benchExport(url: string | undefined): Promise<void> {
  const { db, drop } = await benchDatabase(url)
  await generateCounty(db)
  const [{ n }] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM villages WHERE code LIKE '999999%'`)
  const app = createApp(readyBackend(db, 'bench'))
  const headers = await benchToken(db)
  const get = (path: string) => async () => {
    const res = await app.request(path, { headers })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`)
    await res.arrayBuffer()
  }
  const runs = 3
  const judgement = await time(runs, get('/api/exit/villages?region=999999&year=2020'))
  const ledger = await time(runs, get('/api/ledgers/villages?region=999999&year=2020'))
  console.log(`village ledger of ${n} villages (${db.kind}): median ${ms(ledger.median)} ` +
    `(${(ledger.median / judgement.median).toFixed(2)}× the exit judgement alone, ${ms(judgement.median)}; target under 5 s)`)
  const xlsx = await time(runs, get('/api/layers/villages/export?format=xlsx&region=999999'))
  const shp = await time(runs, get('/api/layers/villages/export?format=shp&region=999999'))
  console.log(`villages of the county as Excel (${db.kind}): median ${ms(xlsx.median)}; as a zipped Shapefile ${ms(shp.median)}`)
  await drop()
}
