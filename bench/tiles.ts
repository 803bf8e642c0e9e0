// Vector tiles (GET /api/tiles/:layer/:z/:x/:y.mvt) on a generated province (BENCH_TILE_VILLAGES,
// default 20,000; at 500,000 the area grows with the count, a country at the same density): p50/p95
// for a mix of zooms, built (first request of a tile) and from the cache (again), against the raw
// query measured in the same run on the same tiles: on PostGIS the ST_AsMVT query the endpoint runs
// (low-zoom villages from the kept cells) and, for the clustered zooms, the old live clustering of the
// villages of the tile; on PGlite (no ST_AsMVT) the rows its encoders start from (the cell rows, the kept road lines, or
// the rows of the tile's bbox). Run on both backends, PGlite against PostGIS at the end.
import { sql } from 'drizzle-orm'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { clusterCellsQuery, mvtQuery, roadCellRows } from '../api/tiles/build.ts'
import { clustersAt, roadCellsAt, roadClassesAt, tileBounds, TILE_BUFFER, TILE_EXTENT, type TileAddress } from '../core/tiles/tiles.ts'
import type { Database } from '../db/client.ts'
import { benchDatabase } from './database.ts'
import { benchToken } from './identity.ts'
import { ms } from './stats.ts'

const VILLAGES = Number(process.env.BENCH_TILE_VILLAGES ?? 20_000)
const ZOOMS = [6, 7, 8, 10, 12, 14]
/** Sides grow with the count so that the density stays the 20,000-village province's. */
const SCALE = Math.max(1, Math.sqrt(VILLAGES / 20_000))
const VALLEYS = Math.round(300 * SCALE * SCALE)
const TILES_PER_ZOOM = 30

interface Spread {
  p50: number
  p95: number
}

export interface TileFigures {
  backend: string
  built: Spread
  cached: Spread
  raw: Spread
  /** By layer and zoom (`villages z6`). */
  byZoom: Map<string, { built: Spread; raw: Spread; live?: Spread }>
}

/** A generated province: villages in valleys (clusters) over 3° × 2.5° (× SCALE a side), one road from each. */
async function generate(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.rows(sql`SELECT setseed(0.15)`)
    await tx.rows(sql`
      WITH valley AS (SELECT v, 115 + (random() - 0.5) * 3 * ${SCALE}::float8 AS x, 25.75 + (random() - 0.5) * 2.5 * ${SCALE}::float8 AS y
        FROM generate_series(0, ${VALLEYS - 1}::int) v),
      n AS (SELECT n, n % ${VALLEYS}::int AS v, random() AS a, random() AS b, random() AS p FROM generate_series(1, ${VILLAGES}::int) n)
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
  await db.rows(sql`ANALYZE tile_cells`)
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
const spread = (samples: number[]): Spread => ({ p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) })

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

export async function benchTiles(url: string | undefined): Promise<TileFigures> {
  const { db, drop } = await benchDatabase(url)
  try {
    const loading = performance.now()
    await generate(db)
    console.log(`tiles (${db.kind}): ${VILLAGES} villages and roads generated, cells kept and analysed in ${ms(performance.now() - loading)}`)
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
      if (db.kind === 'postgres') return db.rows(mvtQuery(layer, t))
      if (clustersAt(layer, t.z)) return db.rows(clusterCellsQuery(layer, t))
      if (roadCellsAt(layer, t.z)) return db.rows(roadCellRows(t, undefined))
      const [w, s, e, n] = tileBounds(t, TILE_BUFFER / TILE_EXTENT)
      const classes = layer === 'roads' ? sql`AND road_class IN (${sql.join(roadClassesAt(t.z).map((c) => sql`${c}`), sql`, `)})` : sql``
      return db.rows(sql`SELECT code, ST_AsGeoJSON(geom, 7) FROM ${sql.identifier(layer)} WHERE geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326) ${classes}`)
    }
    /** The old way on PostGIS: the villages of the tile clustered at request time, the roads of low zooms one by one. */
    const live = (layer: (typeof layers)[number], t: TileAddress) => db.rows(mvtQuery(layer, t, undefined, { live: true }))
    // Warm-up on tiles outside the mix.
    for (const layer of layers) for (const z of [7, 9, 11]) await get(layer, { z, x: 0, y: 0 })
    const built: number[] = []
    const cached: number[] = []
    const rawTimes: number[] = []
    const byZoom = new Map<string, { built: number[]; raw: number[]; live: number[] }>()
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
        const zoom = byZoom.get(`${layer} z${t.z}`) ?? { built: [], raw: [], live: [] }
        zoom.built.push(b)
        zoom.raw.push(r)
        if (db.kind === 'postgres' && (clustersAt(layer, t.z) || roadCellsAt(layer, t.z))) zoom.live.push(await timed(() => live(layer, t)))
        byZoom.set(`${layer} z${t.z}`, zoom)
      }
    }
    const figures: TileFigures = {
      backend: db.kind, built: spread(built), cached: spread(cached), raw: spread(rawTimes),
      byZoom: new Map([...byZoom].map(([z, f]) =>
        [z, { built: spread(f.built), raw: spread(f.raw), ...(f.live.length ? { live: spread(f.live) } : {}) }])),
    }
    const baseline = db.kind === 'postgres' ? 'raw ST_AsMVT' : 'raw rows (cells, kept road lines or bbox)'
    console.log(`tiles (${db.kind}, ${VILLAGES} generated villages and roads, ${tiles.length} tiles × 2 layers, zooms ${ZOOMS.join('/')}): ` +
      `built p50 ${ms(figures.built.p50)}, p95 ${ms(figures.built.p95)}; cached p50 ${ms(figures.cached.p50)}, p95 ${ms(figures.cached.p95)}; ` +
      `${baseline} p50 ${ms(figures.raw.p50)}, p95 ${ms(figures.raw.p95)}; ratio p95 ${(figures.built.p95 / figures.raw.p95).toFixed(2)}× ` +
      `(target on PostGIS: p95 < 50 ms and ≤ 1.3× raw ST_AsMVT)`)
    for (const [z, f] of figures.byZoom) {
      console.log(`  ${z} (${tiles.filter((t) => `z${t.z}` === z.split(' ')[1]).length} tiles): built ${ms(f.built.p50)}/${ms(f.built.p95)} | raw ${ms(f.raw.p50)}/${ms(f.raw.p95)}` +
        (f.live ? ` | old live query (villages clustered, roads one by one) ${ms(f.live.p50)}/${ms(f.live.p95)}` : ''))
    }
    return figures
  } finally {
    await drop()
  }
}

/** Both backends in one run: PGlite's built tiles against PostGIS's. */
export async function benchTilesBoth(url: string | undefined): Promise<void> {
  // BENCH_TILE_BACKENDS=postgres measures PostGIS alone (the embedded run at 500,000 villages is long).
  if (process.env.BENCH_TILE_BACKENDS === 'postgres') {
    await benchTiles(url)
    return
  }
  const embedded = await benchTiles(undefined)
  if (!url) return
  const postgis = await benchTiles(url)
  console.log(`tiles: embedded against PostGIS, built p50 ${(embedded.built.p50 / postgis.built.p50).toFixed(2)}×, ` +
    `p95 ${(embedded.built.p95 / postgis.built.p95).toFixed(2)}× (target: within 2.5×)`)
  for (const [z, f] of embedded.byZoom) {
    const p = postgis.byZoom.get(z)
    if (p) console.log(`  ${z}: embedded ÷ PostGIS built p50 ${(f.built.p50 / p.built.p50).toFixed(2)}×, p95 ${(f.built.p95 / p.built.p95).toFixed(2)}×`)
  }
}
