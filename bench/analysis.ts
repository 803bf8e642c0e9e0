// Analysis endpoints on the sample county against the raw SQL they run (recorded from one call and
// replayed), and the query plans on a generated county of 50,000 villages (indexes must be used there).
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { benchDatabase } from './database.ts'
import { benchToken } from './identity.ts'
import { recording } from '../db/recording.ts'
import { ms, time } from './stats.ts'

const SITE = { geometry: { type: 'Point', coordinates: [114.53, 24.74] } }

export async function benchAnalysis(url: string | undefined): Promise<void> {
  const { db, drop } = await benchDatabase(url)
  try {
    const headers = { ...(await benchToken(db)), 'content-type': 'application/json', origin: 'http://localhost' }
    const endpoints: [string, string, RequestInit, string][] = [
      ['site evaluation', '/api/analysis/site', { method: 'POST', body: JSON.stringify(SITE), headers }, 'median < 20 ms PostGIS, < 100 ms embedded'],
      ['coverage (road_hardened, county)', '/api/analysis/coverage?target=road_hardened&region=360729', { headers }, 'median < 50 ms PostGIS'],
      ['nearest (clinic, county)', '/api/analysis/nearest?target=clinic&region=360729', { headers }, ''],
    ]
    for (const [name, path, init, target] of endpoints) {
      const app = createApp(readyBackend(db, 'bench'))
      const api = await time(100, async () => {
        const res = await app.request(`http://localhost${path}`, init)
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
        await res.text()
      })
      const recorder = recording(db)
      const once = await createApp(readyBackend(recorder.db, 'bench')).request(`http://localhost${path}`, init)
      await once.text()
      const raw = await time(100, async () => {
        for (const query of recorder.queries) await db.rows(query)
      })
      console.log(`${name} (${db.kind}): API median ${ms(api.median)} (p90 ${ms(api.p90)}), raw SQL (${recorder.queries.length} queries) ` +
        `median ${ms(raw.median)}, overhead ${(api.median / raw.median).toFixed(2)}× (target < 1.5×)${target ? `; ${target}` : ''}`)
    }
    await planCheck(db)
  } finally {
    await drop()
  }
}

/** 50,000 generated villages and 5,000 clinics around the sample county: nearest and catchment plans must use the GiST indexes. */
async function planCheck(db: Awaited<ReturnType<typeof benchDatabase>>['db']): Promise<void> {
  await db.rows(sql`
    INSERT INTO villages (code, name, township_code, households, population, poor_population, geom)
    SELECT '9999991' || lpad(i::text, 5, '0'), 'gen' || i, '999999100', 300, 1100, 20,
      ST_SetSRID(ST_MakePoint(114.2 + random() * 0.55, 24.55 + random() * 0.4), 4326)
    FROM generate_series(1, 50000) i`)
  await db.rows(sql`
    INSERT INTO facilities (code, name, kind, township_code, geom)
    SELECT 'GEN-CLINIC-' || i, 'gen clinic ' || i, 'clinic', '999999100',
      ST_SetSRID(ST_MakePoint(114.2 + random() * 0.55, 24.55 + random() * 0.4), 4326)
    FROM generate_series(1, 5000) i`)
  await db.rows(sql`ANALYZE villages`)
  await db.rows(sql`ANALYZE facilities`)
  const explain = async (query: ReturnType<typeof sql>) =>
    (await db.rows<Record<string, string>>(sql`EXPLAIN ${query}`)).map((r) => Object.values(r)[0]).join('\n')
  const nearestPlan = await explain(sql`
    SELECT v.code, n.code FROM villages v LEFT JOIN LATERAL (
      SELECT c.code FROM (SELECT t.code, t.geom FROM facilities t WHERE t.kind = 'clinic'
        ORDER BY t.geom::geography <-> v.geom::geography LIMIT 8) c
      ORDER BY ST_Distance(c.geom::geography, v.geom::geography) LIMIT 1) n ON true`)
  const catchmentPlan = await explain(sql`
    SELECT v.code FROM villages v
    WHERE ST_DWithin(v.geom::geography, ST_SetSRID(ST_MakePoint(114.53, 24.74), 4326)::geography, 5000)`)
  const uses = (plan: string, index: string) => plan.includes(index)
  console.log(`plans on 50,000 villages (${db.kind}): nearest uses facilities_geog_gist: ${uses(nearestPlan, 'facilities_geog_gist')}; ` +
    `catchment uses villages_geog_gist: ${uses(catchmentPlan, 'villages_geog_gist')}`)
  const started = performance.now()
  await db.rows(sql`SELECT count(*) FROM villages v
    WHERE ST_DWithin(v.geom::geography, ST_SetSRID(ST_MakePoint(114.53, 24.74), 4326)::geography, 5000)`)
  console.log(`  catchment of one site among 50,000 villages: ${ms(performance.now() - started)}`)
}
