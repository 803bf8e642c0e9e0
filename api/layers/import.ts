import type { Database } from '../../db/client.ts'
import type { LayerName } from '../../geodata/format.ts'
import { ApiError } from '../errors.ts'
import { checkRowsInDatabase, logProjectImport, projectStates, upsertRows } from './store.ts'
import { checkImportFile } from './validate.ts'
import type { Issue } from './validate.ts'

export interface ImportResult {
  inserted: number
  updated: number
  warnings: Issue[]
}

/**
 * Import a FeatureCollection into a layer: validate every row, then upsert all of them in one
 * transaction (with their progress-log entries), or write nothing and report every problem.
 */
export async function importLayer(db: Database, layer: LayerName, body: unknown): Promise<ImportResult> {
  const file = checkImportFile(layer, body)
  if (!file.ok) throw new ApiError(file.status, file.code, file.message, { errors: file.errors })
  const { errors, warnings } = await checkRowsInDatabase(db, layer, file.rows)
  if (errors.length) {
    throw new ApiError(422, 'invalid_features',
      `${errors.length} problem(s) in the geometries; nothing was imported.`, { errors })
  }
  return db.transaction(async (tx) => {
    const before = await projectStates(tx, layer, file.rows.map((r) => r.code))
    const counts = await upsertRows(tx, layer, file.rows)
    await logProjectImport(tx, layer, file.rows, before)
    return { ...counts, warnings: [...file.warnings, ...warnings] }
  })
}
