import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layerFileParts, loadCountry, loadFolder, writeCountry } from '../../api/seed/generated.ts'
import { LOAD_ORDER, generateCountry } from '../../geodata/country.ts'
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

  it('reads a layer file line by line in parts: the same features as the whole file parsed', async () => {
    const path = join(dir, 'roads.geojson')
    const whole = JSON.parse(readFileSync(path, 'utf8')).features
    const parts: unknown[][] = []
    for await (const part of layerFileParts(path, 100)) parts.push(part)
    expect(parts.length).toBe(Math.ceil(whole.length / 100))
    expect(parts.every((p, i) => p.length === (i < parts.length - 1 ? 100 : whole.length - 100 * (parts.length - 1)))).toBe(true)
    expect(parts.flat()).toEqual(whole)
  })

  it('loads the country straight from the generator, county batch by county batch, and a broken-off load goes on where it stopped', async () => {
    await resetData(h.db, { sample: false })
    const options = { villages: 600, seed: 'import-600', provinces: 2 }
    const expected = generateCountry(options)
    const batches: number[] = []
    const report = await loadCountry(h.db, options, { batchVillages: 150, onBatch: (b) => batches.push(b.counties) })
    // The provinces and prefectures first (no county), then batches of whole counties, in order.
    expect(batches[0]).toBe(0)
    expect(batches.length).toBeGreaterThan(3)
    expect(batches.at(-1)).toBe(report.totalCounties)
    expect(report.warnings).toBe(0)
    const counts = async () => Object.fromEntries(await Promise.all(LOAD_ORDER.map(async (layer) =>
      [layer, (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(layer)}`))[0].n])))
    const want = Object.fromEntries(LOAD_ORDER.map((l) => [l, expected[l].length]))
    expect(await counts()).toEqual(want)
    const facts = async () => (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM village_facts`))[0].n
    expect(await facts()).toBe(600)
    const audit = async () => (await h.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE username = 'system:generate'`))[0].n
    const total = Object.values(want).reduce((a, b) => a + b, 0)
    expect(await audit()).toBe(total)

    // Broken off: the last county's features and some facts gone; the resumed load writes only what is missing.
    const last = expected.regions.at(-1)!.properties.parentCode as string
    await h.db.rows(sql`DELETE FROM hazards WHERE code LIKE ${`${last}%`}`)
    await h.db.rows(sql`DELETE FROM water WHERE township_code LIKE ${`${last}%`}`)
    await h.db.rows(sql`DELETE FROM village_facts WHERE village_code LIKE ${`${last}%`}`)
    const missing = want.water - (await counts()).water + want.hazards - (await counts()).hazards
    expect(missing).toBeGreaterThan(0)
    const resumed = await loadCountry(h.db, options, { batchVillages: 150, resume: true })
    expect(resumed.skipped).toBe(total - missing)
    expect(await counts()).toEqual(want)
    expect(await facts()).toBe(600)
    expect(await audit()).toBe(total + missing)
  })
})
