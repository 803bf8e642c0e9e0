// The sample county's projects come with their dated history (geodata/quannan/progress_log.json): the
// seed writes it into the progress log through the import, each entry on its date, and no entry of
// today on top; loading the sample again adds nothing to an unchanged project.
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSampleCounty, readSampleHistory, readSampleLayer } from '../../api/seed/seed.ts'
import { todayInChina } from '../../core/time/china.ts'
import { harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness
const history = readSampleHistory()

interface Row { layer: string; code: string; date: string; status: string; progressPct: number | null; spentCny: number | null; source: string; createdBy: string }
const logRows = () => h.db.rows<Row>(sql`
  SELECT layer, code, to_char(entry_date, 'YYYY-MM-DD') AS date, status, progress_pct AS "progressPct", spent_cny AS "spentCny",
    source, created_by AS "createdBy"
  FROM project_log ORDER BY id`)

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
})

describe(`the sample county's progress log (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('holds each project’s dated history as the seed’s import, and no entry of today for them', async () => {
    const rows = await logRows()
    const today = todayInChina()
    for (const project of history) {
      const own = rows.filter((r) => r.layer === project.layer && r.code === project.code)
      expect(own.map(({ date, status, progressPct, spentCny }) => ({ date, status, progressPct, spentCny })), project.code).toEqual(project.entries)
      expect(own.every((r) => r.source === 'import' && r.createdBy === 'system:seed'), project.code).toBe(true)
      expect(own.some((r) => r.date === today), project.code).toBe(false)
    }
    // The old reservoir has no ledger, hence no history: its import is recorded today, as any import is.
    const reservoir = (readSampleLayer('water') as { features: { properties: Record<string, unknown> }[] }).features
      .find((f) => f.properties.name === '上坪水库')!.properties.code
    expect(rows.filter((r) => r.code === reservoir).map((r) => [r.date, r.status])).toEqual([[today, 'completed']])
    expect(rows.length).toBe(history.reduce((n, p) => n + p.entries.length, 0) + 1)
  })

  it('shows a project’s history in its detail, dated, numbers as numbers, ending in its state', async () => {
    const site = history.find((p) => p.layer === 'sites' && p.entries.some((e) => e.status === 'accepted'))!
    const res = await request(h.app, 'GET', `/api/projects/sites/${site.code}`)
    expect(res.status, res.text).toBe(200)
    expect(res.json.log.map((e: any) => e.date)).toEqual(site.entries.map((e) => e.date))
    expect(res.json.log.map((e: any) => e.status)).toEqual(['planned', 'approved', 'tendered', ...site.entries.slice(3).map((e) => e.status)])
    for (const e of res.json.log) {
      expect(typeof e.progressPct).toBe('number')
      expect(typeof e.spentCny).toBe('number')
    }
    const last = site.entries.at(-1)!
    expect(res.json.feature.properties).toMatchObject({ status: last.status, progressPct: last.progressPct, spentCny: last.spentCny })
    expect(res.json.feature.properties.actualEnd).toBe(site.entries.find((e) => e.status === 'completed')!.date)
  })

  it('adds nothing when the sample is loaded again unchanged, and an entry of today for a project changed meanwhile', async () => {
    const road = history.find((p) => p.layer === 'roads' && p.entries.at(-1)!.status === 'tendered')!
    const { version } = (await request(h.app, 'GET', `/api/projects/roads/${road.code}`)).json
    const moved = await request(h.app, 'POST', `/api/projects/roads/${road.code}/progress`, {
      version, date: todayInChina(), status: 'under_construction', progressPct: 5,
    })
    expect(moved.status, moved.text).toBe(200)
    const before = (await logRows()).length
    await loadSampleCounty(h.db)
    const after = await logRows()
    // Only the changed road: the seed puts it back in its sample state, recorded today.
    expect(after.slice(before).map((r) => [r.code, r.date, r.status, r.source])).toEqual([[road.code, todayInChina(), 'tendered', 'import']])
  })
})
