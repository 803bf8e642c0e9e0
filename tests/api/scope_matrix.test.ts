import type { Feature } from 'geojson'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import type { Role } from '../../core/accounts/roles.ts'
import { WRITABLE_LAYERS } from '../../core/accounts/roles.ts'
import { collection, fixtureRegions, fixtureVillages } from './fixtures.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Every role × three scopes (the county 全南县, its township 城厢镇, the other county 黔北示范县) on
// the routes that read villages or what derives from them, and on the writes of each layer: reads
// show only the account's villages, writes change only what is the account's. The expected answer
// of each case comes from the rule (role may write the layer; the target lies in the scope), not
// from a table written by hand.

const COUNTY = '360729'
const TOWNSHIP = '360729100'
const OTHER = '520999'
const SCOPES = { county: COUNTY, township: TOWNSHIP, other: OTHER } as const
const ROLES: Role[] = ['viewer', 'planner', 'engineer', 'admin']
type ScopeName = keyof typeof SCOPES

let h: Harness
const who = new Map<string, Identity>()
const as = (role: Role, scope: ScopeName) => who.get(`${role}@${scope}`)!

const sample = (layer: 'villages' | 'roads' | 'sites') => (readSampleLayer(layer) as { features: Feature[] }).features
const inTownship = (layer: 'villages' | 'roads' | 'sites', township: string) => sample(layer).find((f) => f.properties!.townshipCode === township && f.geometry)!
const HOME = inTownship('villages', TOWNSHIP)
const AWAY = inTownship('villages', '360729104')
const codeOf = (f: Feature) => f.properties!.code as string
const inside = (code: string, scope: ScopeName) => code.startsWith(SCOPES[scope])

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())
  await request(h.app, 'POST', '/api/layers/villages/import', fixtureVillages())
  for (const role of ROLES) {
    for (const [name, region] of Object.entries(SCOPES)) {
      await createUser(h.db, `${role}-${name}`, role, region)
      who.set(`${role}@${name}`, await login(h.app, `${role}-${name}`))
    }
  }
  // A county scenario with assignments in two townships, and a project that serves villages of several.
  await createUser(h.db, 'county-planner', 'planner', COUNTY)
  const planner = await login(h.app, 'county-planner')
  const made = await request(h.app, 'POST', '/api/scenarios', {
    name: '矩阵方案', countyCode: COUNTY,
    sites: [{ key: 'C1', name: '候选点', geometry: { type: 'Point', coordinates: [114.5, 24.75] } }],
    assignments: [
      { villageCode: codeOf(HOME), siteKey: 'C1', households: 1, persons: 2 },
      { villageCode: codeOf(AWAY), siteKey: 'C1', households: 1, persons: 2 },
    ],
  }, { as: planner })
  expect(made.status, made.text).toBe(201)
  scenarioId = made.json.id
})

let scenarioId = 0

/** Village codes an answer shows, wherever they stand in it. */
function villageCodes(value: unknown): string[] {
  const out: string[] = []
  const walk = (v: unknown) => {
    if (typeof v === 'string' && /^\d{12}$/.test(v)) out.push(v)
    else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(value)
  return out
}

describe(`reads: every role in every scope sees only its villages (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  const road = () => sample('roads').find((f) => !f.properties!.townshipCode && f.geometry)!
  const READS: [string, () => string][] = [
    ['villages layer', () => '/api/layers/villages'],
    ['villages of the county', () => `/api/layers/villages?region=${COUNTY}`],
    ['search', () => `/api/search?q=${encodeURIComponent('村')}&limit=100`],
    ['nearest', () => '/api/analysis/nearest?target=clinic'],
    ['coverage', () => `/api/analysis/coverage?target=road_hardened&region=${COUNTY}`],
    ['exit villages', () => `/api/exit/villages?region=${COUNTY}`],
    ['exit dashboard', () => `/api/exit/dashboard?region=${COUNTY}`],
    ['project served villages', () => `/api/projects/roads/${codeOf(road())}`],
    ['scenario', () => `/api/scenarios/${scenarioId}`],
    ['scenario export', () => `/api/scenarios/${scenarioId}/export`],
    ['audit trail', () => '/api/audit?limit=1000'],
  ]
  it.each(READS)('%s', async (_, path) => {
    const failures: string[] = []
    for (const role of ROLES) {
      for (const scope of Object.keys(SCOPES) as ScopeName[]) {
        const res = await request(h.app, 'GET', path(), undefined, { as: as(role, scope) })
        if (res.status === 403 || (res.status === 400 && scope === 'other')) continue // refused outright: nothing shown
        if (res.status !== 200) {
          failures.push(`${role}@${scope}: ${res.status} ${res.text.slice(0, 100)}`)
          continue
        }
        const outside = villageCodes(res.json).filter((c) => !inside(c, scope))
        if (outside.length) failures.push(`${role}@${scope} sees ${outside.slice(0, 3).join(', ')}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('reads one village only inside the scope, and its history', async () => {
    const failures: string[] = []
    for (const village of [HOME, AWAY, fixtureVillages().features[0]]) {
      for (const role of ROLES) {
        for (const scope of Object.keys(SCOPES) as ScopeName[]) {
          const expected = inside(codeOf(village), scope) ? 200 : 403
          for (const path of [`/api/layers/villages/${codeOf(village)}`, `/api/layers/villages/${codeOf(village)}/history`]) {
            const res = await request(h.app, 'GET', path, undefined, { as: as(role, scope) })
            if (res.status !== expected) failures.push(`${role}@${scope} ${path}: ${res.status}, expected ${expected}`)
          }
        }
      }
    }
    expect(failures).toEqual([])
  })
})

describe(`writes: every role in every scope changes only what is its own (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('imports a feature of each layer in and out of each scope, changing nothing when refused', async () => {
    const road = inTownship('roads', TOWNSHIP)
    const site = inTownship('sites', TOWNSHIP)
    const targets: { layer: 'villages' | 'roads' | 'sites'; feature: Feature; region: string }[] = [
      { layer: 'villages', feature: HOME, region: TOWNSHIP },
      { layer: 'villages', feature: AWAY, region: '360729104' },
      { layer: 'villages', feature: fixtureVillages().features[0] as Feature, region: '520999100' },
      { layer: 'roads', feature: road, region: TOWNSHIP },
      { layer: 'sites', feature: site, region: TOWNSHIP },
    ]
    const failures: string[] = []
    for (const t of targets) {
      const body = collection({ ...t.feature, properties: { ...t.feature.properties, name: `${t.feature.properties!.name}` } } as Feature)
      for (const role of ROLES) {
        for (const scope of Object.keys(SCOPES) as ScopeName[]) {
          const mayWrite = WRITABLE_LAYERS[role].includes(t.layer)
          const expected = !mayWrite ? 403 : t.region.startsWith(SCOPES[scope]) ? 200 : 403
          const before = (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0].n
          const res = await request(h.app, 'POST', `/api/layers/${t.layer}/import`, body, { as: as(role, scope) })
          if (res.status !== expected) failures.push(`${role}@${scope} import ${t.layer} ${codeOf(t.feature)}: ${res.status}, expected ${expected}`)
          const after = (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0].n
          if (res.status !== 200 && after !== before) failures.push(`${role}@${scope} refused import still wrote`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('changes a scenario only from an account covering its region, while copies are open to all its readers', async () => {
    const failures: string[] = []
    const [row] = await h.db.rows<{ version: number }>(sql`SELECT version FROM scenarios WHERE id = ${scenarioId}`)
    for (const role of ROLES) {
      for (const scope of Object.keys(SCOPES) as ScopeName[]) {
        const planner = role === 'planner' || role === 'admin'
        const expected = !planner ? 403 : scope === 'county' ? 200 : 403
        const res = await request(h.app, 'PUT', `/api/scenarios/${scenarioId}`, {
          name: '矩阵方案', version: row.version + 999, sites: [{ key: 'C1', name: '候选点', geometry: { type: 'Point', coordinates: [114.5, 24.75] } }], assignments: [],
        }, { as: as(role, scope) })
        // A stale version from an account that may change it is a 409: the scope check passed.
        const status = res.status === 409 ? 200 : res.status
        if (status !== expected) failures.push(`${role}@${scope} PUT scenario: ${res.status}, expected ${expected}`)
        const copy = await request(h.app, 'POST', `/api/scenarios/${scenarioId}/duplicate`, { name: `副本 ${role} ${scope}` }, { as: as(role, scope) })
        const copyExpected = !planner ? 403 : scope === 'other' ? 403 : 201
        if (copy.status !== copyExpected) failures.push(`${role}@${scope} duplicate: ${copy.status}, expected ${copyExpected}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('writes settings, accounts and tokens only inside the admin’s own region', async () => {
    const failures: string[] = []
    for (const role of ROLES) {
      for (const scope of Object.keys(SCOPES) as ScopeName[]) {
        const admin = role === 'admin'
        const region = SCOPES[scope]
        for (const [target, expectedIf] of [[COUNTY, scope === 'county'], [OTHER, scope === 'other']] as const) {
          const setting = await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 600, scope: target }, { as: as(role, scope) })
          const expected = admin && expectedIf ? 200 : 403
          if (setting.status !== expected) failures.push(`${role}@${scope} setting ${target}: ${setting.status}, expected ${expected}`)
        }
        const account = await request(h.app, 'POST', '/api/users', { username: `n-${role}-${scope}`, password: 'long-enough-pw', role: 'viewer', regionCode: TOWNSHIP }, { as: as(role, scope) })
        const accountExpected = admin && TOWNSHIP.startsWith(region) ? 201 : 403
        if (account.status !== accountExpected) failures.push(`${role}@${scope} create account in ${TOWNSHIP}: ${account.status}, expected ${accountExpected}`)
      }
    }
    expect(failures).toEqual([])
  })
})

