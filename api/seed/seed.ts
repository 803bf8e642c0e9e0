import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { importLayer } from '../layers/import.ts'
import type { ImportResult } from '../layers/import.ts'
import type { LayerName } from '../../core/format/layers.ts'
import type { ProjectHistory } from '../../core/projects/history.ts'
import type { Database } from '../../db/client.ts'
import { sampleFolder } from '../../db/paths.ts'

export const SAMPLE_COUNTY_CODE = '360729'

/** The seed is recorded in the audit trail as the system, with the whole instance in scope. */
const SEED_IMPORT = { actor: { id: null, username: 'system:seed' }, scope: '' }

/** Load order: referenced layers first, so that references resolve without warnings. */
const ORDER: LayerName[] = ['regions', 'sites', 'villages', 'roads', 'water', 'facilities', 'hazards']

export function readSampleLayer(layer: LayerName): unknown {
  return JSON.parse(readFileSync(join(sampleFolder, `${layer}.geojson`), 'utf8'))
}

/** The dated progress log of the sample's projects (geodata/generate.ts writes it beside the layers). */
export function readSampleHistory(): ProjectHistory[] {
  return JSON.parse(readFileSync(join(sampleFolder, 'progress_log.json'), 'utf8')) as ProjectHistory[]
}

/**
 * (Re)load the sample county through the ordinary import path: its features are upserted by
 * code, so a user's own county beside it is never touched. A project loaded for the first time
 * gets its dated history as its progress log; one loaded again, an entry of today if it changed.
 */
export async function loadSampleCounty(db: Database): Promise<Record<LayerName, ImportResult>> {
  const results = {} as Record<LayerName, ImportResult>
  const history = readSampleHistory()
  for (const layer of ORDER) {
    const own = new Map(history.filter((h) => h.layer === layer).map((h) => [h.code, h.entries]))
    results[layer] = await importLayer(db, layer, readSampleLayer(layer), { ...SEED_IMPORT, history: own })
  }
  return results
}

export async function hasAnyRegion(db: Database): Promise<boolean> {
  const [{ n }] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM regions`)
  return n > 0
}
