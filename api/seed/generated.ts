import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { LOAD_ORDER, countryCounties, featureLine, upperRegions } from '../../geodata/country.ts'
import type { CountryOptions, GeneratedFeature } from '../../geodata/country.ts'
import type { LayerName } from '../../core/format/layers.ts'
import type { Database } from '../../db/client.ts'
import { analyze } from '../../db/statistics.ts'
import { importLayer } from '../layers/import.ts'
import { refreshAll } from '../analysis/village_facts.ts'

// The generated country (geodata/country.ts) on disk and into a database. Files are written county by
// county, one feature per line; loading goes through the ordinary import path (the same validation,
// progress log and audit trail), in parts that stay within import.maxFeatures, and ends with ANALYZE.

/**
 * Recorded in the audit trail as the system, with the whole instance in scope. The village facts are
 * measured once at the end (refreshAll) rather than around every part.
 */
const GENERATED_IMPORT = { actor: { id: null, username: 'system:generate' }, scope: '', deferFacts: true }

/** Features per import call: well inside import.maxFeatures and the body limit. */
export const LOAD_CHUNK = 5000

/** Writes `<dir>/<layer>.geojson` for every layer; returns the feature count of each. */
export function writeCountry(options: CountryOptions, dir: string): Record<LayerName, number> {
  const counts = Object.fromEntries(LOAD_ORDER.map((l) => [l, 0])) as Record<LayerName, number>
  const files = Object.fromEntries(LOAD_ORDER.map((l) => {
    const fd = openSync(join(dir, `${l}.geojson`), 'w')
    writeSync(fd, '{"type":"FeatureCollection","features":[\n')
    return [l, fd]
  })) as Record<LayerName, number>
  const write = (layer: LayerName, f: GeneratedFeature) => {
    writeSync(files[layer], `${counts[layer] ? ',\n' : ''}${featureLine(f)}`)
    counts[layer] += 1
  }
  try {
    for (const f of upperRegions(options)) write('regions', f)
    for (const { layers } of countryCounties(options)) for (const layer of LOAD_ORDER) for (const f of layers[layer]) write(layer, f)
  } finally {
    for (const fd of Object.values(files)) {
      writeSync(fd, '\n]}\n')
      closeSync(fd)
    }
  }
  return counts
}

export interface LoadReport {
  layer: LayerName
  features: number
  warnings: number
  ms: number
}

/**
 * Imports features of one layer in parts through the import path; stops at the first refused part (its
 * ApiError). The village facts are left to the caller (refreshAll once the layers are in).
 */
export async function importInParts(db: Database, layer: LayerName, features: readonly GeneratedFeature[], chunk = LOAD_CHUNK): Promise<{ warnings: number }> {
  let warnings = 0
  for (let i = 0; i < features.length; i += chunk) {
    const result = await importLayer(db, layer, { type: 'FeatureCollection', features: features.slice(i, i + chunk) }, GENERATED_IMPORT)
    warnings += result.warnings.length
  }
  return { warnings }
}

/** Loads a folder written by writeCountry (or any folder of layer files) in load order, then ANALYZE. */
export async function loadFolder(db: Database, dir: string, onLayer: (r: LoadReport) => void = () => {}): Promise<LoadReport[]> {
  const reports: LoadReport[] = []
  for (const layer of LOAD_ORDER) {
    const started = performance.now()
    const { features } = JSON.parse(readFileSync(join(dir, `${layer}.geojson`), 'utf8')) as { features: GeneratedFeature[] }
    const { warnings } = await importInParts(db, layer, features)
    const report = { layer, features: features.length, warnings, ms: performance.now() - started }
    reports.push(report)
    onLayer(report)
  }
  await analyze(db, [...LOAD_ORDER, 'project_log', 'audit_log'])
  await refreshAll(db)
  await analyze(db, ['village_facts'])
  return reports
}
