import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.ts'
import { readyBackend } from '../../api/backend.ts'
import { refreshAll } from '../../api/analysis/village_facts.ts'
import { importInParts } from '../../api/seed/generated.ts'
import { LOAD_ORDER, generateCountry } from '../../geodata/country.ts'
import { analyze } from '../../db/statistics.ts'
import type { Database } from '../../db/client.ts'
import { harness, ORIGIN, resetData } from './harness.ts'
import type { Harness } from './harness.ts'
import { recording } from '../../db/recording.ts'

// The plans of every analysis query on a generated province: each spatial search goes through a GiST
// index, and no large table is scanned sequentially inside a per-row loop (the 26 s nearest-road plan of
// a database without statistics, or a per-scheme water radius). The queries are recorded from the API
// itself and explained as they ran. Both backends load 50,000 villages through the import path (about
// two minutes embedded, one on PostgreSQL): PGlite's planner is PostgreSQL 17's, the server's 15.

const VILLAGES = 50_000
const LARGE = ['villages', 'roads', 'water', 'facilities', 'sites', 'hazards', 'village_facts']

let h: Harness
let county: string
let township: string

beforeAll(async () => {
  h = await harness()
  await resetData(h.db, { sample: false })
  const country = generateCountry({ villages: VILLAGES, seed: 'plans', provinces: 1 })
  for (const layer of LOAD_ORDER) await importInParts(h.db, layer, country[layer])
  await refreshAll(h.db)
  await analyze(h.db, [...LOAD_ORDER, 'village_facts'])
  county = country.regions.find((r) => r.properties.level === 'county')!.properties.code as string
  township = country.regions.find((r) => r.properties.level === 'township')!.properties.code as string
}, 900_000)

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Parent Relationship'?: string
  Plans?: PlanNode[]
}

interface PlanFacts {
  indexes: Set<string>
  /** Sequential scans of a large table repeated per row: inside a nested loop's inner side or a correlated subplan. */
  nestedSeqScans: string[]
}

function walk(node: PlanNode, repeated: boolean, out: PlanFacts): void {
  if (node['Index Name']) out.indexes.add(node['Index Name'])
  if (node['Node Type'] === 'Seq Scan' && repeated && LARGE.includes(node['Relation Name']!)) out.nestedSeqScans.push(node['Relation Name']!)
  const children = node.Plans ?? []
  children.forEach((child) => {
    // An InitPlan runs once; the inner side of a nested loop and a SubPlan run once per outer row.
    const relation = child['Parent Relationship']
    const again = relation === 'InitPlan' ? false
      : repeated || relation === 'SubPlan' || (node['Node Type'] === 'Nested Loop' && relation === 'Inner')
    walk(child, again, out)
  })
}

async function explain(query: SQL): Promise<PlanFacts> {
  const [row] = await h.db.rows<Record<string, unknown>>(sql`EXPLAIN (FORMAT JSON) ${query}`)
  const value = Object.values(row)[0]
  const plan = (typeof value === 'string' ? JSON.parse(value) : value) as { Plan: PlanNode }[]
  const facts: PlanFacts = { indexes: new Set(), nestedSeqScans: [] }
  walk(plan[0].Plan, false, facts)
  return facts
}

/** Every query an API call runs, explained: the indexes they use together, and any nested sequential scan. */
async function plansOf(method: string, path: string, body?: unknown): Promise<PlanFacts & { queries: number }> {
  const { db, queries } = recording(h.db)
  const app = createApp(readyBackend(db, 'test'))
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: ORIGIN, cookie: h.admin.cookie ?? '' }
  const res = await app.request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  expect(res.status, `${path}: ${(await res.clone().text()).slice(0, 300)}`).toBe(200)
  await res.text()
  const all: PlanFacts = { indexes: new Set(), nestedSeqScans: [] }
  for (const query of queries) {
    const facts = await explain(query)
    for (const i of facts.indexes) all.indexes.add(i)
    all.nestedSeqScans.push(...facts.nestedSeqScans)
  }
  return { ...all, queries: queries.length }
}

describe(`query plans on a generated province of ${VILLAGES} villages (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('has the villages loaded, with statistics', async () => {
    const [{ n, estimate }] = await h.db.rows<{ n: number; estimate: number }>(sql`
      SELECT (SELECT count(*)::int FROM villages) AS n, (SELECT reltuples::float8 FROM pg_class WHERE relname = 'villages' AND relnamespace = 'public'::regnamespace) AS estimate`)
    expect(n).toBe(VILLAGES)
    expect(estimate).toBe(VILLAGES)
  })

  it.each([
    // Nearest and coverage as built now read the stored facts (below); a what-if status is measured.
    ['nearest hardened road, every village, what-if', '/api/analysis/nearest?target=road_hardened&status=tendered', ['roads_geog_gist']],
    ['nearest clinic of a county, what-if', () => `/api/analysis/nearest?target=clinic&region=${county}&status=planned`, ['facilities_geog_gist']],
    ['coverage of water by each scheme’s radius, a county, what-if', () => `/api/analysis/coverage?target=water&region=${county}&status=under_construction`, ['water_geog_gist']],
    ['coverage of hardened roads, a county, what-if', () => `/api/analysis/coverage?target=road_hardened&region=${county}&status=tendered`, ['roads_geog_gist']],
    ['coverage of sites, a township, what-if', () => `/api/analysis/coverage?target=site&region=${township}&status=approved`, ['sites_geog_gist']],
    ['coverage of schools within 3 km of a county, what-if', () => `/api/analysis/coverage?target=school&region=${county}&withinM=3000&status=planned`, ['facilities_geog_gist']],
    ['exit villages of a county, measured (a past year)', () => `/api/exit/villages?region=${county}&year=2016`, ['roads_geog_gist', 'water_geog_gist', 'facilities_geog_gist']],
  ] as const)('%s: GiST index used, no nested sequential scan', async (_, path, indexes) => {
    const plans = await plansOf('GET', typeof path === 'function' ? path() : path)
    for (const index of indexes) expect([...plans.indexes], `${index} in ${[...plans.indexes].join(', ')}`).toContain(index)
    expect(plans.nestedSeqScans).toEqual([])
  })

  it.each([
    ['nearest hardened road, every village', '/api/analysis/nearest?target=road_hardened'],
    ['nearest hardened road, every village of the province', '/api/analysis/nearest?target=road_hardened&region=11'],
    ['nearest clinic of a county', () => `/api/analysis/nearest?target=clinic&region=${county}`],
    ['coverage of schools, every village', '/api/analysis/coverage?target=school'],
    ['coverage of water by each scheme’s radius, a county', () => `/api/analysis/coverage?target=water&region=${county}`],
    ['coverage of township seats, a township', () => `/api/analysis/coverage?target=township_seat&region=${township}`],
  ] as const)('%s from the stored facts: an aggregation, no spatial search, no nested sequential scan', async (_, path) => {
    const plans = await plansOf('GET', typeof path === 'function' ? path() : path)
    expect([...plans.indexes].filter((i) => i.endsWith('_gist'))).toEqual([])
    expect(plans.nestedSeqScans).toEqual([])
  })

  it.each(['villages', 'roads', 'water'] as const)('%s of a county, as its map reads them: by the township index, not a scan of the layer', async (layer) => {
    const plans = await plansOf('GET', `/api/layers/${layer}?region=${county}`)
    expect([...plans.indexes], [...plans.indexes].join(', ')).toContain(`${layer}_township_idx`)
    expect(plans.nestedSeqScans).toEqual([])
  })

  it('exit summary of the province from the stored facts: an aggregation, no spatial search at all', async () => {
    const plans = await plansOf('GET', '/api/exit/summary')
    expect([...plans.indexes].filter((i) => i.endsWith('_gist'))).toEqual([])
    expect(plans.nestedSeqScans).toEqual([])
    // The same summary measured live (a past year, a county) does search, by the indexes.
    const live = await plansOf('GET', `/api/exit/summary?region=${county}&year=2016`)
    expect([...live.indexes]).toContain('roads_geog_gist')
    expect(live.nestedSeqScans).toEqual([])
  })

  it('site evaluation: catchment, services and hazards each by its index', async () => {
    const [{ lon, lat }] = await h.db.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat FROM facilities WHERE kind = 'township_seat' ORDER BY code LIMIT 1`)
    const plans = await plansOf('POST', '/api/analysis/site', { geometry: { type: 'Point', coordinates: [lon + 0.01, lat] } })
    for (const index of ['villages_geog_gist', 'roads_geog_gist', 'water_geog_gist', 'facilities_geog_gist', 'hazards_geog_gist']) {
      expect([...plans.indexes], index).toContain(index)
    }
    expect(plans.nestedSeqScans).toEqual([])
  })

  it('a road written refreshes the facts of the villages around it by the index, not by a scan per village', async () => {
    const { db, queries } = recording(h.db)
    const [{ lon, lat }] = await h.db.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat FROM villages ORDER BY code LIMIT 1`)
    const app = createApp(readyBackend(db, 'test'))
    const res = await app.request(`${ORIGIN}/api/layers/roads/import`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: h.admin.cookie ?? '' },
      body: JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[lon, lat], [lon + 0.01, lat + 0.01]] },
        properties: { code: `${county}-RD-PLAN`, roadClass: 'village', surface: 'hardened', status: 'completed' } }] }),
    })
    expect(res.status).toBe(200)
    // The import ends with ANALYZE of what it wrote (village_facts among them): statistics, not a plan to explain.
    const around = queries.filter((q) => JSON.stringify(q).includes('village_facts') && !JSON.stringify(q).includes('ANALYZE'))
    expect(around.length).toBeGreaterThan(0)
    const indexes = new Set<string>()
    const nested: string[] = []
    for (const query of around) {
      // Writes are explained without running them: EXPLAIN alone plans an INSERT without executing it.
      const facts = await explain(query)
      for (const i of facts.indexes) indexes.add(i)
      nested.push(...facts.nestedSeqScans)
    }
    expect([...indexes]).toContain('villages_geog_gist')
    expect([...indexes]).toContain('roads_geog_gist')
    expect(nested).toEqual([])
  })
})
