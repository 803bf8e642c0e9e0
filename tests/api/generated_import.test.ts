import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFolder, writeCountry } from '../../api/seed/generated.ts'
import { LOAD_ORDER } from '../../geodata/country.ts'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness
const dir = mkdtempSync(join(tmpdir(), 'generated-'))

beforeAll(async () => {
  h = await harness()
  await resetData(h.db, { sample: false })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe(`a generated country through the import path (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('imports every file without an error or a warning, and ends with the statistics renewed', async () => {
    const counts = writeCountry({ villages: 600, seed: 'import-600', provinces: 2 }, dir)
    const reports = await loadFolder(h.db, dir)
    for (const layer of LOAD_ORDER) {
      const report = reports.find((r) => r.layer === layer)!
      expect(report.features, layer).toBe(counts[layer])
      expect(report.warnings, layer).toBe(0)
      const [{ n, estimate }] = await h.db.rows<{ n: number; estimate: number }>(sql`
        SELECT (SELECT count(*)::int FROM ${sql.identifier(layer)}) AS n,
          (SELECT reltuples::float8 FROM pg_class WHERE relname = ${layer} AND relnamespace = 'public'::regnamespace) AS estimate`)
      expect(n, layer).toBe(counts[layer])
      expect(estimate, layer).toBe(counts[layer])
    }
    expect(counts.villages).toBe(600)
  })

  it('answers the API on it: counties of two provinces, the exit summary of every village', async () => {
    const counties = await request(h.app, 'GET', '/api/counties')
    expect(counties.status).toBe(200)
    expect(new Set(counties.json.map((c: any) => c.code.slice(0, 2))).size).toBe(2)
    const summary = await request(h.app, 'GET', '/api/exit/summary')
    expect(summary.status).toBe(200)
    expect(summary.json.groupBy).toBe('county')
    expect(summary.json.region.villages).toBe(600)
    expect(summary.json.groups.reduce((n: number, g: any) => n + g.villages, 0)).toBe(600)
    const [{ poor }] = await h.db.rows<{ poor: number }>(sql`SELECT count(*)::int AS poor FROM villages WHERE is_poor_village`)
    expect(summary.json.region.poorVillages).toBe(poor)
  })
})
