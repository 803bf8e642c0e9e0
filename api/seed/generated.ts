import { createReadStream, closeSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { sql } from 'drizzle-orm'
import { LOAD_ORDER, countryCounties, countryPlan, featureLine, upperRegions } from '../../geodata/country.ts'
import type { CountryOptions, GeneratedFeature } from '../../geodata/country.ts'
import type { LayerName } from '../../core/format/layers.ts'
import type { Database } from '../../db/client.ts'
import { analyze } from '../../db/statistics.ts'
import { importLayer } from '../layers/import.ts'
import { FACTS_TABLES, refreshAll } from '../analysis/village_facts.ts'

// The generated country (geodata/country.ts) on disk and into a database. Files are written county by
// county, one feature per line; loading goes through the ordinary import path (the same validation,
// progress log and audit trail), in parts that stay within import.maxFeatures, and ends with ANALYZE.
// At national size (500,000 villages, about 1.8 million features) nothing holds a whole layer: files
// are read line by line, or the generator is loaded county batch by county batch.

/**
 * Recorded in the audit trail as the system, with the whole instance in scope. The village facts are
 * measured once at the end (refreshAll) rather than around every part.
 */
const GENERATED_IMPORT = { actor: { id: null, username: 'system:generate' }, scope: '', deferFacts: true }

/**
 * Features per import call: well inside import.maxFeatures. Every import ends with ANALYZE of the
 * tables it wrote (about a second each once they are large), so fewer, larger parts load faster.
 */
export const LOAD_CHUNK = 20_000

/** Writes `<dir>/<layer>.geojson` for every layer; returns the feature count of each. */
export function writeCountry(options: CountryOptions, dir: string): Record<LayerName, number> {
  const counts = Object.fromEntries(LOAD_ORDER.map((l) => [l, 0])) as Record<LayerName, number>
  const files = Object.fromEntries(LOAD_ORDER.map((l) => {
    const fd = openSync(join(dir, `${l}.geojson`), 'w')
    writeSync(fd, `${FILE_HEAD}\n`)
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

/** The first line of a file writeCountry writes: the features follow one a line. */
const FILE_HEAD = '{"type":"FeatureCollection","features":['

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

/**
 * The features of a layer file, `chunk` at a time. A file of one feature per line (writeCountry's, the
 * sample's) is read line by line, so its size is not bounded by memory or by V8's longest string;
 * any other GeoJSON file is parsed whole.
 */
export async function* layerFileParts(path: string, chunk = LOAD_CHUNK): AsyncGenerator<GeneratedFeature[]> {
  const head = Buffer.alloc(FILE_HEAD.length + 2)
  const fd = openSync(path, 'r')
  const read = readSync(fd, head, 0, head.length, 0)
  closeSync(fd)
  const firstLine = head.subarray(0, read).toString('utf8').split(/\r?\n/)[0].replace(/\s+/g, '')
  if (firstLine !== FILE_HEAD) {
    const { features } = JSON.parse(readFileSync(path, 'utf8')) as { features: GeneratedFeature[] }
    for (let i = 0; i < features.length; i += chunk) yield features.slice(i, i + chunk)
    return
  }
  let part: GeneratedFeature[] = []
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })
  let lineNo = 0
  for await (const raw of lines) {
    lineNo += 1
    const line = raw.trim().replace(/,$/, '')
    if (lineNo === 1 || line === '' || line === ']}') continue
    try {
      part.push(JSON.parse(line) as GeneratedFeature)
    } catch {
      throw new Error(`${path}:${lineNo}: not one GeoJSON feature on this line`)
    }
    if (part.length >= chunk) {
      yield part
      part = []
    }
  }
  if (part.length) yield part
}

/** Loads a folder written by writeCountry (or any folder of layer files) in load order, then the facts and ANALYZE. */
export async function loadFolder(db: Database, dir: string, onLayer: (r: LoadReport) => void = () => {},
  onPart: (layer: LayerName, features: number) => void = () => {}): Promise<LoadReport[]> {
  const reports: LoadReport[] = []
  for (const layer of LOAD_ORDER) {
    const path = join(dir, `${layer}.geojson`)
    const started = performance.now()
    let features = 0
    let warnings = 0
    if (statSync(path, { throwIfNoEntry: false })) {
      for await (const part of layerFileParts(path)) {
        warnings += (await importInParts(db, layer, part)).warnings
        features += part.length
        onPart(layer, features)
      }
    }
    const report = { layer, features, warnings, ms: performance.now() - started }
    reports.push(report)
    onLayer(report)
  }
  await analyze(db, [...LOAD_ORDER, 'project_log', 'audit_log'])
  await refreshAll(db)
  await analyze(db, FACTS_TABLES)
  return reports
}

export interface BatchReport {
  /** Counties loaded so far (of `totalCounties`), and the features of this batch written or already there. */
  counties: number
  totalCounties: number
  villages: number
  features: number
  skipped: number
  warnings: number
  ms: number
}

export interface CountryLoadOptions {
  /** A batch is closed once it holds this many villages (one import call per layer and part; default LOAD_CHUNK). */
  batchVillages?: number
  /** Features already stored (by code) are not imported again: a load broken off goes on where it stopped. */
  resume?: boolean
  onBatch?: (r: BatchReport) => void
  onFacts?: (done: number, total: number) => void
}

/**
 * Loads the generated country straight from the generator, county batch by county batch, through the
 * import path: the provinces and prefectures first, then for each batch its layers in load order. The
 * village facts are measured once at the end, county by county, then ANALYZE.
 */
export async function loadCountry(db: Database, options: CountryOptions, load: CountryLoadOptions = {}): Promise<BatchReport> {
  const batchVillages = load.batchVillages ?? LOAD_CHUNK
  const totalCounties = countryPlan(options).counties.length
  const total: BatchReport = { counties: 0, totalCounties, villages: 0, features: 0, skipped: 0, warnings: 0, ms: 0 }
  const started = performance.now()
  const importBatch = async (layers: Record<LayerName, GeneratedFeature[]>, counties: number) => {
    const report: BatchReport = { counties: 0, totalCounties, villages: layers.villages.length, features: 0, skipped: 0, warnings: 0, ms: 0 }
    const batchStarted = performance.now()
    for (const layer of LOAD_ORDER) {
      const features = load.resume ? await notStored(db, layer, layers[layer]) : layers[layer]
      report.skipped += layers[layer].length - features.length
      report.features += layers[layer].length
      report.warnings += (await importInParts(db, layer, features)).warnings
    }
    total.counties += counties
    total.villages += report.villages
    total.features += report.features
    total.skipped += report.skipped
    total.warnings += report.warnings
    total.ms = performance.now() - started
    load.onBatch?.({ ...report, counties: total.counties, ms: performance.now() - batchStarted })
  }
  const empty = () => Object.fromEntries(LOAD_ORDER.map((l) => [l, [] as GeneratedFeature[]])) as Record<LayerName, GeneratedFeature[]>
  await importBatch({ ...empty(), regions: upperRegions(options) }, 0)
  let batch = empty()
  let counties = 0
  for (const { layers } of countryCounties(options)) {
    for (const layer of LOAD_ORDER) for (const f of layers[layer]) batch[layer].push(f)
    counties += 1
    if (batch.villages.length >= batchVillages) {
      await importBatch(batch, counties)
      batch = empty()
      counties = 0
    }
  }
  if (counties) await importBatch(batch, counties)
  await analyze(db, [...LOAD_ORDER, 'project_log', 'audit_log'])
  await refreshFactsByCounty(db, load.onFacts)
  await analyze(db, FACTS_TABLES)
  total.ms = performance.now() - started
  return total
}

/** The features whose code is not stored in the layer yet. */
async function notStored(db: Database, layer: LayerName, features: GeneratedFeature[]): Promise<GeneratedFeature[]> {
  if (!features.length) return features
  const codes = features.map((f) => String(f.properties.code))
  const stored = new Set((await db.rows<{ code: string }>(sql`
    SELECT code FROM ${sql.identifier(layer)} WHERE code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`)).map((r) => r.code))
  return stored.size ? features.filter((_, i) => !stored.has(codes[i])) : features
}

/**
 * The village facts of every county that has villages without them, one county per statement (each
 * commits on its own): memory stays that of one county, and a refresh broken off goes on where it stopped.
 */
export async function refreshFactsByCounty(db: Database, onCounty: (done: number, total: number) => void = () => {}): Promise<number> {
  const counties = (await db.rows<{ county: string }>(sql`
    SELECT DISTINCT left(v.code, 6) AS county FROM villages v
    WHERE NOT EXISTS (SELECT 1 FROM village_facts f WHERE f.village_code = v.code) ORDER BY county`)).map((r) => r.county)
  let refreshed = 0
  for (const [i, county] of counties.entries()) {
    refreshed += await refreshAll(db, county)
    onCounty(i + 1, counties.length)
  }
  return refreshed
}
