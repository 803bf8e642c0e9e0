import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader as Pbf } from 'pbf'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { clusterCellsQuery, mvtQuery } from '../../api/tiles/build.ts'
import { migrationsFolder } from '../../db/paths.ts'
import { createUser, harness, login, ORIGIN, resetData, villagePoints, type VillagePoint } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// The village clusters kept per zoom (tile_cells, migration 0010) against a recount written out here
// on its own (web mercator, 16 cells a tile side), after the backfill and after random inserts, moves
// and deletes; the low-zoom tiles built from them against the clusters of that recount; scopes; the
// plan of the tile query.

let h: Harness

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
})

const R = 6378137
const mercator = (lon: number, lat: number): [number, number] =>
  [(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))]
const side = (z: number) => (2 * Math.PI * R) / 2 ** (z + 4)

type Village = VillagePoint

const villages = () => villagePoints(h.db)

interface Cell {
  zoom: number
  cx: number
  cy: number
  countyCode: string
  n: number
  mx: number
  my: number
  code: string | null
  members: Village[]
}

const key = (c: { zoom: number; cx: number; cy: number; countyCode: string }) => `${c.zoom}/${c.cx}/${c.cy}/${c.countyCode}`

/** The cells of zooms 0–9 counted from the villages. */
function recount(rows: Village[]): Map<string, Cell> {
  const cells = new Map<string, Cell>()
  for (const v of rows) {
    const [x, y] = mercator(v.lon, v.lat)
    for (let zoom = 0; zoom < 10; zoom++) {
      const c = { zoom, cx: Math.floor(x / side(zoom)), cy: Math.floor(y / side(zoom)), countyCode: v.townshipCode.slice(0, 6) }
      const cell = cells.get(key(c)) ?? { ...c, n: 0, mx: 0, my: 0, code: null, members: [] }
      cell.n++
      cell.mx += x
      cell.my += y
      cell.members.push(v)
      cells.set(key(c), cell)
    }
  }
  for (const c of cells.values()) {
    c.mx /= c.n
    c.my /= c.n
    c.code = c.n === 1 ? c.members[0].code : null
  }
  return cells
}

/** tile_cells equals the recount: the same cells, counts, lone villages, and means within 1e-6°. */
async function expectCellsMatch() {
  const rows = await h.db.rows<{ zoom: number; cx: number; cy: number; countyCode: string; n: number; mx: number; my: number; code: string | null }>(sql`
    SELECT zoom::int AS zoom, cx, cy, county_code AS "countyCode", n, (sx / n)::float8 AS mx, (sy / n)::float8 AS my, code FROM tile_cells`)
  const expected = recount(await villages())
  expect(rows.length).toBe(expected.size)
  const degrees = (mx: number, my: number) => [(mx / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(my / R)) - Math.PI / 2) * (180 / Math.PI)]
  for (const row of rows) {
    expect(typeof row.n).toBe('number')
    const e = expected.get(key(row))
    expect(e, key(row)).toBeDefined()
    expect(row.n, key(row)).toBe(e!.n)
    expect(row.code, key(row)).toBe(e!.code)
    const [lon, lat] = degrees(row.mx, row.my)
    const [elon, elat] = degrees(e!.mx, e!.my)
    expect(Math.abs(lon - elon), key(row)).toBeLessThan(1e-6)
    expect(Math.abs(lat - elat), key(row)).toBeLessThan(1e-6)
  }
}

let serial = 0
/** `n` villages scattered around the sample county (seeded), of its townships and of a neighbouring county. */
async function insertVillages(n: number, seed: number) {
  const start = 990000 + serial
  serial += n
  await h.db.transaction(async (tx) => {
    await tx.rows(sql`SELECT setseed(${seed})`)
    await tx.rows(sql`
      WITH t AS (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'township')
      INSERT INTO villages (code, name, township_code, households, population, is_poor_village, exit_year, geom)
      SELECT '360729' || lpad((${start}::int + i)::text, 6, '0'), '随机村' || i,
        CASE WHEN random() < 0.3 THEN '360730100' ELSE t.codes[1 + floor(random() * array_length(t.codes, 1))::int] END,
        100, 300 + i, CASE WHEN i % 3 = 0 THEN true END, CASE WHEN i % 5 = 0 THEN 2019 END,
        ST_SetSRID(ST_MakePoint(113.6 + random() * 1.9, 24.2 + random() * 1.2), 4326)
      FROM generate_series(1, ${n}::int) i, t`)
  })
}

/** The tile holding a point at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)]
}

interface Drawn {
  code: string
  properties: Record<string, unknown>
  x: number
  y: number
  edge?: boolean
}

function decode(body: Uint8Array): Drawn[] {
  const layer = new VectorTile(new Pbf(body)).layers.villages
  if (!layer) return []
  const out: Drawn[] = []
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i)
    const [[p]] = f.loadGeometry()
    out.push({ code: String(f.properties.code), properties: { ...f.properties }, x: p.x, y: p.y })
  }
  return out.sort((a, b) => a.code.localeCompare(b.code))
}

/**
 * The tile expected from the recount: its 16 × 16 cells and the ring around them (summed over the
 * counties in scope), a cluster of more than one village at their mean, one village as itself, the
 * points beyond the tile's buffer left out.
 */
function expectedTile(cells: Map<string, Cell>, z: number, x: number, y: number, scope = ''): Drawn[] {
  const half = 2 ** z * 8
  const [cx0, cy0] = [x * 16 - half, half - (y + 1) * 16]
  const merged = new Map<string, Village[]>()
  for (const c of cells.values()) {
    if (c.zoom !== z || c.cx < cx0 - 1 || c.cx > cx0 + 16 || c.cy < cy0 - 1 || c.cy > cy0 + 16 || !c.countyCode.startsWith(scope)) continue
    const k = `${c.cx}-${c.cy}`
    merged.set(k, [...(merged.get(k) ?? []), ...c.members])
  }
  const tileSide = 16 * side(z)
  const left = -Math.PI * R + x * tileSide
  const top = Math.PI * R - y * tileSide
  const out: Drawn[] = []
  for (const [k, members] of merged) {
    const points = members.map((v) => mercator(v.lon, v.lat))
    const mx = points.reduce((s, p) => s + p[0], 0) / points.length
    const my = points.reduce((s, p) => s + p[1], 0) / points.length
    const px = ((mx - left) / tileSide) * 4096
    const py = ((top - my) / tileSide) * 4096
    if (px < -65 || px > 4161 || py < -65 || py > 4161) continue
    // Within a unit of the buffer's edge: drawn or not by how the point is snapped and clipped.
    const edge = Math.min(Math.abs(px + 64), Math.abs(px - 4160), Math.abs(py + 64), Math.abs(py - 4160)) <= 1
    if (members.length > 1) {
      out.push({ code: `cluster-${z}-${k}`, properties: { code: `cluster-${z}-${k}`, cluster: true, count: members.length }, x: px, y: py, edge })
    } else {
      const v = members[0]
      const properties: Record<string, unknown> = { code: v.code, name: v.name, townshipCode: v.townshipCode, population: v.population }
      for (const p of ['isPoorVillage', 'exitYear', 'plannedExitYear'] as const) if (v[p] !== null) properties[p] = v[p]
      out.push({ code: v.code, properties, x: px, y: py, edge })
    }
  }
  return out.sort((a, b) => a.code.localeCompare(b.code))
}

async function getTile(path: string, as: Identity) {
  const res = await h.app.request(`${ORIGIN}${path}`, { headers: { origin: ORIGIN, cookie: as.cookie! } })
  expect(res.status, path).toBe(200)
  return new Uint8Array(await res.arrayBuffer())
}

/** Low-zoom tiles over the villages equal the recount's clusters: codes, counts, properties, positions within a tile unit. */
async function expectTilesMatch(as: Identity = h.admin, scope = '') {
  const rows = await villages()
  const cells = recount(rows)
  let clusters = 0
  let lone = 0
  for (const z of [4, 6, 7, 8, 9]) {
    const tiles = new Set(rows.map((v) => tileOf(v.lon, v.lat, z).join('/')))
    for (const t of tiles) {
      const [x, y] = t.split('/').map(Number)
      const drawn = decode(await getTile(`/api/tiles/villages/${z}/${x}/${y}.mvt`, as))
      const drawnCodes = new Set(drawn.map((d) => d.code))
      const expected = expectedTile(cells, z, x, y, scope).filter((e) => !e.edge || drawnCodes.has(e.code))
      expect(drawn.map((d) => d.code), `${z}/${t}`).toEqual(expected.map((e) => e.code))
      for (const [i, d] of drawn.entries()) {
        expect(d.properties, d.code).toEqual(expected[i].properties)
        expect(Math.abs(d.x - expected[i].x), d.code).toBeLessThanOrEqual(0.51)
        expect(Math.abs(d.y - expected[i].y), d.code).toBeLessThanOrEqual(0.51)
        if (d.properties.cluster) clusters++
        else lone++
      }
    }
  }
  expect(clusters).toBeGreaterThan(10)
  expect(lone).toBeGreaterThan(3)
}

describe(`tile cells (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it("the migration's backfill counts the villages already there as a recount does", async () => {
    await insertVillages(400, 0.21)
    await h.db.rows(sql`DELETE FROM tile_cells`)
    expect((await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM tile_cells`))[0].n).toBe(0)
    // The statements of migration 0010 after its triggers: the backfill, as the migration runs it.
    const migration = readFileSync(join(migrationsFolder, '0010_tile_cells.sql'), 'utf8')
    const backfill = migration.slice(migration.indexOf('-- The villages already there.')).split('--> statement-breakpoint')
    expect(backfill.length).toBe(3)
    for (const statement of backfill) await h.db.rows(sql.raw(statement))
    await expectCellsMatch()
  })

  it('stay exact through random inserts, moves, re-coding and deletes, and the low-zoom tiles draw them', async () => {
    await expectCellsMatch()
    // Inserts one by one and in bulk.
    for (let i = 0; i < 5; i++) await insertVillages(1, 0.3 + i / 100)
    await insertVillages(150, 0.4)
    // Moves (some into another county), renames that move nothing, a new code, deletes.
    await h.db.rows(sql`SELECT setseed(0.5)`)
    await h.db.rows(sql`UPDATE villages SET geom = ST_Translate(geom, random() * 0.3 - 0.15, random() * 0.3 - 0.15),
      township_code = CASE WHEN random() < 0.2 THEN '360730100' ELSE township_code END WHERE random() < 0.25`)
    await h.db.rows(sql`UPDATE villages SET name = name || '新' WHERE random() < 0.3`)
    const [{ code }] = await h.db.rows<{ code: string }>(sql`SELECT code FROM villages WHERE code LIKE '360729990%' ORDER BY code LIMIT 1`)
    await h.db.rows(sql`UPDATE villages SET code = '360729989999' WHERE code = ${code}`)
    await h.db.rows(sql`DELETE FROM villages WHERE random() < 0.2 AND code <> '360729989999'`)
    await h.db.rows(sql`DELETE FROM villages WHERE code = (SELECT min(code) FROM villages)`)
    // A village moved far off, alone in its cells at every zoom, then back.
    await h.db.rows(sql`UPDATE villages SET geom = ST_SetSRID(ST_MakePoint(100.5, 40.5), 4326) WHERE code = '360729989999'`)
    await expectCellsMatch()
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM tile_cells WHERE code = '360729989999'`)
    expect(n).toBe(10)
    await expectTilesMatch()
    // A statement rolled back leaves the cells as they were.
    await h.db.transaction(async (tx) => {
      await tx.rows(sql`DELETE FROM villages WHERE code LIKE '3607299%'`)
      await tx.rows(sql`SELECT 1 / 0`)
    }).catch(() => {})
    await expectCellsMatch()
  })

  it('on PostgreSQL the tile from the cells is the live clustering of the villages', async () => {
    if (h.db.kind !== 'postgres') return
    const rows = await villages()
    let compared = 0
    for (const z of [5, 7, 9]) {
      for (const t of new Set(rows.map((v) => tileOf(v.lon, v.lat, z).join('/')))) {
        const [x, y] = t.split('/').map(Number)
        const [kept] = await h.db.rows<{ tile: Uint8Array }>(mvtQuery('villages', { z, x, y }))
        const [live] = await h.db.rows<{ tile: Uint8Array }>(mvtQuery('villages', { z, x, y }, undefined, { live: true }))
        expect(decode(new Uint8Array(kept.tile)), `${z}/${t}`).toEqual(decode(new Uint8Array(live.tile)))
        compared++
      }
    }
    expect(compared).toBeGreaterThan(5)
  })

  it('a scoped tile sums only the counties of its scope; a township falls back to its own villages', async () => {
    await createUser(h.db, 'county_viewer', 'viewer', '360729')
    await createUser(h.db, 'province_viewer', 'viewer', '37')
    const county = await login(h.app, 'county_viewer')
    await expectTilesMatch(county, '360729')
    const [{ n: other }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM villages WHERE township_code LIKE '360730%'`)
    expect(other).toBeGreaterThan(10)
    // A province with no villages: empty tiles where the others see clusters.
    const province = await login(h.app, 'province_viewer')
    const [v] = await villages()
    const [x, y] = tileOf(v.lon, v.lat, 7)
    expect(decode(await getTile(`/api/tiles/villages/7/${x}/${y}.mvt`, province))).toEqual([])
    // A township: the live clustering of its villages, on the same grid.
    const [{ township }] = await h.db.rows<{ township: string }>(sql`
      SELECT township_code AS township FROM villages WHERE township_code LIKE '360729%' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    await createUser(h.db, 'township_viewer', 'viewer', township)
    const mine = (await villages()).filter((r) => r.townshipCode === township)
    const drawn = decode(await getTile(`/api/tiles/villages/7/${x}/${y}.mvt`, await login(h.app, 'township_viewer')))
    const expected = expectedTile(recount(mine), 7, x, y).filter((e) => !e.edge || drawn.some((d) => d.code === e.code))
    expect(drawn.map((d) => d.code)).toEqual(expected.map((e) => e.code))
    expect(drawn.reduce((s, d) => s + (d.properties.cluster ? (d.properties.count as number) : 1), 0))
      .toBe(expected.reduce((s, d) => s + (d.properties.cluster ? (d.properties.count as number) : 1), 0))
  })

  it('the low-zoom tile query reads the cells by their index, the villages only by code (20,000 generated)', async () => {
    await h.db.rows(sql`
      INSERT INTO villages (code, name, township_code, households, population, geom)
      SELECT (369000000000 + i)::text, '生成村' || i, '369000' || lpad((i % 50)::text, 3, '0'), 100, 400,
        ST_SetSRID(ST_MakePoint(110 + (i % 200) * 0.05 + (i % 7) * 0.003, 20 + (i / 200) * 0.05), 4326)
      FROM generate_series(1, 20000) i`)
    await h.db.rows(sql`ANALYZE villages`)
    await h.db.rows(sql`ANALYZE tile_cells`)
    const [x, y] = tileOf(112, 22, 7)
    for (const scope of [undefined, '369000']) {
      const query = h.db.kind === 'postgres' ? mvtQuery('villages', { z: 7, x, y }, scope) : clusterCellsQuery('villages', { z: 7, x, y }, scope)
      const [row] = await h.db.rows<{ 'QUERY PLAN': unknown }>(sql`EXPLAIN (FORMAT JSON) ${query}`)
      const plan = typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN']
      const scans: { node: string; relation: string; index?: string }[] = []
      const walk = (node: Record<string, any>) => {
        if (node['Relation Name']) scans.push({ node: node['Node Type'], relation: node['Relation Name'], index: node['Index Name'] })
        for (const child of node.Plans ?? []) walk(child)
      }
      walk((plan as { Plan: Record<string, unknown> }[])[0].Plan)
      const text = JSON.stringify(scans)
      expect(scans.filter((s) => s.relation === 'tile_cells').length, text).toBe(1)
      expect(scans.find((s) => s.relation === 'tile_cells'), text).toMatchObject({ index: 'tile_cells_pk' })
      expect(scans.find((s) => s.relation === 'tile_cells')!.node, text).toMatch(/^Index (Only )?Scan$/)
      // The one village of a lone cell, by its code.
      for (const s of scans.filter((s) => s.relation === 'villages')) {
        expect(s.node, text).toBe('Index Scan')
        expect(['villages_pkey', 'villages_code_prefix_idx'], text).toContain(s.index)
      }
    }
    await expectCellsMatch()
  })
})
