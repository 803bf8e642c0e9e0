import { sql } from 'drizzle-orm'
import type { ProjectRow, ProjectSummary, Rollup } from '../../core/contract/projects.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { PROJECT_LAYERS, type ProjectLayer } from '../../core/projects/layers.ts'
import { isComplete, isStarted } from '../../core/projects/lifecycle.ts'
import { todayInChina } from '../../core/time/china.ts'
import type { Database } from '../../db/client.ts'

// Start rate (开工率), completion rate (完成率), kilometres built, investment by funding source and
// overdue projects, by township and by type.

/** A project as the rollup counts it: in one township, with the share of its length and money there. */
interface PlacedProject extends Pick<ProjectRow, 'code' | 'status' | 'budgetCny' | 'spentCny' | 'fundingState' | 'fundingSector'
  | 'fundingSelf' | 'fundingOther' | 'plannedEnd'> {
  type: ProjectLayer
  surface: string | null
  kind: string | null
  township: string
  townshipName: string
  /** Metres of the project inside this township (lines split by the township polygon). */
  lengthM: number | null
  share: number
}

/** How the figures count, said with them. */
const NOTICES = [msg('projects.note_county_roads'), msg('projects.note_rates')]

const empty = (): Rollup => ({
  projects: 0, started: 0, completed: 0, startRate: null, completionRate: null, overdue: 0,
  roadKmBuilt: 0, roadKmHardened: 0, pipeKmBuilt: 0, budgetCny: 0, spentCny: 0,
  funding: { state: 0, sector: 0, self: 0, other: 0 },
})

/**
 * Every project of the region's townships, with the township it counts in. A project with a
 * townshipCode counts there; one without (a county road) counts in each township it crosses, with the
 * length and money of the part inside (share = length inside ÷ whole length).
 */
async function projectRows(db: Database, county: string, township: string | undefined, type: ProjectLayer | undefined): Promise<PlacedProject[]> {
  const layers = type ? [type] : [...PROJECT_LAYERS]
  const union = sql.join(layers.map((layer) => sql`
    SELECT ${layer}::text AS type, t.code, t.status, t.township_code, t.geom, t.budget_cny, t.spent_cny, t.funding_state,
      t.funding_sector, t.funding_self, t.funding_other, t.planned_end,
      ${layer === 'roads' ? sql`t.surface` : sql`NULL::text`} AS surface, ${layer === 'water' ? sql`t.kind` : sql`NULL::text`} AS kind
    FROM ${sql.identifier(layer)} t`), sql` UNION ALL `)
  return db.rows<PlacedProject>(sql`
    WITH p AS (${union}),
    towns AS (SELECT code, name, geom FROM regions WHERE level = 'township' AND parent_code = ${county}
      AND (${township ?? null}::text IS NULL OR code = ${township ?? null})),
    placed AS (
      SELECT p.*, r.code AS township, r.name AS "townshipName",
        CASE WHEN p.township_code IS NOT NULL OR p.geom IS NULL OR GeometryType(p.geom) NOT IN ('LINESTRING', 'MULTILINESTRING') THEN 1.0
          ELSE ST_Length(ST_Intersection(p.geom, r.geom)::geography) / nullif(ST_Length(p.geom::geography), 0) END AS share,
        CASE WHEN p.geom IS NULL OR GeometryType(p.geom) NOT IN ('LINESTRING', 'MULTILINESTRING') THEN NULL
          WHEN p.township_code IS NOT NULL THEN ST_Length(p.geom::geography)
          ELSE ST_Length(ST_Intersection(p.geom, r.geom)::geography) END AS "lengthM"
      FROM p JOIN towns r ON p.township_code = r.code
        OR (p.township_code IS NULL AND p.geom IS NOT NULL AND ST_Intersects(p.geom, r.geom)))
    SELECT type, code, status, surface, kind, township, "townshipName", "lengthM", coalesce(share, 0)::float8 AS share,
      budget_cny AS "budgetCny", spent_cny AS "spentCny", funding_state AS "fundingState", funding_sector AS "fundingSector",
      funding_self AS "fundingSelf", funding_other AS "fundingOther", planned_end AS "plannedEnd"
    FROM placed ORDER BY township, type, code`)
}

function add(rollup: Rollup, p: PlacedProject, today: string, countProject: boolean): void {
  const complete = isComplete(p.status)
  if (countProject) {
    rollup.projects += 1
    if (isStarted(p.status)) rollup.started += 1
    if (complete) rollup.completed += 1
    if (!complete && p.plannedEnd !== null && p.plannedEnd < today) rollup.overdue += 1
  }
  const km = (p.lengthM ?? 0) / 1000
  if (complete && p.type === 'roads') {
    rollup.roadKmBuilt += km
    if (p.surface === 'hardened') rollup.roadKmHardened += km
  }
  if (complete && p.type === 'water' && p.kind === 'pipeline') rollup.pipeKmBuilt += km
  rollup.budgetCny += (p.budgetCny ?? 0) * p.share
  rollup.spentCny += (p.spentCny ?? 0) * p.share
  rollup.funding.state += (p.fundingState ?? 0) * p.share
  rollup.funding.sector += (p.fundingSector ?? 0) * p.share
  rollup.funding.self += (p.fundingSelf ?? 0) * p.share
  rollup.funding.other += (p.fundingOther ?? 0) * p.share
}

function finish(rollup: Rollup): Rollup {
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits
  return {
    ...rollup,
    startRate: rollup.projects ? rollup.started / rollup.projects : null,
    completionRate: rollup.projects ? rollup.completed / rollup.projects : null,
    roadKmBuilt: round(rollup.roadKmBuilt, 3),
    roadKmHardened: round(rollup.roadKmHardened, 3),
    pipeKmBuilt: round(rollup.pipeKmBuilt, 3),
    budgetCny: round(rollup.budgetCny, 2),
    spentCny: round(rollup.spentCny, 2),
    funding: Object.fromEntries(Object.entries(rollup.funding).map(([k, v]) => [k, round(v, 2)])),
  }
}

export async function projectSummary(db: Database, county: string, township: string | undefined, type: ProjectLayer | undefined): Promise<ProjectSummary> {
  const rows = await projectRows(db, county, township, type)
  const custom = await db.rows<{ township: string | null; type: ProjectLayer; code: string; source: string; amount: number }>(sql`
    SELECT coalesce(t.township_code, r.township_code, w.township_code) AS township, f.layer AS type, f.code, f.source,
      sum(f.amount_cny)::float8 AS amount
    FROM funding_lines f
    LEFT JOIN sites t ON f.layer = 'sites' AND t.code = f.code
    LEFT JOIN roads r ON f.layer = 'roads' AND r.code = f.code
    LEFT JOIN water w ON f.layer = 'water' AND w.code = f.code
    GROUP BY 1, 2, 3, 4`)
  const today = todayInChina()
  const total = empty()
  const byType = new Map<string, Rollup>()
  const byTownship = new Map<string, { code: string; name: string; total: Rollup; byType: Map<string, Rollup> }>()
  const counted = new Set<string>()
  for (const p of rows) {
    // The whole region counts each project once, with all its length and money.
    const key = `${p.type}/${p.code}`
    const first = !counted.has(key)
    counted.add(key)
    if (first) {
      const whole = { ...p, share: 1, lengthM: null }
      add(total, whole, today, true)
      if (!byType.has(p.type)) byType.set(p.type, empty())
      add(byType.get(p.type)!, whole, today, true)
    }
    let town = byTownship.get(p.township)
    if (!town) {
      town = { code: p.township, name: p.townshipName, total: empty(), byType: new Map() }
      byTownship.set(p.township, town)
    }
    add(town.total, p, today, true)
    if (!town.byType.has(p.type)) town.byType.set(p.type, empty())
    add(town.byType.get(p.type)!, p, today, true)
  }
  // Lengths of the whole region: the sum of the townships' parts.
  for (const town of byTownship.values()) {
    total.roadKmBuilt += town.total.roadKmBuilt
    total.roadKmHardened += town.total.roadKmHardened
    total.pipeKmBuilt += town.total.pipeKmBuilt
    for (const [t, r] of town.byType) {
      const whole = byType.get(t)!
      whole.roadKmBuilt += r.roadKmBuilt
      whole.roadKmHardened += r.roadKmHardened
      whole.pipeKmBuilt += r.pipeKmBuilt
    }
  }
  for (const line of custom) {
    // Only lines of projects in this region (a county's own sources are counted where its projects are).
    if (!counted.has(`${line.type}/${line.code}`)) continue
    const town = line.township ? byTownship.get(line.township) : undefined
    for (const rollup of [total, byType.get(line.type), town?.total, town?.byType.get(line.type)]) {
      if (rollup) rollup.funding[line.source] = (rollup.funding[line.source] ?? 0) + line.amount
    }
  }
  return {
    region: township ?? county,
    today,
    total: finish(total),
    byType: Object.fromEntries([...byType].map(([t, r]) => [t, finish(r)])),
    townships: [...byTownship.values()].map((t) => ({
      code: t.code, name: t.name, total: finish(t.total),
      byType: Object.fromEntries([...t.byType].map(([k, r]) => [k, finish(r)])),
    })),
    notices: NOTICES,
    notes: NOTICES.map(english),
  }
}
