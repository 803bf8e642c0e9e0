import { sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { collection, feature, fixtureRegions } from './fixtures.ts'
import { createUser, harness, login, request, resetData, TEST_PASSWORD } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness

beforeEach(async () => {
  h = await harness()
  await resetData(h.db, { sample: false })
  await request(h.app, 'POST', '/api/layers/regions/import', fixtureRegions())
})

const auditCount = async () => (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0].n

describe(`accounts and sessions (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('logs in with an HttpOnly SameSite cookie, answers /me, and logs out', async () => {
    await createUser(h.db, 'zhang', 'planner', '520999')
    const res = await request(h.app, 'POST', '/api/auth/login', { username: 'zhang', password: TEST_PASSWORD }, { as: null })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ username: 'zhang', role: 'planner', regionCode: '520999', regionName: '黔北示范县' })
    const session = res.headers.getSetCookie().find((c) => c.startsWith('fupin_session='))!
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Lax/i)
    const me = await login(h.app, 'zhang')
    expect((await request(h.app, 'GET', '/api/auth/me', undefined, { as: me })).json.username).toBe('zhang')
    expect((await request(h.app, 'POST', '/api/auth/logout', undefined, { as: me })).status).toBe(200)
    expect((await request(h.app, 'GET', '/api/auth/me', undefined, { as: me })).status).toBe(401)
  })

  it('answers 401 to anonymous requests except health and login', async () => {
    expect((await request(h.app, 'GET', '/api/layers/villages', undefined, { as: null })).status).toBe(401)
    expect((await request(h.app, 'GET', '/api/no-such-route', undefined, { as: null })).status).toBe(401)
    expect((await request(h.app, 'GET', '/api/health', undefined, { as: null })).status).toBe(200)
  })

  it('gives the same answer for a wrong password and an unknown user, then throttles with Retry-After', async () => {
    await createUser(h.db, 'li', 'viewer', '520999')
    const wrong = await request(h.app, 'POST', '/api/auth/login', { username: 'li', password: 'nope-nope-nope' }, { as: null })
    const unknown = await request(h.app, 'POST', '/api/auth/login', { username: 'nobody', password: 'nope-nope-nope' }, { as: null })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(unknown.json).toEqual(wrong.json)
    for (let i = 0; i < 4; i++) await request(h.app, 'POST', '/api/auth/login', { username: 'li', password: 'still-wrong!' }, { as: null })
    const throttled = await request(h.app, 'POST', '/api/auth/login', { username: 'li', password: TEST_PASSWORD }, { as: null })
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60)
    // Other users are not locked out by it.
    await createUser(h.db, 'wang', 'viewer', '520999')
    expect((await request(h.app, 'POST', '/api/auth/login', { username: 'wang', password: TEST_PASSWORD }, { as: null })).status).toBe(200)
  })

  it('refuses expired sessions and tampered cookies', async () => {
    await createUser(h.db, 'zhao', 'viewer', '520999')
    const me = await login(h.app, 'zhao')
    const tampered = { cookie: me.cookie!.replace(/fupin_session=([^;]+)/, (_, v) => `fupin_session=${v.slice(0, -2)}xx`) }
    expect((await request(h.app, 'GET', '/api/layers', undefined, { as: tampered })).json.error.code).toBe('unauthenticated')
    await h.db.rows(sql`UPDATE sessions SET expires_at = now() - interval '1 minute'`)
    const expired = await request(h.app, 'GET', '/api/layers', undefined, { as: me })
    expect(expired.status).toBe(401)
    expect(expired.json.error.code).toBe('session_expired')
  })

  it('refuses cross-site cookie writes; Bearer tokens are exempt', async () => {
    const body = collection(feature({ code: 'HZ-1', kind: 'flood' }, { type: 'Polygon', coordinates: [[[107, 27.5], [107.01, 27.5], [107.01, 27.51], [107, 27.5]]] }))
    const foreign = await request(h.app, 'POST', '/api/layers/hazards/import', body, { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(foreign.json.error.code).toBe('csrf')
    const noOrigin = await request(h.app, 'POST', '/api/layers/hazards/import', body, { origin: null })
    expect(noOrigin.status).toBe(403)
    const csrf = /fupin_csrf=([^;]+)/.exec(h.admin.cookie!)![1]
    const withToken = await request(h.app, 'POST', '/api/layers/hazards/import', body, { origin: null, headers: { 'x-csrf-token': csrf } })
    expect(withToken.status).toBe(200)
    const token = await request(h.app, 'POST', '/api/tokens', { name: 'loader script' })
    expect(token.status).toBe(201)
    const bearer = await request(h.app, 'POST', '/api/layers/hazards/import', body, { as: { token: token.json.token }, origin: 'https://evil.example' })
    expect(bearer.status).toBe(200)
  })

  it('issues, lists and revokes named API tokens, stored hashed', async () => {
    const created = await request(h.app, 'POST', '/api/tokens', { name: '数据导入脚本' })
    expect(created.json.token).toMatch(/^fpt_/)
    const [stored] = await h.db.rows<{ token_hash: string }>(sql`SELECT token_hash FROM api_tokens`)
    expect(stored.token_hash).not.toContain(created.json.token)
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect((await request(h.app, 'GET', '/api/layers', undefined, { as: { token: created.json.token } })).status).toBe(200)
    const list = await request(h.app, 'GET', '/api/tokens')
    expect(list.json).toEqual([expect.objectContaining({ name: '数据导入脚本', username: 'root', revokedAt: null })])
    expect(JSON.stringify(list.json)).not.toContain(created.json.token)
    expect((await request(h.app, 'DELETE', `/api/tokens/${created.json.id}`)).status).toBe(200)
    const revoked = await request(h.app, 'GET', '/api/layers', undefined, { as: { token: created.json.token } })
    expect(revoked.status).toBe(401)
    expect(revoked.json.error.code).toBe('invalid_token')
  })

  it('changes a password, ending other sessions, and enforces a one-time password change', async () => {
    const id = await createUser(h.db, 'chen', 'engineer', '520999')
    const a = await login(h.app, 'chen')
    const b = await login(h.app, 'chen')
    const weak = await request(h.app, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' }, { as: a })
    expect(weak.status).toBe(400)
    expect(weak.json.error.details.field).toBe('newPassword')
    const wrong = await request(h.app, 'POST', '/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-long-password' }, { as: a })
    expect(wrong.status).toBe(400)
    expect((await request(h.app, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password' }, { as: a })).status).toBe(200)
    expect((await request(h.app, 'GET', '/api/layers', undefined, { as: a })).status).toBe(200)
    expect((await request(h.app, 'GET', '/api/layers', undefined, { as: b })).status).toBe(401)
    // An admin reset sets a one-time password: nothing but /api/auth/* until it is changed.
    expect((await request(h.app, 'PATCH', `/api/users/${id}`, { password: 'temporary-password' })).status).toBe(200)
    const c = await login(h.app, 'chen', 'temporary-password')
    const blocked = await request(h.app, 'GET', '/api/layers', undefined, { as: c })
    expect(blocked.status).toBe(403)
    expect(blocked.json.error.code).toBe('password_change_required')
    await request(h.app, 'POST', '/api/auth/password', { currentPassword: 'temporary-password', newPassword: 'chosen-by-chen-1' }, { as: c })
    expect((await request(h.app, 'GET', '/api/layers', undefined, { as: c })).status).toBe(200)
  })

  it('asks an account an admin created to change its initial password at first sign-in', async () => {
    const created = await request(h.app, 'POST', '/api/users', { username: 'newcomer', password: 'given-by-admin-1', role: 'viewer', regionCode: '520999' })
    expect(created.status).toBe(201)
    expect(created.json.mustChangePassword).toBe(true)
    const first = await request(h.app, 'POST', '/api/auth/login', { username: 'newcomer', password: 'given-by-admin-1' }, { as: null })
    expect(first.json.mustChangePassword).toBe(true)
    const as = await login(h.app, 'newcomer', 'given-by-admin-1')
    const blocked = await request(h.app, 'GET', '/api/counties', undefined, { as })
    expect(blocked.status).toBe(403)
    expect(blocked.json.error.code).toBe('password_change_required')
    // Its API tokens are stopped too until then.
    const token = await request(h.app, 'POST', '/api/tokens', { name: 'newcomer script', userId: created.json.id })
    expect((await request(h.app, 'GET', '/api/layers', undefined, { as: { token: token.json.token } })).json.error.code).toBe('password_change_required')
    const changed = await request(h.app, 'POST', '/api/auth/password', { currentPassword: 'given-by-admin-1', newPassword: 'chosen-by-newcomer-1' }, { as })
    expect(changed.json.mustChangePassword).toBe(false)
    expect((await request(h.app, 'GET', '/api/counties', undefined, { as })).status).toBe(200)
    const listed = (await request(h.app, 'GET', '/api/users')).json.find((u: any) => u.username === 'newcomer')
    expect(listed.mustChangePassword).toBe(false)
  })

  it('says who the browser is signed in as without a 401: nobody, a session that ended, an account', async () => {
    const anonymous = await request(h.app, 'GET', '/api/auth/session', undefined, { as: null })
    expect(anonymous.status).toBe(200)
    expect(anonymous.json).toEqual({ user: null })
    await createUser(h.db, 'sun', 'planner', '520999')
    const as = await login(h.app, 'sun')
    const signedIn = await request(h.app, 'GET', '/api/auth/session', undefined, { as })
    expect(signedIn.status).toBe(200)
    expect(signedIn.json.user).toMatchObject({ username: 'sun', role: 'planner', regionCode: '520999', mustChangePassword: false })
    expect(signedIn.json.user).toEqual((await request(h.app, 'GET', '/api/auth/me', undefined, { as })).json)
    const tampered = { cookie: as.cookie!.replace(/fupin_session=([^;]+)/, (_, v) => `fupin_session=${v.slice(0, -2)}xx`) }
    expect((await request(h.app, 'GET', '/api/auth/session', undefined, { as: tampered })).json).toEqual({ user: null })
    await h.db.rows(sql`UPDATE sessions SET expires_at = now() - interval '1 minute'`)
    const expired = await request(h.app, 'GET', '/api/auth/session', undefined, { as })
    expect(expired.status).toBe(200)
    expect(expired.json).toEqual({ user: null })
  })

  it('refuses to delete, demote or disable the last admin, and changes nothing', async () => {
    const [root] = await h.db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = 'root'`)
    const before = await auditCount()
    for (const [method, body] of [['DELETE', undefined], ['PATCH', { role: 'viewer' }], ['PATCH', { disabled: true }]] as const) {
      const res = await request(h.app, method, `/api/users/${root.id}`, body)
      expect(res.status).toBe(409)
      expect(res.json.error.code).toBe('last_admin')
    }
    expect(await auditCount()).toBe(before)
    expect((await h.db.rows(sql`SELECT 1 FROM users WHERE username = 'root' AND role = 'admin' AND NOT disabled`))).toHaveLength(1)
    await createUser(h.db, 'second', 'admin', '')
    expect((await request(h.app, 'DELETE', `/api/users/${root.id}`)).status).toBe(200)
  })

  it('validates account bodies: unknown role, bad region, duplicate name', async () => {
    const bad = await request(h.app, 'POST', '/api/users', { username: 'x1', password: 'long-enough-pw', role: 'superuser', regionCode: '520999' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.errors[0].field).toBe('role')
    const region = await request(h.app, 'POST', '/api/users', { username: 'x1', password: 'long-enough-pw', role: 'viewer', regionCode: '110101' })
    expect(region.status).toBe(400)
    expect(region.json.error.code).toBe('unknown_region')
    expect((await request(h.app, 'POST', '/api/users', { username: 'x1', password: 'long-enough-pw', role: 'viewer', regionCode: '520999' })).status).toBe(201)
    const dup = await request(h.app, 'POST', '/api/users', { username: 'X1', password: 'long-enough-pw', role: 'viewer', regionCode: '520999' })
    expect(dup.status).toBe(409)
    expect((await request(h.app, 'PATCH', '/api/users/99999', { role: 'viewer' })).status).toBe(404)
  })
})

describe(`audit trail (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('records who changed which feature, with before and after, and shows it as the feature history', async () => {
    const village = (population: number) => collection(feature({
      code: '520999100201', name: '示范村', townshipCode: '520999100', households: 300, population,
    }, { type: 'Point', coordinates: [107.01, 27.51] }))
    await request(h.app, 'POST', '/api/layers/villages/import', village(1100))
    await request(h.app, 'POST', '/api/layers/villages/import', village(1150))
    await request(h.app, 'POST', '/api/layers/villages/import', village(1150)) // unchanged: no row
    const rows = (await request(h.app, 'GET', '/api/audit?entity=villages&code=520999100201')).json
    expect(rows.map((r: any) => r.action)).toEqual(['update', 'create'])
    expect(rows[0]).toMatchObject({ username: 'root', before: { properties: { population: 1100 } }, after: { properties: { population: 1150 } } })
    const history = await request(h.app, 'GET', '/api/layers/villages/520999100201/history')
    expect(history.json.changes.map((r: any) => r.action)).toEqual(['update', 'create'])
    expect((await request(h.app, 'GET', '/api/audit?user=someone-else')).json).toEqual([])
    expect((await request(h.app, 'GET', '/api/audit?from=yesterday')).status).toBe(400)
  })

  it('records settings and account changes', async () => {
    await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 800, scope: '520999' })
    await request(h.app, 'POST', '/api/users', { username: 'liu', password: 'long-enough-pw', role: 'viewer', regionCode: '520999' })
    const rows = (await request(h.app, 'GET', '/api/audit')).json
    expect(rows[0]).toMatchObject({ entity: 'users', code: 'liu', action: 'create' })
    expect(JSON.stringify(rows[0])).not.toContain('long-enough-pw')
    expect(rows[1]).toMatchObject({ entity: 'settings', code: 'exit.roadAccessM@520999', action: 'create', after: { value: 800 } })
    const settings = await request(h.app, 'GET', '/api/settings?region=520999')
    expect(settings.json.find((s: any) => s.key === 'exit.roadAccessM')).toMatchObject({ value: 800, scope: '520999' })
    const bad = await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: -5, scope: '520999' })
    expect(bad.status).toBe(400)
    expect((await request(h.app, 'PUT', '/api/settings/no.such', { value: 1 })).status).toBe(404)
  })

  it('commits or rolls back a change together with its audit row', async () => {
    // Make the audit insert fail for one code: the feature write in the same transaction must vanish too.
    await h.db.rows(sql`ALTER TABLE audit_log ADD CONSTRAINT test_refuse CHECK (code <> 'HZ-FAIL')`)
    try {
      const hazards = (code: string) => collection(feature({ code, kind: 'flood' }, { type: 'Polygon', coordinates: [[[107, 27.5], [107.01, 27.5], [107.01, 27.51], [107, 27.5]]] }))
      const before = await auditCount()
      const failed = await request(h.app, 'POST', '/api/layers/hazards/import', hazards('HZ-FAIL'))
      expect(failed.status).toBe(500)
      expect(failed.json.error).toEqual({ code: 'internal', message: expect.any(String), details: null })
      expect(failed.text).not.toMatch(/at .*\.ts:\d+/)
      expect((await h.db.rows(sql`SELECT 1 FROM hazards WHERE code = 'HZ-FAIL'`))).toHaveLength(0)
      expect(await auditCount()).toBe(before)
      expect((await request(h.app, 'POST', '/api/layers/hazards/import', hazards('HZ-OK'))).status).toBe(200)
      expect((await h.db.rows(sql`SELECT 1 FROM hazards WHERE code = 'HZ-OK'`))).toHaveLength(1)
      expect(await auditCount()).toBe(before + 1)
    } finally {
      await h.db.rows(sql`ALTER TABLE audit_log DROP CONSTRAINT test_refuse`)
    }
  })

  it('sends secure headers', async () => {
    const res = await request(h.app, 'GET', '/api/health')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })
})
