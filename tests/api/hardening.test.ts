import { sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.ts'
import { readyBackend } from '../../api/backend.ts'
import { collection, feature, fixtureRegions, square } from './fixtures.ts'
import { createUser, harness, login, ORIGIN, request, resetData, TEST_PASSWORD } from './harness.ts'
import type { Harness } from './harness.ts'

// The door of the API: body limits by route, the Origin check for cookies only, headers, API tokens
// of accounts that must change their password, login throttling that cannot lock an owner out, and
// the public origin behind a proxy.

let h: Harness

beforeEach(async () => {
  h = await harness()
  await resetData(h.db, { sample: false })
  await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())
})

const login3 = (app: typeof h.app, username: string, password: string, address: string) =>
  request(app, 'POST', '/api/auth/login', { username, password }, { as: null, headers: { 'x-forwarded-for': address } })

describe(`the door of the API (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('keeps the 1 MB body limit on every route but the import itself, whatever the path ends with', async () => {
    const big = JSON.stringify({ version: 1, properties: { note: 'x'.repeat(1100 * 1024) } })
    const patched = await request(h.app, 'PATCH', '/api/projects/sites/import', big)
    expect(patched.status).toBe(413)
    expect(patched.json.error.code).toBe('body_too_large')
    const scenario = await request(h.app, 'POST', '/api/scenarios/import', big)
    expect(scenario.status).toBe(413)
  })

  it('lets bearer scripts send without a JSON content type or an Origin', async () => {
    const token = (await request(h.app, 'POST', '/api/tokens', { name: 'curl' })).json.token as string
    const hazard = feature({ code: 'HZ-CURL', kind: 'flood' }, square(107.02, 27.5, 0.005))
    const imported = await request(h.app, 'POST', '/api/layers/hazards/import', JSON.stringify(collection(hazard)),
      { as: { token }, origin: null, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(imported.status, imported.text).toBe(200)
    const removed = await h.app.request(`${ORIGIN}/api/layers/hazards/HZ-CURL`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
    expect(removed.status).toBe(200)
    // A cookie request with a form content type from another site is still refused.
    const cross = await request(h.app, 'POST', '/api/layers/hazards/import', JSON.stringify(collection(hazard)),
      { origin: 'https://evil.example', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(cross.status).toBe(403)
  })

  it('answers API JSON with Cache-Control no-store and the web app with a Content-Security-Policy', async () => {
    const res = await request(h.app, 'GET', '/api/layers')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const refused = await request(h.app, 'GET', '/api/layers/nope')
    expect(refused.headers.get('cache-control')).toBe('no-store')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('stops the API tokens of an account that must change its password', async () => {
    const id = await createUser(h.db, 'wang', 'engineer', '520999')
    const token = (await request(h.app, 'POST', '/api/tokens', { name: 'wang script', userId: id })).json.token as string
    expect((await request(h.app, 'GET', '/api/layers', undefined, { as: { token } })).status).toBe(200)
    await h.db.rows(sql`UPDATE users SET must_change_password = true WHERE id = ${id}`)
    const blocked = await request(h.app, 'GET', '/api/layers', undefined, { as: { token } })
    expect(blocked.status).toBe(403)
    expect(blocked.json.error.code).toBe('password_change_required')
  })

  it('throttles guessing from one address without locking the owner out elsewhere', async () => {
    const app = createApp(readyBackend(h.db, 'test'), { network: { trustProxy: true } })
    await createUser(h.db, 'chief', 'admin', '')
    for (let i = 0; i < 5; i++) expect((await login3(app, 'chief', 'guess-guess-guess', '203.0.113.9')).status).toBe(401)
    const guesser = await login3(app, 'chief', TEST_PASSWORD, '203.0.113.9')
    expect(guesser.status).toBe(429)
    expect(Number(guesser.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // The owner at another desk signs in at once.
    expect((await login3(app, 'chief', TEST_PASSWORD, '198.51.100.20')).status).toBe(200)
    // Each further failure waits longer: the next one from the guesser's address is refused again.
    expect((await login3(app, 'chief', 'guess-guess-guess', '203.0.113.9')).status).toBe(429)
  })

  it('takes the public origin and Secure cookies from PUBLIC_URL behind a proxy', async () => {
    const app = createApp(readyBackend(h.db, 'test'), { network: { publicUrl: 'https://fupin.example.gov.cn' } })
    // A name of its own: other files throttle theirs in the shared app.
    await createUser(h.db, 'proxied', 'admin', '')
    const res = await request(app, 'POST', '/api/auth/login', { username: 'proxied', password: TEST_PASSWORD }, { as: null })
    expect(res.status).toBe(200)
    const cookies = res.headers.getSetCookie()
    expect(cookies.find((c) => c.startsWith('fupin_session='))).toMatch(/Secure/)
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ')
    const body = collection(feature({ code: 'HZ-P', kind: 'flood' }, square(107.02, 27.5, 0.005)))
    expect((await request(app, 'POST', '/api/layers/hazards/import', body, { as: { cookie }, origin: 'https://fupin.example.gov.cn' })).status).toBe(200)
    expect((await request(app, 'POST', '/api/layers/hazards/import', body, { as: { cookie }, origin: ORIGIN })).status).toBe(403)
    // The plain app, without PUBLIC_URL, does not believe forwarded headers.
    const forwarded = await login(h.app, 'proxied')
    expect(forwarded.cookie).toBeTruthy()
  })
})

describe(`accounts that cannot escape their region (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('keeps one enabled instance-wide admin: a county admin does not count', async () => {
    const [root] = await h.db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = 'root'`)
    await createUser(h.db, 'county-admin', 'admin', '520999')
    for (const change of [{ disabled: true }, { role: 'viewer' }, { regionCode: '520999' }]) {
      const res = await request(h.app, 'PATCH', `/api/users/${root.id}`, change)
      expect(res.status, JSON.stringify(change)).toBe(409)
      expect(res.json.error.code).toBe('last_admin')
    }
    expect((await request(h.app, 'DELETE', `/api/users/${root.id}`)).status).toBe(409)
    // A scoped admin may go; a second instance admin lets the first one go.
    const [scoped] = await h.db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = 'county-admin'`)
    expect((await request(h.app, 'DELETE', `/api/users/${scoped.id}`)).status).toBe(200)
    await createUser(h.db, 'other-root', 'admin', '')
    expect((await request(h.app, 'PATCH', `/api/users/${root.id}`, { disabled: true })).status).toBe(200)
  })

  it('treats user names that differ only in case as one, also when created at once', async () => {
    const body = (username: string) => ({ username, password: 'long-enough-pw', role: 'viewer', regionCode: '520999' })
    expect((await request(h.app, 'POST', '/api/users', body('Zhang.San'))).status).toBe(201)
    const again = await request(h.app, 'POST', '/api/users', body('zhang.san'))
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('username_taken')
    const racing = await Promise.all(['Li.Si', 'li.si', 'LI.SI', 'li.Si'].map((name) => request(h.app, 'POST', '/api/users', body(name))))
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409])
    const [{ n }] = await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE lower(username) = 'li.si'`)
    expect(n).toBe(1)
  })

  it('shows a region admin only the audit rows of its villages, accounts, scenarios and settings', async () => {
    await request(h.app, 'POST', '/api/layers/regions/import', collection(
      feature({ code: '520998', name: '邻县', level: 'county' }, square(107.6, 27.5, 0.2)),
    ))
    const mine = feature({ code: '520999100201', name: '本县村', townshipCode: '520999100', households: 10, population: 40 }, { type: 'Point', coordinates: [107.01, 27.51] })
    const theirs = feature({ code: '520998100201', name: '邻县村', townshipCode: '520998100', households: 20, population: 80 }, { type: 'Point', coordinates: [107.6, 27.5] })
    expect((await request(h.app, 'POST', '/api/layers/villages/import', collection(mine, theirs))).status).toBe(200)
    await request(h.app, 'POST', '/api/users', { username: 'ours', password: 'long-enough-pw', role: 'viewer', regionCode: '520999' })
    await request(h.app, 'POST', '/api/users', { username: 'neighbours', password: 'long-enough-pw', role: 'viewer', regionCode: '520998' })
    await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 800, scope: '520998' })
    await createUser(h.db, 'county-admin', 'admin', '520999')
    const admin = await login(h.app, 'county-admin')
    const rows = (await request(h.app, 'GET', '/api/audit?limit=1000', undefined, { as: admin })).json as { entity: string; code: string }[]
    const codes = rows.map((r) => `${r.entity}:${r.code}`)
    expect(codes).toContain('villages:520999100201')
    expect(codes).toContain('users:ours')
    expect(codes).not.toContain('villages:520998100201')
    expect(codes).not.toContain('users:neighbours')
    expect(codes).not.toContain('settings:exit.roadAccessM@520998')
    // Layers readable everywhere stay readable in the audit too.
    expect(codes).toContain('regions:520998')
    // The instance admin sees everything.
    const all = ((await request(h.app, 'GET', '/api/audit?limit=1000')).json as { entity: string; code: string }[]).map((r) => `${r.entity}:${r.code}`)
    expect(all).toEqual(expect.arrayContaining(['villages:520998100201', 'users:neighbours', 'settings:exit.roadAccessM@520998']))
  })

  it('sets values only for scopes that are regions of the instance', async () => {
    for (const scope of ['99', '999999']) {
      const res = await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 700, scope })
      expect(res.status, scope).toBe(400)
      expect(res.json.error.code).toBe('invalid_scope')
    }
    expect((await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 700, scope: '52' })).status).toBe(200)
    expect((await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 700, scope: '520999' })).status).toBe(200)
  })
})

describe(`input that must not answer 500 (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  const auditCount = async () => (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0].n

  it('refuses the NUL character and lone surrogates anywhere, the login name included', async () => {
    const before = await auditCount()
    const nul = await request(h.app, 'POST', '/api/auth/login', '{"username":"ad\\u0000min","password":"whatever-long"}', { as: null })
    expect(nul.status).toBe(400)
    expect(nul.json.error).toMatchObject({ code: 'invalid_text', details: { field: 'username' } })
    const surrogate = await request(h.app, 'POST', '/api/layers/hazards/import',
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"HZ-S","kind":"flood","name":"\\ud800x"},"geometry":null}]}')
    expect(surrogate.status).toBe(400)
    expect(surrogate.json.error.details.field).toBe('features.0.properties.name')
    const query = await request(h.app, 'GET', '/api/search?q=%00')
    expect(query.status).toBe(400)
    const badEscape = await request(h.app, 'GET', '/api/search?q=%E0%A4%A')
    expect(badEscape.status).toBe(400)
    expect(await auditCount()).toBe(before)
  })

  it('refuses JSON nested deeper than any body needs', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
    const res = await request(h.app, 'POST', '/api/scenarios', deep)
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('too_deep')
  })

  it('refuses whole numbers beyond the columns, ids beyond serials, and dates PostgreSQL cannot read', async () => {
    const huge = feature({ code: '520999100209', name: '大数村', townshipCode: '520999100', households: 1e15, population: 2 ** 53 + 1 }, { type: 'Point', coordinates: [107.01, 27.51] })
    const imported = await request(h.app, 'POST', '/api/layers/villages/import', collection(huge))
    expect(imported.status).toBe(422)
    expect(imported.json.error.details.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ property: 'households', reason: 'out_of_range' }),
      expect.objectContaining({ property: 'population', reason: 'out_of_range' }),
    ]))
    expect((await request(h.app, 'PATCH', '/api/users/3000000000', { disabled: true })).status).toBe(404)
    expect((await request(h.app, 'DELETE', '/api/tokens/99999999999')).status).toBe(404)
    expect((await request(h.app, 'GET', '/api/audit?offset=1e20')).status).toBe(400)
    for (const from of ['2024-02-30T25:00', 'Tue, 1 Dec 2026', '12/01/2026']) {
      expect((await request(h.app, 'GET', `/api/audit?from=${encodeURIComponent(from)}`)).status, from).toBe(400)
    }
    expect((await request(h.app, 'GET', '/api/audit?from=2026-01-01&to=2026-12-01T08:00:00Z')).status).toBe(200)
  })

  it('answers an address too long for any route with 414 and the error body', async () => {
    const res = await request(h.app, 'GET', `/api/search?q=${'x'.repeat(20_000)}`)
    expect(res.status).toBe(414)
    expect(res.json.error.code).toBe('url_too_long')
  })

  it('holds imports to the limits of the settings: features, points per geometry, size of a property', async () => {
    const ring = Array.from({ length: 2000 }, (_, i) => [107 + 0.01 * Math.cos((2 * Math.PI * i) / 2000), 27.5 + 0.01 * Math.sin((2 * Math.PI * i) / 2000)])
    ring.push(ring[0])
    const detailed = feature({ code: 'HZ-DETAIL', kind: 'flood' }, { type: 'Polygon', coordinates: [ring] })
    await request(h.app, 'PUT', '/api/settings/import.maxVertices', { value: 1000, scope: '' })
    const tooDetailed = await request(h.app, 'POST', '/api/layers/hazards/import', collection(detailed))
    expect(tooDetailed.status).toBe(422)
    expect(tooDetailed.json.error.details.errors[0]).toMatchObject({ index: 0, property: 'geometry', reason: 'too_many_vertices' })
    expect(tooDetailed.json.error.details.errors[0].msg.params).toMatchObject({ max: 1000, setting: 'import.maxVertices' })

    await request(h.app, 'PUT', '/api/settings/import.maxFeatures', { value: 2, scope: '' })
    const three = collection(...['A', 'B', 'C'].map((x) => feature({ code: `HZ-${x}`, kind: 'flood' }, square(107.02, 27.5, 0.005))))
    const many = await request(h.app, 'POST', '/api/layers/hazards/import', three)
    expect(many.status).toBe(413)
    expect(many.json.error.code).toBe('too_many_features')

    const bulky = feature({ code: 'HZ-BIG', kind: 'flood', 备注: 'x'.repeat(20_000) }, square(107.02, 27.5, 0.005))
    const big = await request(h.app, 'POST', '/api/layers/hazards/import', collection(bulky))
    expect(big.status).toBe(422)
    expect(big.json.error.details.errors[0]).toMatchObject({ property: '备注', reason: 'value_too_large' })
    expect((await h.db.rows(sql`SELECT 1 FROM hazards WHERE code LIKE 'HZ-%'`))).toHaveLength(0)
  })
})

describe(`one lifecycle rule for imports and the progress log (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('refuses an imported project state that the progress log would refuse, and writes nothing', async () => {
    const road = feature({ code: '520999-RD-L1', roadClass: 'village', surface: 'hardened', townshipCode: '520999100', status: 'completed', progressPct: 10, actualEnd: '2099-01-01' },
      { type: 'LineString', coordinates: [[107.0, 27.5], [107.01, 27.51]] })
    const res = await request(h.app, 'POST', '/api/layers/roads/import', collection(road))
    expect(res.status).toBe(422)
    expect(res.json.error.details.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ property: 'progressPct', reason: 'out_of_range' }),
      expect.objectContaining({ property: 'actualEnd', reason: 'invalid_date' }),
    ]))
    expect(await h.db.rows(sql`SELECT 1 FROM roads WHERE code = '520999-RD-L1'`)).toHaveLength(0)
  })
})
