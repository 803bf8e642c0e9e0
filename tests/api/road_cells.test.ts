import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader as Pbf } from 'pbf'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { harness, ORIGIN, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

// The roads of the low-zoom tiles kept per zoom tile (road_cells, migration 0012): a decoded tile below
// zoom 10 holds the roads of the classes of its zoom where the roads are, merged per county, class and
// status; inserts, updates of class, status and geometry, deletes and many-row inserts (an import) change
// the kept lines in the writing transaction and the served tile after it.

let h: Harness
/** A place inside the sample county, and a county of its own for the test's roads (so their features are told apart). */
let lon0: number
let lat0: number
const COUNTY = '999999'
const TOWNSHIP = `${COUNTY}001000`

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  ;[{ lon: lon0, lat: lat0 }] = await h.db.rows<{ lon: number; lat: number }>(sql`
    SELECT ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat FROM villages ORDER BY code LIMIT 1`)
})

/** The tile holding a point at zoom z and the point in that tile's units (slippy-map formulas written out here). */
function place(lon: number, lat: number, z: number) {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  const fx = ((lon + 180) / 360) * n
  const fy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n
  const x = Math.floor(fx)
  const y = Math.floor(fy)
  return { x, y, px: (fx - x) * 4096, py: (fy - y) * 4096 }
}

interface Line {
  properties: Record<string, unknown>
  lines: { x: number; y: number }[][]
}

/** The features of the test's county in the roads tile holding (lon, lat) at zoom z. */
async function testRoads(z: number, lon: number, lat: number): Promise<{ features: Line[]; px: number; py: number }> {
  const { x, y, px, py } = place(lon, lat, z)
  const res = await h.app.request(`${ORIGIN}/api/tiles/roads/${z}/${x}/${y}.mvt`, { headers: { origin: ORIGIN, cookie: h.admin.cookie! } })
  expect(res.status).toBe(200)
  const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.roads
  const features: Line[] = []
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer.feature(i)
    if (!String(f.properties.code).includes(`-${COUNTY}-`)) continue
    expect(f.type).toBe(2)
    features.push({ properties: f.properties, lines: f.loadGeometry() })
  }
  return { features, px, py }
}

/** Tile units from a point to the nearest segment of a feature. */
function distance(f: Line, px: number, py: number): number {
  let best = Infinity
  for (const line of f.lines) {
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]
      const b = line[i]
      const dx = b.x - a.x
      const dy = b.y - a.y
      const t = dx || dy ? Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / (dx * dx + dy * dy))) : 0
      best = Math.min(best, Math.hypot(a.x + t * dx - px, a.y + t * dy - py))
    }
  }
  return best
}

/** A road of ~5 km eastward from (lon, lat), as WKT. */
const roadAt = (lon: number, lat: number) => `LINESTRING(${lon} ${lat}, ${lon + 0.02} ${lat + 0.005}, ${lon + 0.05} ${lat})`

async function insertRoad(code: string, roadClass: string, status: string, lon: number, lat: number) {
  await h.db.rows(sql`INSERT INTO roads (code, road_class, surface, status, township_code, geom)
    VALUES (${code}, ${roadClass}, 'hardened', ${status}, ${TOWNSHIP}, ST_GeomFromText(${roadAt(lon, lat)}, 4326))`)
}

/** The kept lines of the test's county at zoom z that pass within `metres` of (lon, lat), as class/status. */
const keptNear = (db: Harness['db'], z: number, lon: number, lat: number, metres = 200) => db.rows<{ key: string }>(sql`
  SELECT road_class || '/' || status AS key FROM road_cells
  WHERE zoom = ${z}::int AND county_code = ${COUNTY}
    AND ST_DWithin(geom, ST_Transform(ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326), 3857), ${metres}::float8)
  ORDER BY key`)

describe(`low-zoom roads from the kept lines (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('draws the sample roads of the zoom\'s classes where they are, merged, as clusters without a road\'s code', async () => {
    const roads = await h.db.rows<{ code: string; roadClass: string; status: string; surface: string; lon: number; lat: number }>(sql`
      SELECT code, road_class AS "roadClass", status, surface, ST_X(ST_PointN(geom, 2))::float8 AS lon, ST_Y(ST_PointN(geom, 2))::float8 AS lat
      FROM roads WHERE ST_GeometryType(geom) = 'ST_LineString' AND road_class IN ('county', 'township') AND ST_NPoints(geom) >= 2
        AND ST_Length(geom::geography) > 2000`)
    expect(roads.length).toBeGreaterThan(0)
    for (const road of roads.slice(0, 10)) {
      const { x, y, px, py } = place(road.lon, road.lat, 9)
      const res = await h.app.request(`${ORIGIN}/api/tiles/roads/9/${x}/${y}.mvt`, { headers: { origin: ORIGIN, cookie: h.admin.cookie! } })
      const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.roads
      const near: Line[] = []
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i)
        expect(f.properties.cluster).toBe(true)
        expect(String(f.properties.code)).toMatch(/^cluster-roads-9-/)
        expect(['county', 'township']).toContain(f.properties.roadClass)
        const line = { properties: f.properties, lines: f.loadGeometry() }
        if (f.properties.roadClass === road.roadClass && f.properties.status === road.status
          && f.properties.surface === road.surface && distance(line, px, py) < 8) near.push(line)
      }
      expect(near.length, road.code).toBeGreaterThan(0)
    }
  })

  it('follows an insert, a change of class, status and geometry, and a delete, in the writing transaction', async () => {
    const [lon, lat] = [lon0 + 0.3, lat0 + 0.3]
    // In the transaction: the kept lines already hold the new road.
    await h.db.transaction(async (tx) => {
      await tx.rows(sql`INSERT INTO roads (code, road_class, surface, status, township_code, geom)
        VALUES ('RC-1', 'county', 'hardened', 'planned', ${TOWNSHIP}, ST_GeomFromText(${roadAt(lon, lat)}, 4326))`)
      expect(await keptNear(tx, 8, lon + 0.02, lat + 0.005)).toEqual([{ key: 'county/planned' }])
      expect(await keptNear(tx, 6, lon + 0.02, lat + 0.005, 2000)).toEqual([{ key: 'county/planned' }])
    })
    for (const z of [6, 8, 9]) {
      const { features, px, py } = await testRoads(z, lon + 0.02, lat + 0.005)
      expect(features.map((f) => `${f.properties.roadClass}/${f.properties.status}`)).toEqual(['county/planned'])
      expect(distance(features[0], px, py)).toBeLessThan(8)
    }

    await h.db.transaction(async (tx) => {
      await tx.rows(sql`UPDATE roads SET road_class = 'township', status = 'completed' WHERE code = 'RC-1'`)
      expect(await keptNear(tx, 8, lon + 0.02, lat + 0.005)).toEqual([{ key: 'township/completed' }])
      // Township roads are drawn from zoom 8 only.
      expect(await keptNear(tx, 7, lon + 0.02, lat + 0.005, 2000)).toEqual([])
    })
    expect((await testRoads(8, lon + 0.02, lat + 0.005)).features.map((f) => `${f.properties.roadClass}/${f.properties.status}`)).toEqual(['township/completed'])
    expect((await testRoads(7, lon + 0.02, lat + 0.005)).features).toEqual([])

    await h.db.rows(sql`UPDATE roads SET road_class = 'village' WHERE code = 'RC-1'`)
    expect((await testRoads(9, lon + 0.02, lat + 0.005)).features).toEqual([])

    // Moved 0.5° north: gone from the old place, drawn at the new one.
    await h.db.rows(sql`UPDATE roads SET road_class = 'county', geom = ST_GeomFromText(${roadAt(lon, lat + 0.5)}, 4326) WHERE code = 'RC-1'`)
    expect((await testRoads(9, lon + 0.02, lat + 0.005)).features).toEqual([])
    const moved = await testRoads(9, lon + 0.02, lat + 0.505)
    expect(moved.features.map((f) => f.properties.roadClass)).toEqual(['county'])
    expect(distance(moved.features[0], moved.px, moved.py)).toBeLessThan(8)

    await h.db.transaction(async (tx) => {
      await tx.rows(sql`DELETE FROM roads WHERE code = 'RC-1'`)
      expect(await keptNear(tx, 9, lon + 0.02, lat + 0.505)).toEqual([])
    })
    expect((await testRoads(9, lon + 0.02, lat + 0.505)).features).toEqual([])
  })

  it('merges the roads of one class and status into one feature, and follows a many-row insert and a truncate', async () => {
    const [lon, lat] = [lon0 - 0.4, lat0 - 0.3]
    // Many rows in one statement, as an import writes them; two classes, the county roads touching end to end.
    await h.db.rows(sql`INSERT INTO roads (code, road_class, surface, status, township_code, geom) VALUES
      ('RC-2', 'county', 'hardened', 'completed', ${TOWNSHIP}, ST_GeomFromText(${`LINESTRING(${lon} ${lat}, ${lon + 0.05} ${lat})`}, 4326)),
      ('RC-3', 'county', 'hardened', 'completed', ${TOWNSHIP}, ST_GeomFromText(${`LINESTRING(${lon + 0.05} ${lat}, ${lon + 0.1} ${lat + 0.01})`}, 4326)),
      ('RC-4', 'township', 'gravel', 'completed', ${TOWNSHIP}, ST_GeomFromText(${`LINESTRING(${lon} ${lat + 0.05}, ${lon + 0.05} ${lat + 0.05})`}, 4326))`)
    const z8 = await testRoads(8, lon + 0.025, lat)
    expect(z8.features.map((f) => `${f.properties.roadClass}/${f.properties.surface}`).sort()).toEqual(['county/hardened', 'township/gravel'])
    const county = z8.features.find((f) => f.properties.roadClass === 'county')!
    expect(county.lines).toHaveLength(1)
    for (const [plon, plat] of [[lon + 0.025, lat], [lon + 0.075, lat + 0.005]]) {
      const p = place(plon, plat, 8)
      expect(distance(county, p.px, p.py)).toBeLessThan(8)
    }
    await h.db.rows(sql`DELETE FROM roads WHERE code IN ('RC-2', 'RC-3', 'RC-4')`)
    expect((await testRoads(8, lon + 0.025, lat)).features).toEqual([])
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM road_cells WHERE county_code = ${COUNTY}`)
    expect(n).toBe(0)
    await insertRoad('RC-5', 'county', 'planned', lon, lat)
    await h.db.rows(sql`TRUNCATE roads`)
    const [{ left }] = await h.db.rows<{ left: number }>(sql`SELECT count(*)::int AS left FROM road_cells`)
    expect(left).toBe(0)
    expect((await testRoads(8, lon + 0.025, lat)).features).toEqual([])
    await resetData(h.db)
  })

  it('still answers 400 to a tile address off the grid', async () => {
    for (const path of ['8/256/0', '8/0/256', '8/x/0', '23/0/0']) {
      const res = await h.app.request(`${ORIGIN}/api/tiles/roads/${path}.mvt`, { headers: { origin: ORIGIN, cookie: h.admin.cookie! } })
      expect(res.status, path).toBe(400)
    }
  })
})
