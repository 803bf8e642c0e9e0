import { describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.ts'
import { readyBackend } from '../../api/backend.ts'
import { ROUTES } from '../../core/contract/routes.ts'
import type { Database } from '../../db/client.ts'

// The contract (core/contract) names every route the app serves, and nothing it does not serve:
// a route added without its contract, or a contract left behind, fails here.

describe('the API contract', () => {
  it('lists exactly the routes the app serves', () => {
    const app = createApp(readyBackend({ kind: 'pglite' } as Database, 'test'))
    const served = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`))]
    expect(served.sort()).toEqual(Object.keys(ROUTES).sort())
  })

  it('gives a body schema to the routes that read JSON, and to no others', () => {
    const withBody = Object.entries(ROUTES).filter(([, e]) => e.body !== null).map(([k]) => k)
    for (const key of withBody) expect(key, key).toMatch(/^(POST|PUT|PATCH) /)
  })
})
