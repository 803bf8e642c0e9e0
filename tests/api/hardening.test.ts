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
    const big = JSON.stringify({ version: 1, properties: { note: 'x'.repeat(2 * 1024 * 1024) } })
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
    await createUser(h.db, 'li', 'admin', '')
    const res = await request(app, 'POST', '/api/auth/login', { username: 'li', password: TEST_PASSWORD }, { as: null })
    expect(res.status).toBe(200)
    const cookies = res.headers.getSetCookie()
    expect(cookies.find((c) => c.startsWith('fupin_session='))).toMatch(/Secure/)
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ')
    const body = collection(feature({ code: 'HZ-P', kind: 'flood' }, square(107.02, 27.5, 0.005)))
    expect((await request(app, 'POST', '/api/layers/hazards/import', body, { as: { cookie }, origin: 'https://fupin.example.gov.cn' })).status).toBe(200)
    expect((await request(app, 'POST', '/api/layers/hazards/import', body, { as: { cookie }, origin: ORIGIN })).status).toBe(403)
    // The plain app, without PUBLIC_URL, does not believe forwarded headers.
    const forwarded = await login(h.app, 'li')
    expect(forwarded.cookie).toBeTruthy()
  })
})
