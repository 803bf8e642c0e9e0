import type { Geometry } from 'geojson'
import { sql } from 'drizzle-orm'
import { resolveSettings } from '../../db/settings.ts'
import type { AuditActor } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import { analyze } from '../../db/statistics.ts'
import { FACTS_TABLES, refreshAround } from '../analysis/village_facts.ts'
import { LAYER_SPECS, type LayerName } from '../../core/format/layers.ts'
import type { HistoryEntry } from '../../core/projects/history.ts'
import { ApiError } from '../http/errors.ts'
import { checkRowsInDatabase, featureJson, logProjectImport, projectStates, upsertRows, writableIn } from './store.ts'
import { checkImportFile, issue } from './validate.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { divisionOf, insideScope, membershipOf } from '../../core/format/membership.ts'
import type { ImportRow, Issue } from './validate.ts'

export interface ImportResult {
  inserted: number
  updated: number
  warnings: Issue[]
}

export interface ImportOptions {
  /** Who imports: recorded in the audit trail. */
  actor: AuditActor
  /** The region the importer may change ('' for all); rows outside it refuse the whole file. */
  scope: string
  /** Dated progress-log entries by project code (the sample county's): a project the import creates gets these, not an entry of today. */
  history?: ReadonlyMap<string, readonly HistoryEntry[]>
  /** A bulk load that refreshes the village facts itself once at the end (api/seed/generated.ts); every other write refreshes them here. */
  deferFacts?: boolean
}

/** Rows written per statement of a large import. */
const WRITE_CHUNK = 2000
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))

/** What the checks found: the rows that may be written, every error and every warning. */
export interface ImportCheck {
  rows: ImportRow[]
  errors: Issue[]
  warnings: Issue[]
  /** The refusal to answer with when there are errors (the first kind of problem found). */
  refusal?: ApiError
}

/**
 * Every check of an import before anything is written: the file against the exchange format, the
 * rows against the database (geometry validity, references, distance from township and county), and
 * the importer's region. A file-level problem (not GeoJSON, a CRS, too many features) throws.
 */
export async function checkImport(db: Database, layer: LayerName, body: unknown, options: Pick<ImportOptions, 'scope'>): Promise<ImportCheck> {
  const settings = await resolveSettings(db)
  const limit = (key: 'import.maxFeatures' | 'import.maxVertices' | 'import.maxPropertyBytes') => settings[key].value as number
  const file = checkImportFile(layer, body, {
    maxFeatures: limit('import.maxFeatures'), maxVertices: limit('import.maxVertices'), maxPropertyBytes: limit('import.maxPropertyBytes'),
  })
  if (!file.ok && !file.rows) throw new ApiError(file.status, file.code, file.msg, { errors: file.errors })
  const rows = file.ok ? file.rows : file.rows!
  const formatErrors = file.ok ? [] : file.errors
  const swapped = swappedPositions(rows)
  const checked = rows.filter((r) => !swapped.some((e) => e.index === r.index))
  const { errors: geometryErrors, warnings } = await checkRowsInDatabase(db, layer, checked)
  const invalid = new Set(geometryErrors.map((e) => e.index))
  const outside = await rowsOutsideScope(db, layer, checked.filter((r) => !invalid.has(r.index)), options.scope)
  const errors = [...formatErrors, ...swapped, ...geometryErrors, ...outside].sort((a, b) => (a.index ?? -1) - (b.index ?? -1))
  const bad = new Set(errors.map((e) => e.index))
  const result: ImportCheck = { rows: rows.filter((r) => !bad.has(r.index)), errors, warnings: [...(file.ok ? file.warnings : []), ...warnings] }
  if (formatErrors.length || swapped.length) {
    const all = [...formatErrors, ...swapped]
    result.refusal = new ApiError(422, 'invalid_features',
      msg('import.invalid_features', { problems: all.length, features: new Set(all.map((e) => e.index)).size }), { errors: all })
  } else if (geometryErrors.length) {
    result.refusal = new ApiError(422, 'invalid_features', msg('import.invalid_geometries', { problems: geometryErrors.length }), { errors: geometryErrors })
  } else if (outside.length) {
    result.refusal = new ApiError(403, 'out_of_scope', msg('import.rows_out_of_scope', { features: outside.length, scope: options.scope }), { errors: outside })
  }
  return result
}

/**
 * Positions that lie in China only when read the other way round: a table's 经度 and 纬度 columns
 * swapped (the generic check catches latitudes beyond 90°; this one the western counties too).
 */
function swappedPositions(rows: ImportRow[]): Issue[] {
  const inChina = (lon: number, lat: number) => lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54
  const issues: Issue[] = []
  for (const r of rows) {
    const g = r.geometry
    if (!g || g.type !== 'Point') continue
    const [lon, lat] = g.coordinates
    if (!inChina(lon, lat) && inChina(lat, lon)) {
      issues.push(issue(r.index, 'geometry', 'coordinates_swapped', msg('geometry.coordinates_swapped', { lon, lat }), r.code))
    }
  }
  return issues
}

/**
 * Import a FeatureCollection into a layer: validate every row, then upsert all of them in one
 * transaction with their progress-log entries and audit rows, or write nothing and report every problem.
 */
export async function importLayer(db: Database, layer: LayerName, body: unknown, options: ImportOptions): Promise<ImportResult> {
  const check = await checkImport(db, layer, body, options)
  if (check.refusal) throw check.refusal
  const file = { rows: check.rows, warnings: check.warnings }
  const codes = file.rows.map((r) => r.code)
  const codeList = JSON.stringify(codes)
  // What the rows replace, read before the write transaction: the embedded database has one
  // connection, and others' requests run between these reads but not inside the transaction.
  const before = await projectStates(db, layer, codes)
  const old = await db.rows<{ code: string; version: number; feature: unknown }>(sql`
    SELECT t.code, t.version, ${featureJson(layer)} AS feature FROM ${sql.identifier(layer)} t
    WHERE t.code IN (SELECT jsonb_array_elements_text(${codeList}::jsonb))`)
  const oldVersions = new Map(old.map((r) => [r.code, r.version]))
  const result = await db.transaction(async (tx) => {
    // Changed by someone else while the file was checked: nothing is written (409), import it again.
    const now = await tx.rows<{ code: string; version: number }>(sql`
      SELECT code, version FROM ${sql.identifier(layer)} WHERE code IN (SELECT jsonb_array_elements_text(${codeList}::jsonb)) FOR UPDATE`)
    const changed = now.filter((r) => oldVersions.get(r.code) !== r.version).length + Math.max(0, oldVersions.size - now.length)
    if (changed) throw new ApiError(409, 'changed_meanwhile', msg('import.changed_meanwhile', { features: changed }))
    // In parts, letting the event loop breathe between them: the embedded database runs in this
    // thread, and /api/health (which needs no database) keeps answering during a large import.
    const counts = { inserted: 0, updated: 0 }
    const oldFeatures = new Map(old.map((r) => [r.code, typeof r.feature === 'string' ? JSON.parse(r.feature) : r.feature]))
    for (let i = 0; i < file.rows.length; i += WRITE_CHUNK) {
      const part = file.rows.slice(i, i + WRITE_CHUNK)
      const written = await upsertRows(tx, layer, part)
      counts.inserted += written.inserted
      counts.updated += written.updated
      await logProjectImport(tx, layer, part, before, options.actor.username, options.history)
      // One audit row per feature that changed, its after built by the database from what it stored.
      const olds = JSON.stringify(Object.fromEntries(part.filter((r) => oldFeatures.has(r.code)).map((r) => [r.code, oldFeatures.get(r.code)])))
      await tx.rows(sql`
        INSERT INTO audit_log (user_id, username, action, entity, code, before, after)
        SELECT ${options.actor.id}, ${options.actor.username}, CASE WHEN o.value IS NULL THEN 'create' ELSE 'update' END, ${layer}, t.code,
          o.value, ${featureJson(layer)}
        FROM ${sql.identifier(layer)} t LEFT JOIN jsonb_each(${olds}::jsonb) o ON o.key = t.code
        WHERE t.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(part.map((r) => r.code))}::jsonb))
          AND (o.value IS NULL OR o.value IS DISTINCT FROM ${featureJson(layer)})
        ORDER BY t.code`)
      await breathe()
    }
    // The village facts the rows can change, from their old and new geometries, in this transaction.
    const refreshed = options.deferFacts ? 0 : await refreshAround(tx, layer, codes,
      [...file.rows.map((r) => r.geometry), ...[...oldFeatures.values()].map((f) => (f as { geometry?: Geometry | null } | null)?.geometry ?? null)])
    // Every import, of any size, renews the statistics of the tables it wrote, in its transaction, before
    // the next query plans on them (no autovacuum on either backend here, TRAPS.md; db/statistics.ts).
    if (file.rows.length) await analyze(tx, importedTables(layer))
    if (refreshed) await analyze(tx, FACTS_TABLES)
    return { ...counts, warnings: file.warnings }
  })
  return result
}

/** Tables the triggers of a layer rewrite: the low-zoom tile cells (migration 0010) and exit classes (0011) of villages, the low-zoom lines of roads (0012). */
const DERIVED: Partial<Record<LayerName, string[]>> = { villages: ['tile_cells', 'exit_classes'], roads: ['road_cells'] }

/** The tables an import of a layer writes: the layer, the audit trail, the progress log for project layers, and what its triggers derive. */
export const importedTables = (layer: LayerName): string[] =>
  [layer, 'audit_log', ...(LAYER_SPECS[layer].project ? ['project_log'] : []), ...(DERIVED[layer] ?? [])]

/**
 * Rows outside the importer's region (GEODATA_FORMAT.md, write scope): every claim a row makes must
 * lie inside it (the division its code names, its townshipCode, a region's parentCode, its
 * geometry), a row that belongs by geometry only must lie wholly inside, and the feature a row
 * replaces must be the importer's to change as well.
 */
async function rowsOutsideScope(db: Database, layer: LayerName, rows: ImportRow[], scope: string): Promise<Issue[]> {
  if (scope === '') return []
  const issues: Issue[] = []
  const refuse = (r: ImportRow, property: string, said: Message) => issues.push(issue(r.index, property, 'out_of_scope', said, r.code))
  const compatible = (division: string) => insideScope(division, scope) || scope.startsWith(division)
  const geometryChecks: { i: number; g: string; whole: boolean }[] = []
  for (const r of rows) {
    const township = typeof r.properties.townshipCode === 'string' ? r.properties.townshipCode : undefined
    const division = divisionOf(r.code)
    const membership = membershipOf(layer, { code: r.code, townshipCode: township })
    if (layer === 'regions') {
      const parent = typeof r.properties.parentCode === 'string' ? r.properties.parentCode : undefined
      if (!insideScope(r.code, scope)) refuse(r, 'code', msg('import.code_out_of_scope', { code: r.code, scope }))
      else if (parent !== undefined && !compatible(parent)) refuse(r, 'parentCode', msg('import.parent_out_of_scope', { parent, scope }))
      continue
    }
    if (township !== undefined && !insideScope(township, scope)) {
      refuse(r, 'townshipCode', msg('import.township_out_of_scope', { township, scope }))
      continue
    }
    if (division !== null && !compatible(division)) {
      refuse(r, 'code', msg('import.code_out_of_scope', { code: r.code, scope }))
      continue
    }
    if (membership.by === 'code' && !insideScope(membership.region, scope)) {
      // A county-coded feature without a township belongs to the county: not a township account's.
      refuse(r, 'code', msg('import.feature_out_of_scope', { code: r.code, scope }))
      continue
    }
    if (r.geometry) geometryChecks.push({ i: r.index, g: JSON.stringify(r.geometry), whole: membership.by === 'geometry' })
  }
  if (geometryChecks.length) {
    // The region's polygon, where it has one: a geometry must meet it, and lie within it if that is all that places it.
    const outside = await db.rows<{ i: number; whole: boolean }>(sql`
      WITH r AS (SELECT geom FROM regions WHERE code = ${scope}),
      f AS (SELECT (e->>'i')::int AS i, (e->>'whole')::boolean AS whole, ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), 4326) AS geom
            FROM jsonb_array_elements(${JSON.stringify(geometryChecks)}::jsonb) e)
      SELECT f.i, f.whole FROM f, r
      WHERE CASE WHEN f.whole THEN NOT ST_CoveredBy(f.geom, r.geom) ELSE NOT ST_Intersects(f.geom, r.geom) END`)
    const byIndex = new Map(rows.map((r) => [r.index, r]))
    for (const { i, whole } of outside) {
      refuse(byIndex.get(i)!, 'geometry', whole ? msg('import.geometry_beyond_scope', { scope }) : msg('import.geometry_out_of_scope', { scope }))
    }
  }
  const replacedOutside = await db.rows<{ code: string }>(sql`
    SELECT t.code FROM ${sql.identifier(layer)} t
    WHERE t.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.code))}::jsonb))
      AND NOT ${writableIn(layer, scope)}`)
  const byCode = new Map(rows.map((r) => [r.code, r]))
  for (const { code } of replacedOutside) {
    const r = byCode.get(code)!
    // The feature it would replace is someone else's: that is the problem to name, first.
    for (let k = issues.length - 1; k >= 0; k--) if (issues[k].index === r.index) issues.splice(k, 1)
    issues.unshift(issue(r.index, 'code', 'out_of_scope', msg('import.replaced_out_of_scope', { code, scope }), code))
  }
  return issues.sort((a, b) => (a.index ?? -1) - (b.index ?? -1))
}
