// GET /api/layers/villages on the sample county against the raw SQL it runs, in the same process.
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { benchDatabase } from './database.ts'
import { benchToken } from './identity.ts'
import { ms, time } from './stats.ts'

export async function benchLayers(url: string | undefined): Promise<void> {
  const { db, drop } = await benchDatabase(url)
  const app = createApp(readyBackend(db, 'bench'))
  const headers = await benchToken(db)
  const api = await time(200, async () => {
    const res = await app.request('/api/layers/villages', { headers })
    if (res.status !== 200) throw new Error(`GET /api/layers/villages: ${res.status}`)
    await res.text()
  })
  const raw = await time(200, () => db.rows(sql`
    SELECT code, name, township_code, households, population, poor_households, poor_population, is_poor_village,
      planned_exit_year, exit_year, elevation_m, has_electricity, has_broadband, has_clinic, has_cultural_room,
      relocation, relocation_households, relocation_population, relocation_poor_households, relocation_site_code,
      extra, ST_AsGeoJSON(geom, 7) FROM villages ORDER BY code`))
  console.log(`GET /api/layers/villages (${db.kind}): median ${ms(api.median)}, p90 ${ms(api.p90)}; ` +
    `raw SQL median ${ms(raw.median)}; ratio ${(api.median / raw.median).toFixed(2)}× ` +
    `(target: median under 30 ms on real PostGIS)`)
  await drop()
}
