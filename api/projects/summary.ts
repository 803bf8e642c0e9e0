import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { ProjectStatus } from '../../core/format/layers.ts'
import type { ProjectSummary, Rollup } from '../../core/contract/projects.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { PROJECT_LAYERS, type ProjectLayer } from '../../core/projects/layers.ts'
import { isComplete, isStarted } from '../../core/projects/lifecycle.ts'
import { todayInChina } from '../../core/time/china.ts'
import type { Database } from '../../db/client.ts'

// Start rate (开工率), completion rate (完成率), kilometres built, investment by funding source and
// overdue projects, by township and by type.

/**
 * Projects as the rollup counts them in one part (a township, or above the county a county): one project
 * crossing townships (no townshipCode) with the share of its length and money there, or `projects` of a
 * part alike in type, status, surface, kind and whether their planned end has passed, summed.
 */
interface PlacedProjects {
  /** The project's code; null for a sum of projects with a townshipCode (each counted once, in its township). */
  code: string | null
  projects: number
  type: ProjectLayer
  status: ProjectStatus
  surface: string | null
  kind: string | null
  /** The township (or above the county, the county) counted in, and its name. */
  part: string
  partName: string
  /** Whether the planned end is before today (null without one). */
  pastEnd: boolean | null
  /** Metres inside the part of the lines among them. */
  lengthM: number | null
  share: number
  budgetCny: number
  spentCny: number
  fundingState: number
  fundingSector: number
  fundingSelf: number
  fundingOther: number
}

/** How the figures count, said with them. */
const NOTICES = [msg('projects.note_county_roads'), msg('projects.note_rates')]

const empty = (): Rollup => ({
  projects: 0, started: 0, completed: 0, startRate: null, completionRate: null, overdue: 0,
  roadKmBuilt: 0, roadKmHardened: 0, pipeKmBuilt: 0, budgetCny: 0, spentCny: 0,
  funding: { state: 0, sector: 0, self: 0, other: 0 },
})

/** The townships a rollup places projects in (regions `r`): those of the region, within the reader's scope. */
function townsWhere(region: string, scope: string | undefined) {
  const inRegion = region.length === 9 ? sql`r.code = ${region}`
    : region.length === 6 ? sql`r.parent_code = ${region}`
    : sql`r.code LIKE ${`${region}%`}`
  const inScope = scope ? sql`(r.code LIKE ${`${scope}%`} OR ${scope} LIKE r.code || '%')` : sql`true`
  return sql`r.level = 'township' AND ${inRegion} AND ${inScope}`
}

const townsOf = (region: string, scope: string | undefined) => sql`SELECT r.code, r.name FROM regions r WHERE ${townsWhere(region, scope)}`

/**
 * Every project of the region's townships, in the part it counts in. A project with a townshipCode
 * counts there, summed in SQL with those alike (a country holds millions); one without (a county road)
 * counts in each township it crosses, with the length and money of the part inside (share = length
 * inside ÷ whole length), one row each. Above the county the parts are counties, so a county's part is
 * what the county's own rollup counts.
 */
async function projectRows(db: Database, region: string, scope: string | undefined, type: ProjectLayer | undefined, today: string): Promise<PlacedProjects[]> {
  const layers = type ? [type] : [...PROJECT_LAYERS]
  const part = region.length <= 2 ? sql`left(r.code, 6)` : sql`r.code`
  const partName = region.length <= 2 ? sql`NULL::text` : sql`r.name`
  // Per layer, two joins the planner can index: by townshipCode, and by geometry (the layer's spatial
  // index) for a project without one. A line without a township counts with the part inside.
  const columns = (layer: ProjectLayer) => sql`${layer}::text AS type, t.status,
      ${layer === 'roads' ? sql`t.surface` : sql`NULL::text`} AS surface, ${layer === 'water' ? sql`t.kind` : sql`NULL::text`} AS kind,
      ${part} AS part, ${partName} AS "partName", t.planned_end < ${today}::date AS "pastEnd"`
  const money = (sum: (column: SQL) => SQL) => sql.join(
    [['budget_cny', 'budgetCny'], ['spent_cny', 'spentCny'], ['funding_state', 'fundingState'], ['funding_sector', 'fundingSector'],
      ['funding_self', 'fundingSelf'], ['funding_other', 'fundingOther']]
      .map(([column, name]) => sql`${sum(sql`coalesce(t.${sql.identifier(column)}, 0)`)}::float8 AS ${sql.identifier(name)}`), sql`, `)
  const isLine = sql`(t.geom IS NOT NULL AND GeometryType(t.geom) IN ('LINESTRING', 'MULTILINESTRING'))`
  const placed = sql.join(layers.map((layer) => sql`
    SELECT NULL::text AS code, count(*)::int AS projects, ${columns(layer)}, 1.0::float8 AS share,
      sum(CASE WHEN ${isLine} THEN ST_Length(t.geom::geography) END)::float8 AS "lengthM", ${money((c) => sql`sum(${c})`)}
    FROM ${sql.identifier(layer)} t JOIN towns r ON t.township_code = r.code
    GROUP BY 3, 4, 5, 6, 7, 8, 9
    UNION ALL
    SELECT t.code, 1, ${columns(layer)}, x.share, x."lengthM", ${money((c) => c)}
    FROM ${sql.identifier(layer)} t
    -- The regions themselves, not the list of towns: from each crossing project to the townships it meets by their index.
    JOIN regions r ON t.township_code IS NULL AND t.geom IS NOT NULL AND ${townsWhere(region, scope)} AND ST_Intersects(t.geom, r.geom)
    CROSS JOIN LATERAL (SELECT
      CASE WHEN ${isLine} THEN ST_Length(ST_Intersection(t.geom, r.geom)::geography) / nullif(ST_Length(t.geom::geography), 0) ELSE 1.0 END AS share,
      CASE WHEN ${isLine} THEN ST_Length(ST_Intersection(t.geom, r.geom)::geography) END AS "lengthM") x`), sql` UNION ALL `)
  const rows = await db.rows<PlacedProjects>(sql`
    WITH towns AS (${townsOf(region, scope)})
    SELECT * FROM (${placed}) p ORDER BY part, type, code NULLS FIRST, status`)
  return rows.map((r) => ({ ...r, share: r.share ?? 0 }))
}

function add(rollup: Rollup, p: PlacedProjects, countProjects: boolean, share = p.share): void {
  const complete = isComplete(p.status)
  if (countProjects) {
    rollup.projects += p.projects
    if (isStarted(p.status)) rollup.started += p.projects
    if (complete) rollup.completed += p.projects
    if (!complete && p.pastEnd === true) rollup.overdue += p.projects
  }
  const km = (p.lengthM ?? 0) / 1000
  if (complete && p.type === 'roads') {
    rollup.roadKmBuilt += km
    if (p.surface === 'hardened') rollup.roadKmHardened += km
  }
  if (complete && p.type === 'water' && p.kind === 'pipeline') rollup.pipeKmBuilt += km
  rollup.budgetCny += p.budgetCny * share
  rollup.spentCny += p.spentCny * share
  rollup.funding.state += p.fundingState * share
  rollup.funding.sector += p.fundingSector * share
  rollup.funding.self += p.fundingSelf * share
  rollup.funding.other += p.fundingOther * share
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
 * A county's own funding sources (funding lines): summed per part, type and source for projects with a
 * townshipCode in the region's townships; per project for those crossing townships (the rollup keeps
 * the ones it placed in the region).
 */
function customFunding(db: Database, region: string, scope: string | undefined, type: ProjectLayer | undefined) {
  const part = region.length <= 2 ? sql`left(r.code, 6)` : sql`r.code`
  const projects = sql.join((type ? [type] : [...PROJECT_LAYERS]).map((layer) =>
    sql`SELECT ${layer}::text AS layer, code, township_code FROM ${sql.identifier(layer)}`), sql` UNION ALL `)
  return db.rows<{ part: string | null; type: ProjectLayer; code: string | null; source: string; amount: number }>(sql`
    WITH towns AS (${townsOf(region, scope)}),
    lines AS (SELECT f.layer, f.code, f.source, f.amount_cny, p.township_code FROM funding_lines f JOIN (${projects}) p ON p.layer = f.layer AND p.code = f.code)
    SELECT ${part} AS part, l.layer AS type, NULL::text AS code, l.source, sum(l.amount_cny)::float8 AS amount
    FROM lines l JOIN towns r ON r.code = l.township_code GROUP BY 1, 2, 4
    UNION ALL
    SELECT NULL, l.layer, l.code, l.source, sum(l.amount_cny)::float8 FROM lines l WHERE l.township_code IS NULL GROUP BY 2, 3, 4`)
}

/**
 * The rollup of a township, a county (parts: its townships), a province's two digits or '' for the whole
 * instance (parts: counties), counting only the townships within `scope` (the reader's region).
 */
export async function projectSummary(db: Database, region: string, type: ProjectLayer | undefined, scope?: string): Promise<ProjectSummary> {
  const partLevel = region.length <= 2 ? 'county' : 'township'
  const today = todayInChina()
  const rows = await projectRows(db, region, scope, type, today)
  const countyNames = partLevel === 'township' ? new Map<string, string>() : new Map((await db.rows<{ code: string; name: string }>(sql`
    SELECT code, name FROM regions WHERE level = 'county' AND code LIKE ${`${region}%`}`)).map((r) => [r.code, r.name]))
  const custom = await customFunding(db, region, scope, type)
  const total = empty()
  const byType = new Map<string, Rollup>()
  const byPart = new Map<string, { code: string; name: string; total: Rollup; byType: Map<string, Rollup> }>()
  const typeIn = (rollups: Map<string, Rollup>, t: string) => {
    let rollup = rollups.get(t)
    if (!rollup) rollups.set(t, (rollup = empty()))
    return rollup
  }
  /** Projects crossing townships (no townshipCode) counted already, in the region and in each part. */
  const counted = new Set<string>()
  /** Each crossing project's share in each part (above the county: a county road's length in each county). */
  const sharesOf = new Map<string, Map<string, number>>()
  for (const p of rows) {
    const key = p.code === null ? null : `${p.type}/${p.code}`
    // The whole region counts each project once, with all its money (its lengths: the parts' sum, below).
    if (key === null || !counted.has(key)) {
      if (key !== null) counted.add(key)
      const whole = { ...p, lengthM: null }
      add(total, whole, true, 1)
      add(typeIn(byType, p.type), whole, true, 1)
    }
    let part = byPart.get(p.part)
    if (!part) {
      part = { code: p.part, name: (partLevel === 'township' ? p.partName : countyNames.get(p.part)) ?? p.part, total: empty(), byType: new Map() }
      byPart.set(p.part, part)
    }
    // A county counts a crossing project once, however many of its townships the project crosses.
    const firstInPart = key === null || !counted.has(`${p.part}:${key}`)
    if (key !== null) {
      counted.add(`${p.part}:${key}`)
      const shares = sharesOf.get(key) ?? new Map<string, number>()
      shares.set(p.part, (shares.get(p.part) ?? 0) + p.share)
      sharesOf.set(key, shares)
    }
    add(part.total, p, firstInPart)
    add(typeIn(part.byType, p.type), p, firstInPart)
  }
  // Lengths of the whole region: the sum of the parts'.
  for (const part of byPart.values()) {
    total.roadKmBuilt += part.total.roadKmBuilt
    total.roadKmHardened += part.total.roadKmHardened
    total.pipeKmBuilt += part.total.pipeKmBuilt
    for (const [t, r] of part.byType) {
      const whole = byType.get(t)!
      whole.roadKmBuilt += r.roadKmBuilt
      whole.roadKmHardened += r.roadKmHardened
      whole.pipeKmBuilt += r.pipeKmBuilt
    }
  }
  for (const line of custom) {
    // Lines of a crossing project only if it is in this region (a county's own sources are counted where its projects are).
    const key = line.code === null ? null : `${line.type}/${line.code}`
    if (key !== null && !counted.has(key)) continue
    const credit = (rollup: Rollup | undefined, amount: number) => {
      if (rollup) rollup.funding[line.source] = (rollup.funding[line.source] ?? 0) + amount
    }
    credit(total, line.amount)
    credit(byType.get(line.type), line.amount)
    // A line of a project with a township counts in its part; above the county, one of a county road is
    // shared among the counties it crosses as its length and money are.
    const parts = line.part !== null ? [[line.part, 1] as const]
      : partLevel === 'county' ? [...(sharesOf.get(key!) ?? [])] : []
    for (const [code, share] of parts) {
      const part = byPart.get(code)
      credit(part?.total, line.amount * share)
      credit(part?.byType.get(line.type), line.amount * share)
    }
  }
  return {
    region,
    partLevel,
    today,
    total: finish(total),
    byType: Object.fromEntries([...byType].map(([t, r]) => [t, finish(r)])),
    townships: [...byPart.values()].map((t) => ({
      code: t.code, name: t.name, total: finish(t.total),
      byType: Object.fromEntries([...t.byType].map(([k, r]) => [k, finish(r)])),
    })),
    notices: NOTICES,
    notes: NOTICES.map(english),
  }
}
