import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader as Pbf } from 'pbf'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { tileCache } from '../../api/tiles/cache.ts'
import { collection, feature } from './fixtures.ts'
import { createUser, harness, login, ORIGIN, request, resetData, villagePoints, type VillagePoint } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Vector tiles: decoded with @mapbox/vector-tile and compared with the database (counts per tile,
// properties, cluster counts), ETag and 304, invalidation after an edit, scope, bad addresses.

let h: Harness
let township: Identity
let townshipCode: string

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  ;[{ code: townshipCode }] = await h.db.rows<{ code: string }>(sql`
    SELECT township_code AS code FROM villages GROUP BY township_code ORDER BY count(*) DESC, township_code LIMIT 1`)
  await createUser(h.db, 'town_viewer', 'viewer', townshipCode)
  township = await login(h.app, 'town_viewer')
})

/** The tile holding a point at zoom z (the slippy-map formulas, written out here on their own). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)]
}

function boundsOf(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z
  const lat = (t: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * t) / n))) * 180) / Math.PI
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)]
}

async function getTile(path: string, as: Identity | null = h.admin, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { origin: ORIGIN, ...headers }
  if (as?.cookie) all.cookie = as.cookie
  const res = await h.app.request(`${ORIGIN}${path}`, { headers: all })
  const body = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, body, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(new TextDecoder().decode(body)) : null }
}

interface Decoded {
  properties: Record<string, unknown>
  type: number
  inside: boolean
}

/** The features of one layer of a tile; `inside`: a point within the tile proper (not its buffer). */
function decode(body: Uint8Array, layer: string): Decoded[] {
  const tile = new VectorTile(new Pbf(body))
  const l = tile.layers[layer]
  if (!l) return []
  expect(l.extent).toBe(4096)
  const out: Decoded[] = []
  for (let i = 0; i < l.length; i++) {
    const f = l.feature(i)
    const rings = f.loadGeometry()
    const inside = f.type === 1 && rings.every((ring) => ring.every((p) => p.x >= 0 && p.x < 4096 && p.y >= 0 && p.y < 4096))
    out.push({ properties: { ...f.properties }, type: f.type, inside })
  }
  return out
}

type VillageRow = VillagePoint

const villages = () => villagePoints(h.db)

/** Villages grouped by their tile at zoom z. */
function byTile(rows: VillageRow[], z: number): Map<string, VillageRow[]> {
  const tiles = new Map<string, VillageRow[]>()
  for (const v of rows) {
    const key = tileOf(v.lon, v.lat, z).join('/')
    tiles.set(key, [...(tiles.get(key) ?? []), v])
  }
  return tiles
}

describe(`vector tiles (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('holds in each tile at zoom 12 exactly the villages of the database in it, with the styling properties only', async () => {
    const rows = await villages()
    expect(rows.length).toBeGreaterThan(50)
    const tiles = byTile(rows, 12)
    expect(tiles.size).toBeGreaterThan(3)
    const seen = new Set<string>()
    for (const [key, expected] of tiles) {
      const res = await getTile(`/api/tiles/villages/12/${key}.mvt`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
      const features = decode(res.body, 'villages')
      const inside = features.filter((f) => f.inside)
      expect(inside.map((f) => f.properties.code).sort(), key).toEqual(expected.map((v) => v.code).sort())
      expect(features.every((f) => !f.properties.cluster)).toBe(true)
      for (const f of inside) {
        const v = expected.find((r) => r.code === f.properties.code)!
        const wanted: Record<string, unknown> = { code: v.code, name: v.name, townshipCode: v.townshipCode, population: v.population }
        for (const k of ['isPoorVillage', 'exitYear', 'plannedExitYear'] as const) if (v[k] !== null) wanted[k] = v[k]
        expect(f.properties).toEqual(wanted)
        seen.add(v.code)
      }
    }
    expect(seen.size).toBe(rows.length)
  })

  it('clusters villages at low zoom, the counts adding up to the villages of the tile', async () => {
    const rows = await villages()
    const tiles = byTile(rows, 7)
    expect(tiles.size).toBe(1)
    const [[key, expected]] = [...tiles]
    const features = decode((await getTile(`/api/tiles/villages/7/${key}.mvt`)).body, 'villages')
    const clusters = features.filter((f) => f.properties.cluster === true)
    expect(clusters.length).toBeGreaterThan(0)
    expect(clusters.every((c) => typeof c.properties.count === 'number' && (c.properties.count as number) > 1)).toBe(true)
    expect(clusters.every((c) => String(c.properties.code).startsWith('cluster-') && c.properties.name === undefined)).toBe(true)
    const total = features.filter((f) => f.inside).reduce((sum, f) => sum + (f.properties.cluster ? (f.properties.count as number) : 1), 0)
    expect(total).toBe(expected.length)
    // Lone points are the villages themselves.
    const codes = new Set(rows.map((v) => v.code))
    for (const f of features.filter((g) => !g.properties.cluster)) expect(codes.has(String(f.properties.code))).toBe(true)
  })

  it('draws every road wholly inside a tile, and only roads that reach the tile with its buffer', async () => {
    const [{ lon, lat }] = await h.db.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(ST_Centroid(ST_Extent(geom)))::float8 AS lon, ST_Y(ST_Centroid(ST_Extent(geom)))::float8 AS lat FROM roads`)
    const [x, y] = tileOf(lon, lat, 11)
    const [w, s, e, n] = boundsOf(11, x, y)
    const dx = ((e - w) * 64) / 4096
    const dy = ((n - s) * 64) / 4096
    const within = await h.db.rows<{ code: string }>(sql`
      SELECT code FROM roads WHERE geom IS NOT NULL AND ST_CoveredBy(geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`)
    const near = await h.db.rows<{ code: string }>(sql`
      SELECT code FROM roads WHERE ST_Intersects(geom, ST_MakeEnvelope(${w - dx}, ${s - dy}, ${e + dx}, ${n + dy}, 4326))`)
    expect(within.length).toBeGreaterThan(3)
    const features = decode((await getTile(`/api/tiles/roads/11/${x}/${y}.mvt`)).body, 'roads')
    const codes = features.map((f) => String(f.properties.code))
    for (const r of within) expect(codes).toContain(r.code)
    expect(codes.every((c) => near.some((r) => r.code === c))).toBe(true)
    expect(features.every((f) => f.type === 2)).toBe(true)
    const [road] = await h.db.rows<Record<string, unknown>>(sql`
      SELECT code, name, road_class AS "roadClass", surface, status, township_code AS "townshipCode" FROM roads WHERE code = ${within[0].code}`)
    const decoded = features.filter((f) => f.properties.code === road.code)
    expect(decoded[0].properties).toEqual(Object.fromEntries(Object.entries(road).filter(([, v]) => v !== null)))
  })

  it('draws at low zoom only the road classes of the zoom: county roads at 7, township from 8, all from 11', async () => {
    const roads = await h.db.rows<{ code: string; roadClass: string; lon: number; lat: number }>(sql`
      SELECT code, road_class AS "roadClass", ST_X(ST_StartPoint(geom))::float8 AS lon, ST_Y(ST_StartPoint(geom))::float8 AS lat
      FROM roads WHERE ST_GeometryType(geom) = 'ST_LineString'`)
    expect(new Set(roads.map((r) => r.roadClass)).size).toBeGreaterThan(1)
    const drawnClasses = async (z: number) => {
      const classes = new Set<string>()
      for (const key of new Set(roads.map((r) => tileOf(r.lon, r.lat, z).join('/')))) {
        for (const f of decode((await getTile(`/api/tiles/roads/${z}/${key}.mvt`)).body, 'roads')) classes.add(String(f.properties.roadClass))
      }
      return [...classes].sort()
    }
    const all = [...new Set(roads.map((r) => r.roadClass))].sort()
    expect(await drawnClasses(7)).toEqual(all.filter((c) => c === 'county'))
    expect(await drawnClasses(8)).toEqual(all.filter((c) => ['county', 'township'].includes(c)))
    expect(await drawnClasses(11)).toEqual(all)
  })

  it('answers an empty tile where there is nothing, and regions and hazards as polygons', async () => {
    const empty = await getTile('/api/tiles/villages/12/0/0.mvt')
    expect(empty.status).toBe(200)
    expect(decode(empty.body, 'villages')).toEqual([])
    const [{ lon, lat }] = await h.db.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(ST_Centroid(geom))::float8 AS lon, ST_Y(ST_Centroid(geom))::float8 AS lat FROM regions WHERE level = 'county' LIMIT 1`)
    const [x, y] = tileOf(lon, lat, 8)
    const regions = decode((await getTile(`/api/tiles/regions/8/${x}/${y}.mvt`)).body, 'regions')
    // Village outlines are drawn from zoom 11 only (core/tiles/tiles.ts DRAWN_FROM_ZOOM, the map's minzoom).
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM regions WHERE level <> 'village'`)
    expect(new Set(regions.map((f) => f.properties.code)).size).toBe(n)
    expect(regions.every((f) => f.type === 3 && ['county', 'township'].includes(String(f.properties.level)))).toBe(true)
  })

  it.runIf(process.env.DATABASE_URL)('builds tiles on connections without JIT (a low-zoom tile would spend seconds compiling)', async () => {
    const [{ jit }] = await h.db.rows<{ jit: string }>(sql`SELECT current_setting('jit') AS jit`)
    expect(jit).toBe('off')
  })

  it('says Cache-Control and an ETag, and answers 304 to If-None-Match', async () => {
    const [v] = await villages()
    const path = `/api/tiles/villages/12/${tileOf(v.lon, v.lat, 12).join('/')}.mvt`
    const first = await getTile(path)
    expect(first.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^".+"$/)
    const again = await getTile(path, h.admin, { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers.get('etag')).toBe(etag)
    const other = await getTile(path, h.admin, { 'if-none-match': '"something-else"' })
    expect(other.status).toBe(200)
    expect(other.headers.get('etag')).toBe(etag)
  })

  it('gives the new data after an edit, and keeps the cached tiles the edit does not touch', async () => {
    const rows = await villages()
    const tiles = byTile(rows, 12)
    const [[hereKey, [v]], [farKey]] = [...tiles]
    const here = `/api/tiles/villages/12/${hereKey}.mvt`
    const far = `/api/tiles/villages/12/${farKey}.mvt`
    const before = await getTile(here)
    await getTile(far)
    expect(tileCache(h.db).get(`villages/12/${farKey}/`)).toBeDefined()
    const full = (await request(h.app, 'GET', `/api/layers/villages/${v.code}`)).json
    const changed = { ...full.properties, population: v.population + 1234 }
    const res = await request(h.app, 'POST', '/api/layers/villages/import', collection(feature(changed, full.geometry)))
    expect(res.status).toBe(200)
    expect(tileCache(h.db).get(`villages/12/${farKey}/`)).toBeDefined()
    const after = await getTile(here, h.admin, { 'if-none-match': before.headers.get('etag')! })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect(decode(after.body, 'villages').find((f) => f.properties.code === v.code)!.properties.population).toBe(v.population + 1234)
    // Still cached, untouched by the edit.
    expect(tileCache(h.db).get(`villages/12/${farKey}/`)).toBeDefined()
    // A delete removes it from its tile.
    expect((await request(h.app, 'DELETE', `/api/layers/villages/${v.code}`)).status).toBe(200)
    expect(decode((await getTile(here)).body, 'villages').some((f) => f.properties.code === v.code)).toBe(false)
    // A change made in SQL by hand is seen too (the database records it).
    await h.db.rows(sql`UPDATE villages SET name = '改名村' WHERE code = ${tiles.get(farKey)![0].code}`)
    expect(decode((await getTile(far)).body, 'villages').find((f) => f.properties.code === tiles.get(farKey)![0].code)!.properties.name).toBe('改名村')
    await resetData(h.db)
    township = await login(h.app, 'town_viewer').catch(async () => {
      await createUser(h.db, 'town_viewer', 'viewer', townshipCode)
      return login(h.app, 'town_viewer')
    })
  })

  it("limits villages to the account's region; roads stay whole", async () => {
    const rows = await villages()
    const mine = rows.filter((v) => v.townshipCode === townshipCode)
    const theirs = rows.filter((v) => v.townshipCode !== townshipCode)
    expect(mine.length).toBeGreaterThan(0)
    expect(theirs.length).toBeGreaterThan(0)
    const seenCodes: string[] = []
    for (const key of byTile(rows, 12).keys()) {
      const res = await getTile(`/api/tiles/villages/12/${key}.mvt`, township)
      expect(res.status).toBe(200)
      seenCodes.push(...decode(res.body, 'villages').filter((f) => f.inside).map((f) => String(f.properties.code)))
    }
    expect(seenCodes.sort()).toEqual(mine.map((v) => v.code).sort())
    const [x, y] = tileOf(theirs[0].lon, theirs[0].lat, 11)
    const forAdmin = await getTile(`/api/tiles/roads/11/${x}/${y}.mvt`)
    const forTownship = await getTile(`/api/tiles/roads/11/${x}/${y}.mvt`, township)
    expect(forTownship.headers.get('etag')).toBe(forAdmin.headers.get('etag'))
    expect((await getTile(`/api/tiles/villages/7/0/0.mvt`, null)).status).toBe(401)
  })

  it('counts the features of a region per layer, and says which layers the map draws from tiles', async () => {
    const [{ county }] = await h.db.rows<{ county: string }>(sql`SELECT code AS county FROM regions WHERE level = 'county' LIMIT 1`)
    const [{ all, mine }] = await h.db.rows<{ all: number; mine: number }>(sql`
      SELECT count(*)::int AS all, (count(*) FILTER (WHERE township_code = ${townshipCode}))::int AS mine FROM villages`)
    const counts = (await request(h.app, 'GET', `/api/layers?region=${county}`)).json
    expect(counts.find((r: any) => r.layer === 'villages')).toEqual({ layer: 'villages', count: all, tiles: false })
    const forTownship = (await request(h.app, 'GET', `/api/layers?region=${county}`, undefined, { as: township })).json
    expect(forTownship.find((r: any) => r.layer === 'villages')).toEqual({ layer: 'villages', count: mine, tiles: false })
    const inTownship = (await request(h.app, 'GET', `/api/layers?region=${townshipCode}`)).json
    expect(inTownship.find((r: any) => r.layer === 'villages').count).toBe(mine)
    const put = await request(h.app, 'PUT', '/api/settings/map.tilesAboveFeatures', { value: mine, scope: '' })
    expect(put.status).toBe(200)
    const lowered = (await request(h.app, 'GET', `/api/layers?region=${county}`)).json
    expect(lowered.find((r: any) => r.layer === 'villages')).toEqual({ layer: 'villages', count: all, tiles: true })
    expect((await request(h.app, 'GET', `/api/layers?region=${townshipCode}`)).json.find((r: any) => r.layer === 'villages').tiles).toBe(false)
    expect((await request(h.app, 'GET', '/api/layers?region=12')).status).toBe(400)
    await request(h.app, 'PUT', '/api/settings/map.tilesAboveFeatures', { value: 20_000, scope: '' })
  })

  it('refuses bad addresses with 400 and an unknown layer with 404, each with its code', async () => {
    const cases: [string, number, string][] = [
      ['/api/tiles/villages/23/0/0.mvt', 400, 'tile_zoom_too_deep'],
      ['/api/tiles/villages/99999999/0/0.mvt', 400, 'tile_zoom_too_deep'],
      ['/api/tiles/villages/3/8/0.mvt', 400, 'tile_out_of_range'],
      ['/api/tiles/villages/3/0/8.mvt', 400, 'tile_out_of_range'],
      ['/api/tiles/villages/0/0/1.mvt', 400, 'tile_out_of_range'],
      ['/api/tiles/villages/-1/0/0.mvt', 400, 'invalid_tile'],
      ['/api/tiles/villages/a/0/0.mvt', 400, 'invalid_tile'],
      ['/api/tiles/villages/3/1.5/0.mvt', 400, 'invalid_tile'],
      ['/api/tiles/villages/3/0/0', 400, 'invalid_tile'],
      ['/api/tiles/villages/3/0/0.png', 400, 'invalid_tile'],
      ['/api/tiles/villages/3/0/x.mvt', 400, 'invalid_tile'],
      ['/api/tiles/rivers/3/0/0.mvt', 404, 'not_found'],
    ]
    for (const [path, status, code] of cases) {
      const res = await getTile(path)
      expect(res.status, path).toBe(status)
      expect(res.json.error.code, path).toBe(code)
      expect(res.json.error.details.msg.code, path).toMatch(/^errors\./)
      expect(res.headers.get('cache-control'), path).toBe('no-store')
    }
  })
})
