import type { Feature } from 'geojson'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSampleLayer } from '../../api/seed/seed.ts'
import type { Role } from '../../core/accounts/roles.ts'
import { collection } from './fixtures.ts'
import { createUser, harness, login, request, resetData } from './harness.ts'
import type { Harness, Identity } from './harness.ts'

// Every route × every role × a feature in and out of the account's scope, with the expected status.
// Accounts are limited to 城厢镇 (360729100); 南迳镇 (360729104) is outside. The county admin covers both.

const HOME = '360729100'
const AWAY = '360729104'

let h: Harness
const who: Record<string, Identity | null> = {}

const first = (layer: 'villages' | 'sites' | 'roads', township: string): Feature =>
  (readSampleLayer(layer) as { features: Feature[] }).features.find((f) => f.properties!.townshipCode === township && f.geometry)!

/** Re-import a sample feature unchanged but for one property: a real write, to the same feature. */
const edit = (feature: Feature) => collection({ ...feature, properties: { ...feature.properties, contractor: '复核', name: feature.properties!.name } } as Feature)

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  const accounts: [string, Role, string][] = [
    ['viewer', 'viewer', HOME], ['planner', 'planner', HOME], ['engineer', 'engineer', HOME],
    ['township_admin', 'admin', HOME], ['county_admin', 'admin', '360729'],
  ]
  for (const [name, role, region] of accounts) {
    await createUser(h.db, name, role, region)
    who[name] = await login(h.app, name)
  }
  who.anonymous = null
})

type Case = [method: string, path: string, body: unknown, expected: Record<string, number>]
const ROLES = ['anonymous', 'viewer', 'planner', 'engineer', 'township_admin', 'county_admin'] as const
const all = (status: number, anonymous = 401) =>
  Object.fromEntries(ROLES.map((r) => [r, r === 'anonymous' ? anonymous : status]))

function cases(): Case[] {
  const homeVillage = first('villages', HOME)
  const awayVillage = first('villages', AWAY)
  const homeSite = first('sites', HOME)
  const awaySite = first('sites', AWAY)
  const homeRoad = first('roads', HOME)
  const awayRoad = first('roads', AWAY)
  return [
    ['GET', '/api/health', undefined, all(200, 200)],
    ['GET', '/api/layers', undefined, all(200)],
    ['GET', '/api/layers/villages', undefined, all(200)],
    ['GET', `/api/layers/villages/${homeVillage.properties!.code}`, undefined, all(200)],
    ['GET', `/api/layers/villages/${awayVillage.properties!.code}`, undefined, { ...all(403), county_admin: 200 }],
    ['GET', `/api/layers/villages/${awayVillage.properties!.code}/history`, undefined, { ...all(403), county_admin: 200 }],
    ['GET', `/api/layers/roads/${awayRoad.properties!.code}`, undefined, all(200)],
    ['GET', `/api/layers/sites/${awaySite.properties!.code}/history`, undefined, all(200)],
    ['GET', '/api/counties', undefined, all(200)],
    ['GET', '/api/analysis/nearest?target=clinic', undefined, all(200)],
    ['GET', '/api/analysis/coverage?target=road_hardened&region=360729', undefined, all(200)],
    ['POST', '/api/analysis/site', { geometry: { type: 'Point', coordinates: [114.53, 24.74] } }, all(200)],
    ['GET', '/api/search?q=村', undefined, all(200)],
    ['GET', '/api/settings', undefined, all(200)],
    ['POST', '/api/layers/villages/import', edit(homeVillage), { ...all(403), township_admin: 200, county_admin: 200 }],
    ['POST', '/api/layers/villages/import', edit(awayVillage), { ...all(403), county_admin: 200 }],
    ['POST', '/api/layers/sites/import', edit(homeSite), { ...all(200), viewer: 403 }],
    ['POST', '/api/layers/sites/import', edit(awaySite), { ...all(403), county_admin: 200 }],
    ['POST', '/api/layers/roads/import', edit(homeRoad), { ...all(200), viewer: 403, planner: 403 }],
    ['POST', '/api/layers/roads/import', edit(awayRoad), { ...all(403), county_admin: 200 }],
    ['PUT', '/api/settings/siting.catchmentRadiusM', { value: 6000, scope: '360729' }, { ...all(403), county_admin: 200 }],
    ['GET', '/api/users', undefined, { ...all(403), township_admin: 200, county_admin: 200 }],
    ['POST', '/api/users', { username: 'newbie', password: 'long-enough-pw', role: 'viewer', regionCode: AWAY }, { ...all(403), county_admin: 201 }],
    ['GET', '/api/tokens', undefined, { ...all(403), township_admin: 200, county_admin: 200 }],
    ['GET', '/api/audit', undefined, { ...all(403), township_admin: 200, county_admin: 200 }],
    ['GET', '/api/auth/me', undefined, all(200)],
  ]
}

describe(`permission matrix (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('answers every route for every role with the expected status', async () => {
    const failures: string[] = []
    for (const [method, path, body, expected] of cases()) {
      for (const role of ROLES) {
        const res = await request(h.app, method, path, body, { as: who[role] })
        if (res.status !== expected[role]) failures.push(`${role} ${method} ${path}: ${res.status}, expected ${expected[role]} (${res.text.slice(0, 120)})`)
        if (res.status === 201 && path === '/api/users') await h.db.rows(sql`DELETE FROM users WHERE username = 'newbie'`)
      }
    }
    expect(failures).toEqual([])
  })

  it('limits analysis to the villages of the account region', async () => {
    const nearest = await request(h.app, 'GET', '/api/analysis/nearest?target=clinic', undefined, { as: who.viewer })
    expect(nearest.json.length).toBeGreaterThan(0)
    expect(nearest.json.every((r: any) => r.village.startsWith(HOME))).toBe(true)
    const county = await request(h.app, 'GET', '/api/analysis/coverage?target=clinic&region=360729', undefined, { as: who.viewer })
    expect(county.json.groups.map((g: any) => g.code)).toEqual([HOME])
  })

  it('limits village reads to the account region but not infrastructure', async () => {
    const villages = await request(h.app, 'GET', '/api/layers/villages', undefined, { as: who.viewer })
    const home = (readSampleLayer('villages') as { features: Feature[] }).features.filter((f) => f.properties!.townshipCode === HOME)
    expect(villages.json.features).toHaveLength(home.length)
    const roads = await request(h.app, 'GET', '/api/layers/roads', undefined, { as: who.viewer })
    expect(roads.json.features).toHaveLength((readSampleLayer('roads') as { features: Feature[] }).features.length)
    const search = await request(h.app, 'GET', `/api/search?q=${encodeURIComponent('古家营')}`, undefined, { as: who.viewer })
    expect(search.json.filter((r: any) => r.layer === 'villages')).toEqual([])
  })

  it('refuses a township engineer editing a road of another township, and changes nothing', async () => {
    const road = first('roads', AWAY)
    const before = await request(h.app, 'GET', `/api/layers/roads/${road.properties!.code}`)
    const res = await request(h.app, 'POST', '/api/layers/roads/import',
      collection({ ...road, properties: { ...road.properties, status: 'accepted', progressPct: 100 } } as Feature), { as: who.engineer })
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('out_of_scope')
    expect(res.json.error.details.errors[0]).toMatchObject({ index: 0, code: road.properties!.code, reason: 'out_of_scope' })
    expect((await request(h.app, 'GET', `/api/layers/roads/${road.properties!.code}`)).json).toEqual(before.json)
  })

  it('refuses to move a feature of another township into the account region by re-import', async () => {
    const site = first('sites', AWAY)
    const moved = { ...site, properties: { ...site.properties, townshipCode: HOME } } as Feature
    const res = await request(h.app, 'POST', '/api/layers/sites/import', collection(moved), { as: who.engineer })
    expect(res.status).toBe(403)
    expect(res.json.error.details.errors[0]).toMatchObject({ property: 'code', reason: 'out_of_scope' })
  })
})
