import { sql } from 'drizzle-orm'
import { recordAudit } from '../../db/audit.ts'
import { resolveSettings } from '../../db/settings.ts'
import type { AuditActor, AuditEntry } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { ApiError } from '../http/errors.ts'
import { checkRowsInDatabase, inRegion, logProjectImport, projectStates, readLayer, upsertRows } from './store.ts'
import { checkImportFile, issue } from './validate.ts'
import { msg } from '../../core/messages/catalogue.ts'
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
}

/**
 * Import a FeatureCollection into a layer: validate every row, then upsert all of them in one
 * transaction with their progress-log entries and audit rows, or write nothing and report every problem.
 */
export async function importLayer(db: Database, layer: LayerName, body: unknown, options: ImportOptions): Promise<ImportResult> {
  const settings = await resolveSettings(db)
  const limit = (key: 'import.maxFeatures' | 'import.maxVertices' | 'import.maxPropertyBytes') => settings[key].value as number
  const file = checkImportFile(layer, body, {
    maxFeatures: limit('import.maxFeatures'), maxVertices: limit('import.maxVertices'), maxPropertyBytes: limit('import.maxPropertyBytes'),
  })
  if (!file.ok) throw new ApiError(file.status, file.code, file.msg, { errors: file.errors })
  const { errors, warnings } = await checkRowsInDatabase(db, layer, file.rows)
  if (errors.length) {
    throw new ApiError(422, 'invalid_features', msg('import.invalid_geometries', { problems: errors.length }), { errors })
  }
  const outside = await rowsOutsideScope(db, layer, file.rows, options.scope)
  if (outside.length) {
    throw new ApiError(403, 'out_of_scope',
      msg('import.rows_out_of_scope', { features: outside.length, scope: options.scope }), { errors: outside })
  }
  const codes = file.rows.map((r) => r.code)
  return db.transaction(async (tx) => {
    const before = await projectStates(tx, layer, codes)
    const old = new Map((await readLayer(tx, layer, { codes })).map((f) => [f.properties!.code as string, f]))
    const counts = await upsertRows(tx, layer, file.rows)
    await logProjectImport(tx, layer, file.rows, before, options.actor.username)
    const entries: AuditEntry[] = []
    for (const now of await readLayer(tx, layer, { codes })) {
      const code = now.properties!.code as string
      const was = old.get(code)
      if (was && JSON.stringify(was) === JSON.stringify(now)) continue
      entries.push({ action: was ? 'update' : 'create', entity: layer, code, before: was ?? null, after: now })
    }
    await recordAudit(tx, options.actor, entries)
    return { ...counts, warnings: [...file.warnings, ...warnings] }
  })
}

/** Rows (new or the features they replace) outside the importer's region, by the membership rule. */
async function rowsOutsideScope(db: Database, layer: LayerName, rows: ImportRow[], scope: string): Promise<Issue[]> {
  if (scope === '') return []
  const byCode = (r: ImportRow) =>
    r.code.startsWith(scope) || (typeof r.properties.townshipCode === 'string' && r.properties.townshipCode.startsWith(scope))
  const undecided = rows.filter((r) => !byCode(r) && r.properties.townshipCode === undefined && r.geometry)
  const inside = new Set(rows.filter(byCode).map((r) => r.index))
  if (undecided.length) {
    const hits = await db.rows<{ i: number }>(sql`
      SELECT (e->>'i')::int AS i FROM jsonb_array_elements(${JSON.stringify(undecided.map((r) => ({ i: r.index, g: JSON.stringify(r.geometry) })))}::jsonb) e
      WHERE ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), 4326), (SELECT geom FROM regions WHERE code = ${scope}))`)
    for (const { i } of hits) inside.add(i)
  }
  const replacedOutside = new Set((await db.rows<{ code: string }>(sql`
    SELECT t.code FROM ${sql.identifier(layer)} t
    WHERE t.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.code))}::jsonb))
      AND NOT ${inRegion(layer, scope)}`)).map((r) => r.code))
  return rows
    .filter((r) => !inside.has(r.index) || replacedOutside.has(r.code))
    .map((r) => issue(r.index, replacedOutside.has(r.code) ? 'code' : 'townshipCode', 'out_of_scope',
      replacedOutside.has(r.code)
        ? msg('import.replaced_out_of_scope', { code: r.code, scope })
        : msg('import.feature_out_of_scope', { code: r.code, scope }), r.code))
}
