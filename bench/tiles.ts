// Vector tiles (GET /api/tiles/:layer/:z/:x/:y.mvt) on a generated province: p50/p95 for a mix of
// zooms, built (first request of a tile) and from the cache (again), against the raw query measured
// in the same run on the same tiles: ST_AsMVT on PostGIS; on PGlite (no ST_AsMVT) the rows of the
// tile's bbox, what its encoders start from. Run on both backends, PGlite against PostGIS at the end.
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { mvtQuery, runMvt } from '../api/tiles/build.ts'
import { tileBounds, TILE_BUFFER, TILE_EXTENT, type TileAddress } from '../core/tiles/tiles.ts'
import type { Database } from '../db/client.ts'
import { benchDatabase } from './database.ts'
import { benchToken } from './identity.ts'
import { ms } from './stats.ts'

const VILLAGES = Number(process.env.BENCH_TILE_VILLAGES ?? 20_000)
const ZOOMS = [6, 8, 10, 12, 14]
const TILES_PER_ZOOM = 30

export interface TileFigures {
  backend: string
  built: { p50: number; p95: number }
  cached: { p50: number; p95: number }
  raw: { p50: number; p95: number }
}

/** A generated province: villages in valleys (clusters) over 3° × 2.5°, one road from each. */
async function generate(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.rows(sql`SELECT setseed(0.15)`)
    await tx.rows(sql`
      WITH valley AS (SELECT v, 113.5 + random() * 3 AS x, 24.5 + random() * 2.5 AS y FROM generate_series(0, 299) v),
      n AS (SELECT n, n % 300 AS v, random() AS a, random() AS b, random() AS p FROM generate_series(1, ${VILLAGES}::int) n)
      INSERT INTO villages (code, name, township_code, households, population, is_poor_village, geom)
      SELECT (369000000000 + n)::text, '生成村' || n, left((369000000000 + n)::text, 9), 100 + (p * 400)::int, 400 + (p * 1600)::int,
        p < 0.3, ST_SetSRID(ST_MakePoint(x + (a - 0.5) * 0.25, y + (b - 0.5) * 0.18), 4326)
      FROM n JOIN valley USING (v)`)
    await tx.rows(sql`
      INSERT INTO roads (code, name, road_class, surface, status, geom)
      SELECT v.code || '-RD', NULL, (ARRAY['county', 'township', 'village', 'group'])[1 + (random() * 3)::int],
        (ARRAY['hardened', 'gravel', 'earth'])[1 + (random() * 2)::int], 'completed',
        ST_MakeLine(ARRAY[v.geom, ST_Translate(v.geom, 0.004 + random() * 0.01, random() * 0.01 - 0.005),
          ST_Translate(v.geom, 0.012 + random() * 0.02, random() * 0.02 - 0.01)])
      FROM villages v WHERE v.code LIKE '369%'`)
  })
  await db.rows(sql`ANALYZE villages`)
  await db.rows(sql`ANALYZE roads`)
}

/** Tiles holding generated villages, TILES_PER_ZOOM per zoom, the same on every backend. */
async function tileMix(db: Database): Promise<TileAddress[]> {
  const points = await db.rows<{ x: number; y: number }>(sql`
    SELECT ST_X(geom)::float8 AS x, ST_Y(geom)::float8 AS y FROM villages WHERE code LIKE '369%' ORDER BY code`)
  const tiles: TileAddress[] = []
  for (const z of ZOOMS) {
    const seen = new Set<string>()
    for (let i = 0; seen.size < TILES_PER_ZOOM && i < points.length; i += 997) {
      const { x: lon, y: lat } = points[(i * 7919) % points.length]
      const n = 2 ** z
      const rad = (lat * Math.PI) / 180
      const x = Math.floor(((lon + 180) / 360) * n)
      const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
      if (!seen.has(`${x}/${y}`)) {
        seen.add(`${x}/${y}`)
        tiles.push({ z, x, y })
      }
    }
  }
  return tiles
}

const percentile = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * p))]
const spread = (samples: number[]) => ({ p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) })

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

export async function benchTiles(url: string | undefined): Promise<TileFigures> {
  const { db, drop } = await benchDatabase(url)
  try {
    await generate(db)
    const app = createApp(readyBackend(db, 'bench'))
    const headers = await benchToken(db)
    const tiles = await tileMix(db)
    const layers = ['villages', 'roads'] as const
    const get = async (layer: string, t: TileAddress) => {
      const res = await app.request(`/api/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`, { headers })
      if (res.status !== 200) throw new Error(`tile ${layer} ${t.z}/${t.x}/${t.y}: ${res.status}`)
      await res.arrayBuffer()
    }
    const raw = (layer: (typeof layers)[number], t: TileAddress) => {
      if (db.kind === 'postgres') return runMvt(db, mvtQuery(layer, t))
      const [w, s, e, n] = tileBounds(t, TILE_BUFFER / TILE_EXTENT)
      return db.rows(sql`SELECT code, ST_AsGeoJSON(geom, 7) FROM ${sql.identifier(layer)} WHERE geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`)
    }
    // Warm-up on tiles outside the mix.
    for (const layer of layers) for (const z of [7, 9, 11]) await get(layer, { z, x: 0, y: 0 })
    const built: number[] = []
    const cached: number[] = []
    const rawTimes: number[] = []
    const byZoom = new Map<number, { built: number[]; raw: number[] }>()
    // Tile by tile, raw and built in turn first (whichever goes second finds the pages in memory), then cached.
    for (const layer of layers) {
      for (const [i, t] of tiles.entries()) {
        let r = 0
        let b = 0
        if (i % 2 === 0) {
          r = await timed(() => raw(layer, t))
          b = await timed(() => get(layer, t))
        } else {
          b = await timed(() => get(layer, t))
          r = await timed(() => raw(layer, t))
        }
        rawTimes.push(r)
        built.push(b)
        cached.push(await timed(() => get(layer, t)))
        const zoom = byZoom.get(t.z) ?? { built: [], raw: [] }
        zoom.built.push(b)
        zoom.raw.push(r)
        byZoom.set(t.z, zoom)
      }
    }
    const figures = { backend: db.kind, built: spread(built), cached: spread(cached), raw: spread(rawTimes) }
    const baseline = db.kind === 'postgres' ? 'raw ST_AsMVT' : 'raw bbox rows'
    console.log(`tiles (${db.kind}, ${VILLAGES} generated villages and roads, ${tiles.length} tiles × 2 layers, zooms ${ZOOMS.join('/')}): ` +
      `built p50 ${ms(figures.built.p50)}, p95 ${ms(figures.built.p95)}; cached p50 ${ms(figures.cached.p50)}, p95 ${ms(figures.cached.p95)}; ` +
      `${baseline} p50 ${ms(figures.raw.p50)}, p95 ${ms(figures.raw.p95)}; ratio p95 ${(figures.built.p95 / figures.raw.p95).toFixed(2)}× ` +
      `(target on PostGIS: p95 < 50 ms and ≤ 1.3× raw ST_AsMVT)`)
    console.log(`  by zoom (built p50/p95 | raw p50/p95): ${[...byZoom].map(([z, f]) =>
      `z${z} ${ms(spread(f.built).p50)}/${ms(spread(f.built).p95)} | ${ms(spread(f.raw).p50)}/${ms(spread(f.raw).p95)}`).join('; ')}`)
    return figures
  } finally {
    await drop()
  }
}

/** Both backends in one run: PGlite's built tiles against PostGIS's. */
export async function benchTilesBoth(url: string | undefined): Promise<void> {
  const embedded = await benchTiles(undefined)
  if (!url) return
  const postgis = await benchTiles(url)
  console.log(`tiles: embedded against PostGIS, built p50 ${(embedded.built.p50 / postgis.built.p50).toFixed(2)}×, ` +
    `p95 ${(embedded.built.p95 / postgis.built.p95).toFixed(2)}× (target: within 2.5×)`)
}
