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

/** The townships a rollup places projects in: those of the region, within the reader's scope. */
function townsOf(region: string, scope: string | undefined) {
  const inRegion = region.length === 9 ? sql`code = ${region}`
    : region.length === 6 ? sql`parent_code = ${region}`
    : sql`code LIKE ${`${region}%`}`
  const inScope = scope ? sql`(code LIKE ${`${scope}%`} OR ${scope} LIKE code || '%')` : sql`true`
  return sql`SELECT code, name, geom FROM regions WHERE level = 'township' AND ${inRegion} AND ${inScope}`
}

/**
 * Every project of the region's townships, with the township it counts in. A project with a
 * townshipCode counts there; one without (a county road) counts in each township it crosses, with the
 * length and money of the part inside (share = length inside ÷ whole length). Above the county the
 * same placement is summed by county, so a county's part is what the county's own rollup counts.
 */
async function projectRows(db: Database, region: string, scope: string | undefined, type: ProjectLayer | undefined): Promise<PlacedProject[]> {
  const layers = type ? [type] : [...PROJECT_LAYERS]
  // Per layer, two joins the planner can index: by townshipCode, and by geometry (the layer's spatial
  // index) for a project without one. A line without a township counts with the part inside.
  const columns = (layer: ProjectLayer) => sql`${layer}::text AS type, t.code, t.status, t.budget_cny, t.spent_cny, t.funding_state,
      t.funding_sector, t.funding_self, t.funding_other, t.planned_end, r.code AS township, r.name AS "townshipName",
      ${layer === 'roads' ? sql`t.surface` : sql`NULL::text`} AS surface, ${layer === 'water' ? sql`t.kind` : sql`NULL::text`} AS kind`
  const isLine = sql`(t.geom IS NOT NULL AND GeometryType(t.geom) IN ('LINESTRING', 'MULTILINESTRING'))`
  const placed = sql.join(layers.map((layer) => sql`
    SELECT ${columns(layer)}, 1.0 AS share,
      CASE WHEN ${isLine} THEN ST_Length(t.geom::geography) END AS "lengthM"
    FROM ${sql.identifier(layer)} t JOIN towns r ON t.township_code = r.code
    UNION ALL
    SELECT ${columns(layer)},
      CASE WHEN ${isLine} THEN ST_Length(ST_Intersection(t.geom, r.geom)::geography) / nullif(ST_Length(t.geom::geography), 0) ELSE 1.0 END AS share,
      CASE WHEN ${isLine} THEN ST_Length(ST_Intersection(t.geom, r.geom)::geography) END AS "lengthM"
    FROM ${sql.identifier(layer)} t JOIN towns r ON t.township_code IS NULL AND t.geom IS NOT NULL AND ST_Intersects(t.geom, r.geom)`), sql` UNION ALL `)
  return db.rows<PlacedProject>(sql`
    WITH towns AS (${townsOf(region, scope)}),
    placed AS (${placed})
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

/**
 * The rollup of a township, a county (parts: its townships), a province's two digits or '' for the whole
 * instance (parts: counties), counting only the townships within `scope` (the reader's region).
 */
export async function projectSummary(db: Database, region: string, type: ProjectLayer | undefined, scope?: string): Promise<ProjectSummary> {
  const partLevel = region.length <= 2 ? 'county' : 'township'
  const rows = await projectRows(db, region, scope, type)
  const countyNames = partLevel === 'township' ? new Map<string, string>() : new Map((await db.rows<{ code: string; name: string }>(sql`
    SELECT code, name FROM regions WHERE level = 'county' AND code LIKE ${`${region}%`}`)).map((r) => [r.code, r.name]))
  /** The part a township's figures count in. */
  const partOf = (township: string) => partLevel === 'township' ? township : township.slice(0, 6)
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
  /** Each project's share in each part (above the county: a county road's length in each county). */
  const sharesOf = new Map<string, Map<string, number>>()
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
    const part = partOf(p.township)
    let town = byTownship.get(part)
    if (!town) {
      town = { code: part, name: partLevel === 'township' ? p.townshipName : countyNames.get(part) ?? part, total: empty(), byType: new Map() }
      byTownship.set(part, town)
    }
    // A county counts a project once, however many of its townships the project crosses.
    const firstInPart = !counted.has(`${part}:${key}`)
    counted.add(`${part}:${key}`)
    const shares = sharesOf.get(key) ?? new Map<string, number>()
    shares.set(part, (shares.get(part) ?? 0) + p.share)
    sharesOf.set(key, shares)
    add(town.total, p, today, firstInPart)
    if (!town.byType.has(p.type)) town.byType.set(p.type, empty())
    add(town.byType.get(p.type)!, p, today, firstInPart)
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
    const credit = (rollup: Rollup | undefined, amount: number) => {
      if (rollup) rollup.funding[line.source] = (rollup.funding[line.source] ?? 0) + amount
    }
    credit(total, line.amount)
    credit(byType.get(line.type), line.amount)
    // A line of a project with a township counts there; above the county, one of a county road is
    // shared among the counties it crosses as its length and money are.
    const parts = line.township ? [[partOf(line.township), 1] as const]
      : partLevel === 'county' ? [...(sharesOf.get(`${line.type}/${line.code}`) ?? [])] : []
    for (const [part, share] of parts) {
      const town = byTownship.get(part)
      credit(town?.total, line.amount * share)
      credit(town?.byType.get(line.type), line.amount * share)
    }
  }
  return {
    region,
    partLevel,
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
