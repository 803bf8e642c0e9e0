import { sql } from 'drizzle-orm'
import type { FundingLine, LogEntry, ProjectDetail, ProjectRow } from '../../core/contract/projects.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { ProjectDates } from '../../core/projects/lifecycle.ts'
import type { ProjectLayer } from '../../core/projects/layers.ts'
import type { Database } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { ApiError, notFound } from '../http/errors.ts'
import { inRegion, moreRowsIn, readLayer, writableIn } from '../layers/store.ts'
import { servedVillages } from './serves.ts'

// The SQL of build-out projects: the list, one project with its log and funding lines, the lock a
// change takes, and the rows a change writes (log entries, the projected state, funding lines).

export interface ProjectState extends ProjectDates {
  code: string
  version: number
  status: ProjectStatus
  progressPct: number | null
  spentCny: number | null
  budgetCny: number | null
  inScope: boolean
}

/** The project, locked for the transaction, checked against the caller's region and the version they read. */
export async function lockProject(tx: Database, actor: Actor, layer: ProjectLayer, code: string, version: number): Promise<ProjectState> {
  // A project that reaches beyond the account's region (a county road across townships) is not its to change.
  const scope = actor.regionCode ? writableIn(layer, actor.regionCode) : sql`true`
  const [row] = await tx.rows<ProjectState>(sql`
    SELECT t.code, t.version, t.status, t.progress_pct AS "progressPct", t.spent_cny AS "spentCny", t.budget_cny AS "budgetCny",
      t.actual_start AS "actualStart", t.actual_end AS "actualEnd", ${scope} AS "inScope"
    FROM ${sql.identifier(layer)} t WHERE t.code = ${code} FOR UPDATE`)
  if (!row) throw notFound(msg('projects.no_project', { code: code.slice(0, 64), layer }))
  if (!row.inScope) throw new ApiError(403, 'out_of_scope', msg('errors.feature_out_of_scope', { layer, code, scope: actor.regionCode }))
  if (row.version !== version) {
    const [current] = await readLayer(tx, layer, { code })
    throw new ApiError(409, 'stale_version', msg('projects.stale_project', { code, current: row.version, yours: version }),
      { current })
  }
  return row
}

/**
 * Whether the list would hold more than `limit` projects (counted no further than that: a country's
 * million roads are not counted to say no).
 */
export function moreProjectsThan(db: Database, layers: readonly ProjectLayer[], region: string | undefined, limit: number): Promise<boolean> {
  return moreRowsIn(db, sql.join(layers.map((layer) => sql`
    SELECT 1 FROM ${sql.identifier(layer)} t WHERE ${region ? inRegion(layer, region) : sql`true`}`), sql` UNION ALL `), limit)
}

/** The projects of the layers in a region (all when none), with whether each is overdue on `today`. */
export async function listProjects(db: Database, layers: readonly ProjectLayer[], region: string | undefined, today: string): Promise<ProjectRow[]> {
  return db.rows<ProjectRow>(sql.join(layers.map((layer) => sql`
    SELECT ${layer}::text AS layer, t.code, t.name, t.township_code AS "townshipCode", r.name AS "townshipName", t.status,
      t.progress_pct AS "progressPct", t.planned_start AS "plannedStart", t.planned_end AS "plannedEnd",
      t.actual_start AS "actualStart", t.actual_end AS "actualEnd", t.budget_cny AS "budgetCny", t.spent_cny AS "spentCny",
      t.funding_state AS "fundingState", t.funding_sector AS "fundingSector", t.funding_self AS "fundingSelf",
      t.funding_other AS "fundingOther", t.contractor, t.version, t.geom IS NULL AS "noGeometry",
      ${layer === 'roads' ? sql`t.length_m` : sql`NULL::float8`} AS "lengthM",
      coalesce(t.planned_end < ${today}::date AND t.status NOT IN ('completed', 'accepted'), false) AS overdue
    FROM ${sql.identifier(layer)} t LEFT JOIN regions r ON r.code = t.township_code
    WHERE ${region ? inRegion(layer, region) : sql`true`}`), sql` UNION ALL `))
}

/** A project as its card shows it: the feature, its version, log, funding lines and the villages it serves. */
export async function projectDetail(db: Database, layer: ProjectLayer, code: string, villageScope?: string): Promise<ProjectDetail> {
  const [feature] = await readLayer(db, layer, { code })
  if (!feature) throw notFound(msg('projects.no_project', { code: code.slice(0, 64), layer }))
  const [meta] = await db.rows<{ version: number }>(sql`SELECT version FROM ${sql.identifier(layer)} WHERE code = ${code}`)
  const log = await db.rows<LogEntry>(sql`
    SELECT id, entry_date AS date, status, progress_pct AS "progressPct", spent_cny AS "spentCny", note, reason, corrects,
      source, created_by AS "createdBy", created_at AS "createdAt"
    FROM project_log WHERE layer = ${layer} AND code = ${code} ORDER BY entry_date, id`)
  const funding = await fundingLines(db, layer, code)
  return { layer, version: meta.version, feature, log, funding, serves: await servedVillages(db, layer, feature, villageScope) }
}

export function fundingLines(db: Database, layer: ProjectLayer, code: string): Promise<FundingLine[]> {
  return db.rows<FundingLine>(sql`SELECT id, source, amount_cny AS "amountCny" FROM funding_lines WHERE layer = ${layer} AND code = ${code} ORDER BY id`)
}

export async function hasLogEntry(db: Database, layer: ProjectLayer, code: string, id: number): Promise<boolean> {
  const [row] = await db.rows(sql`SELECT 1 FROM project_log WHERE id = ${id} AND layer = ${layer} AND code = ${code}`)
  return row !== undefined
}

export interface NewLogEntry {
  date: string
  status: ProjectStatus
  progressPct: number
  spentCny: number | null
  note?: string
  reason?: string
  corrects?: number
}

/** Appends a manual entry to the log and makes the project's state its projection (one version more). */
export async function writeLogEntry(tx: Database, layer: ProjectLayer, code: string, entry: NewLogEntry, dates: ProjectDates, author: string): Promise<void> {
  await tx.rows(sql`
    INSERT INTO project_log (layer, code, entry_date, status, progress_pct, spent_cny, note, reason, corrects, source, created_by)
    VALUES (${layer}, ${code}, ${entry.date}, ${entry.status}, ${entry.progressPct}, ${entry.spentCny}, ${entry.note ?? null},
      ${entry.reason ?? null}, ${entry.corrects ?? null}, 'manual', ${author})`)
  await tx.rows(sql`
    UPDATE ${sql.identifier(layer)} SET status = ${entry.status}, progress_pct = ${entry.progressPct}, spent_cny = ${entry.spentCny},
      actual_start = ${dates.actualStart}, actual_end = ${dates.actualEnd}, version = version + 1, updated_at = now()
    WHERE code = ${code}`)
}

export async function insertFundingLine(tx: Database, layer: ProjectLayer, code: string, line: Omit<FundingLine, 'id'>): Promise<void> {
  await tx.rows(sql`INSERT INTO funding_lines (layer, code, source, amount_cny) VALUES (${layer}, ${code}, ${line.source}, ${line.amountCny})`)
}

/** Deletes a funding line of the project; what it was, or null when the project has no such line. */
export async function deleteFundingLine(tx: Database, layer: ProjectLayer, code: string, id: number): Promise<Omit<FundingLine, 'id'> | null> {
  const [line] = await tx.rows<Omit<FundingLine, 'id'>>(sql`
    DELETE FROM funding_lines WHERE id = ${id} AND layer = ${layer} AND code = ${code}
    RETURNING source, amount_cny AS "amountCny"`)
  return line ?? null
}

/** A change beside the project's own columns (its funding lines) still makes a new version of it. */
export async function bumpVersion(tx: Database, layer: ProjectLayer, code: string): Promise<void> {
  await tx.rows(sql`UPDATE ${sql.identifier(layer)} SET version = version + 1, updated_at = now() WHERE code = ${code}`)
}

export async function roadExists(db: Database, code: string): Promise<boolean> {
  const [row] = await db.rows(sql`SELECT 1 FROM roads WHERE code = ${code}`)
  return row !== undefined
}

/**
 * A single-line road cut at the point of it nearest `point`: the two parts as GeoJSON and how far the
 * point was from the road (metres). Null when the road is not one line or the point is at an end.
 */
export async function cutRoad(db: Database, code: string, point: [number, number]): Promise<{ a: string; b: string; offsetM: number } | null> {
  const [parts] = await db.rows<{ a: string; b: string; offsetM: number }>(sql`
    WITH r AS (SELECT ST_LineMerge(geom) AS line FROM roads WHERE code = ${code}),
    p AS (SELECT ST_SetSRID(ST_MakePoint(${point[0]}, ${point[1]}), 4326) AS pt),
    f AS (SELECT r.line, ST_LineLocatePoint(r.line, p.pt) AS at, ST_Distance(ST_ClosestPoint(r.line, p.pt)::geography, p.pt::geography) AS off
          FROM r, p WHERE GeometryType(r.line) = 'LINESTRING')
    SELECT ST_AsGeoJSON(ST_LineSubstring(line, 0, at), 7) AS a, ST_AsGeoJSON(ST_LineSubstring(line, at, 1), 7) AS b, off AS "offsetM"
    FROM f WHERE at > 0 AND at < 1`)
  return parts ?? null
}
