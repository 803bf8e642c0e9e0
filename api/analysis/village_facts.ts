import type { Geometry } from 'geojson'
import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { reaches } from './coverage.ts'
import { nearestOne, villagesIn } from './nearest.ts'
import { targetSource } from './targets.ts'
import { judgeCounty } from '../exit/stored.ts'
import { villageCounties } from '../layers/store.ts'
import type { Target, TargetSource, WaterRadii } from './targets.ts'

// The precomputed facts of every village (db/schema/village_facts.ts): its nearest built hardened
// road, water scheme (covering, else nearest), clinic, school, township seat and selected site, measured
// by the very subqueries the live analysis runs (nearestOne, reaches), so that they are equal to it.
//
// They are refreshed in the transaction of each change that can alter them, and only for the villages
// it can alter:
// - a village written: that village (a deleted one loses its row by the foreign key);
// - a road, water scheme, facility or site written, deleted or moved through the lifecycle: the
//   villages whose fact for its class is that feature, those within NEAR_M (or the largest water radius,
//   whichever is larger) of its old or new geometry (a constant radius: the GiST index finds them), and
//   those whose nearest feature of the class lies farther than that, where the new geometry is nearer;
// - a water radius setting changed: every village of its scope.

/** The classes kept, by column prefix, with the target class of api/analysis each is. */
export const FACT_CLASSES = {
  road: 'road_hardened', water: 'water', clinic: 'clinic', school: 'school', township_seat: 'township_seat', site: 'site',
} as const satisfies Record<string, Target>

/** Which classes a feature of a layer can be. */
const CLASSES_OF: Partial<Record<LayerName, (keyof typeof FACT_CLASSES)[]>> = {
  roads: ['road'], water: ['water'], facilities: ['clinic', 'school', 'township_seat'], sites: ['site'],
}

const CODE_COLUMN: Record<keyof typeof FACT_CLASSES, string> = {
  road: 'road_code', water: 'water_code', clinic: 'clinic_code', school: 'school_code', township_seat: 'township_seat_code', site: 'site_code',
}
const DISTANCE_COLUMN: Record<keyof typeof FACT_CLASSES, string> = {
  road: 'road_m', water: 'water_m', clinic: 'clinic_m', school: 'school_m', township_seat: 'township_seat_m', site: 'site_m',
}

/**
 * The stored columns of a target class whose nearest feature the facts hold, else null. Water is not
 * one: its fact is the covering scheme before the nearest one.
 */
export function storedNearestOf(target: Target): { code: string; distance: string } | null {
  return target === 'water' ? null : storedFactOf(target)
}

/** The stored columns of a target class (water: the covering scheme, else the nearest), else null. */
export function storedFactOf(target: Target): { code: string; distance: string } | null {
  const prefix = (Object.keys(FACT_CLASSES) as (keyof typeof FACT_CLASSES)[]).find((c) => FACT_CLASSES[c] === target)
  return prefix ? { code: CODE_COLUMN[prefix], distance: DISTANCE_COLUMN[prefix] } : null
}

/** Villages this close to a changed feature are always refreshed (the index finds them); farther ones only if it comes nearer. */
export const NEAR_M = 5000

/** The tables a refresh of the facts writes: the facts and the exit classes their triggers count (migration 0011). */
export const FACTS_TABLES = ['village_facts', 'exit_classes']

/** Up to this many changed geometries, far villages are tested against each; above it they are all refreshed. */
const FAR_TEST_LIMIT = 50

const WATER_SETTINGS = ['water.pointServiceRadiusM', 'water.pipelineServiceM']

/** Whether a setting changes the stored facts (the water radii do; thresholds are applied when the facts are read). */
export const settingChangesFacts = (key: string) => WATER_SETTINGS.includes(key)

export function radiiOf(settings: Record<string, { value: unknown }>): WaterRadii {
  return {
    pointServiceRadiusM: settings['water.pointServiceRadiusM'].value as number,
    pipelineServiceM: settings['water.pipelineServiceM'].value as number,
  }
}

/** The facts of the villages matching `filter` (a condition on alias `t` of villages), one row each, as the table holds them. */
export function factsSql(filter: SQL, radii: WaterRadii): SQL {
  const source = (target: Target): TargetSource => targetSource(target, 'completed', radii)
  const water = source('water')
  const near = (name: string, target: Target) => sql`LEFT JOIN LATERAL (${nearestOne(source(target), sql`v.geom`)}) ${sql.identifier(name)} ON true`
  return sql`
    SELECT v.code AS village_code, left(v.code, 6) AS county,
      rd.code AS road_code, rd.distance AS road_m,
      coalesce(wc.code, wn.code) AS water_code, coalesce(wc.distance, wn.distance) AS water_m,
      coalesce(wc.radius, wn.radius) AS water_radius_m, (wc.code IS NOT NULL) AS water_covers,
      cl.code AS clinic_code, cl.distance AS clinic_m, sc.code AS school_code, sc.distance AS school_m,
      ts.code AS township_seat_code, ts.distance AS township_seat_m, st.code AS site_code, st.distance AS site_m
    FROM ${villagesIn(filter)} v
    ${near('rd', 'road_hardened')}
    LEFT JOIN LATERAL (
      SELECT t.code, ST_Distance(t.geom::geography, v.geom::geography) AS distance, ${water.radius!} AS radius
      FROM ${water.from} WHERE ${water.where} AND ${reaches(water, sql`v.geom`, null)}
      ORDER BY distance, t.code LIMIT 1) wc ON true
    LEFT JOIN LATERAL (${nearestOne(water, sql`v.geom`, sql`wc.code IS NULL`)}) wn ON true
    ${near('cl', 'clinic')} ${near('sc', 'school')} ${near('ts', 'township_seat')} ${near('st', 'site')}`
}

const COLUMNS = ['county', 'road_code', 'road_m', 'water_code', 'water_m', 'water_radius_m', 'water_covers', 'clinic_code', 'clinic_m',
  'school_code', 'school_m', 'township_seat_code', 'township_seat_m', 'site_code', 'site_m']

/** Recomputes the facts of the villages matching `filter` (alias `t`), county by county (each with its settings). */
export async function refreshFacts(tx: Database, filter: SQL): Promise<number> {
  const counties = await villageCounties(tx, filter)
  let refreshed = 0
  for (const county of counties) {
    const settings = await resolveSettings(tx, county)
    const radii = radiiOf(settings)
    const rows = await tx.rows<{ n: number }>(sql`
      INSERT INTO village_facts AS f (village_code, ${sql.join(COLUMNS.map((c) => sql.identifier(c)), sql`, `)})
      ${factsSql(sql`(${filter}) AND t.code LIKE ${`${county}%`}`, radii)}
      ON CONFLICT (village_code) DO UPDATE SET ${sql.join(COLUMNS.map((c) => sql`${sql.identifier(c)} = EXCLUDED.${sql.identifier(c)}`), sql`, `)},
        refreshed_at = now()
      RETURNING 1 AS n`)
    refreshed += rows.length
    // The exit judgement stored beside the facts, from them and the villages' own columns.
    await judgeCounty(tx, filter, county, settings)
  }
  return refreshed
}

/** The facts of these villages (written or moved). */
export function refreshVillages(tx: Database, codes: readonly string[]): Promise<number> {
  if (!codes.length) return Promise.resolve(0)
  return refreshFacts(tx, sql`t.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`)
}

/** Every village's facts, or those of a region's code prefix (a water setting changed there). */
export function refreshAll(tx: Database, prefix = ''): Promise<number> {
  return refreshFacts(tx, prefix ? sql`t.code LIKE ${`${prefix}%`}` : sql`true`)
}

/**
 * After features of a layer were written or deleted: refresh the villages whose facts they can change.
 * `codes` are the features changed, `geometries` their old and new geometries (nulls skipped).
 */
export async function refreshAround(tx: Database, layer: LayerName, codes: readonly string[], geometries: readonly (Geometry | null)[]): Promise<number> {
  const classes = CLASSES_OF[layer]
  if (layer === 'villages') return refreshVillages(tx, codes)
  if (!classes || !codes.length) return 0
  const shapes = geometries.filter((g): g is Geometry => g !== null).map((g) => JSON.stringify(g))
  const g = sql`(SELECT ST_SetSRID(ST_GeomFromGeoJSON(x), 4326) AS geom FROM jsonb_array_elements_text(${JSON.stringify(shapes)}::jsonb) x)`
  const codeList = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`
  // Near enough to be covered by a water scheme of any radius in use, and at least NEAR_M.
  const near = classes.includes('water')
    ? sql`greatest(${NEAR_M}::float8, (SELECT max(t.service_radius_m) FROM water t), (SELECT max((value #>> '{}')::float8) FROM settings
        WHERE key IN ('water.pointServiceRadiusM', 'water.pipelineServiceM'))) + 0.01`
    : sql`${NEAR_M + 0.01}::float8`
  const isNearest = sql.join(classes.map((c) => sql`f.${sql.identifier(CODE_COLUMN[c])} IN ${codeList}`), sql` OR `)
  const farOf = (c: keyof typeof FACT_CLASSES) => sql`(f.${sql.identifier(DISTANCE_COLUMN[c])} IS NULL OR f.${sql.identifier(DISTANCE_COLUMN[c])} > ${NEAR_M})`
  const far = sql.join(classes.map((c) => shapes.length <= FAR_TEST_LIMIT
    ? sql`(${farOf(c)} AND (f.${sql.identifier(DISTANCE_COLUMN[c])} IS NULL OR EXISTS (SELECT 1 FROM ${g} g
        WHERE ST_Distance(g.geom::geography, v.geom::geography) < f.${sql.identifier(DISTANCE_COLUMN[c])})))`
    : farOf(c)), sql` OR `)
  const affected = await tx.rows<{ code: string }>(sql`
    SELECT f.village_code AS code FROM village_facts f WHERE ${isNearest}
    UNION
    SELECT v.code FROM villages v, ${g} g WHERE ST_DWithin(v.geom::geography, g.geom::geography, ${near})
    UNION
    SELECT v.code FROM village_facts f JOIN villages v ON v.code = f.village_code WHERE ${shapes.length ? far : sql`false`}`)
  return refreshVillages(tx, affected.map((r) => r.code))
}

/** Villages without facts (a database from before the table, a bulk path): computed now. Returns how many. */
export async function ensureFacts(db: Database): Promise<number> {
  const missing = await db.rows<{ code: string }>(sql`
    SELECT v.code FROM villages v WHERE NOT EXISTS (SELECT 1 FROM village_facts f WHERE f.village_code = v.code)`)
  if (!missing.length) return 0
  return db.transaction((tx) => refreshVillages(tx, missing.map((r) => r.code)))
}
