import type { Geometry } from 'geojson'
import { getTableColumns, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/client.ts'
import { layerTables } from '../../db/schema/index.ts'
import { settingNumber } from '../../db/settings.ts'
import { LAYER_SPECS } from '../../core/format/layers.ts'
import { divisionOf } from '../../core/format/membership.ts'
import type { LayerName, ProjectStatus, RegionLevel } from '../../core/format/layers.ts'
import { endsIn, type HistoryEntry } from '../../core/projects/history.ts'
import { issue } from './validate.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { FeatureProps, LayerCollection, LayerFeature } from '../../core/contract/layers.ts'
import type { ImportRow, Issue } from './validate.ts'

// Reading and writing the layer tables in the exchange format. The column list of each layer
// comes from its Drizzle table, so the SQL here cannot drift from the schema.

interface Column {
  property: string
  column: string
  sqlType: string
}

const BOOKKEEPING = new Set(['code', 'extra', 'version', 'updatedAt', 'geom'])

function propertyColumns(layer: LayerName): Column[] {
  const columns = getTableColumns(layerTables[layer] as PgTable) as Record<string, PgColumn>
  return Object.entries(columns)
    .filter(([property]) => !BOOKKEEPING.has(property))
    .map(([property, column]) => ({ property, column: column.name, sqlType: column.getSQLType() }))
}

const COLUMNS = Object.fromEntries(
  (Object.keys(layerTables) as LayerName[]).map((layer) => [layer, propertyColumns(layer)]),
) as Record<LayerName, Column[]>

export function layerColumns(layer: LayerName): Column[] {
  return COLUMNS[layer]
}

const table = (layer: LayerName) => sql.identifier(layer)
const col = (name: string) => sql.identifier(name)

/** The SQL that reads one property out of an element `e` of the import array, cast to its column type. */
function readProperty(c: Column): SQL {
  const text = sql`(e->'p'->>${c.property})`
  switch (c.sqlType) {
    case 'integer': return sql`${text}::integer`
    case 'double precision': return sql`${text}::float8`
    case 'boolean': return sql`${text}::boolean`
    case 'date': return sql`${text}::date`
    default: return text
  }
}

/**
 * Membership rule of the exchange format (core/format/membership.ts, in SQL): the townshipCode,
 * else the division code the code begins with, else the geometry in the region's polygon. A
 * village code (12 digits) as the region is the village itself.
 */
export function inRegion(layer: LayerName, regionCode: string, alias = 't'): SQL {
  const t = sql.identifier(alias)
  const prefix = `${regionCode}%`
  // A province (two digits) has no outline of its own: its counties' make it up.
  const regionGeom = regionCode.length === 2
    ? sql`(SELECT ST_Union(r.geom) FROM regions r WHERE r.level = 'county' AND r.code LIKE ${prefix})`
    : sql`(SELECT r.geom FROM regions r WHERE r.code = ${regionCode})`
  // The codes starting with the region's, as a range a btree index answers whatever the collation's LIKE
  // support (codes are digits: every one starting with the prefix lies between it and the prefix one up).
  const startsWith = (column: SQL) => regionCode
    ? sql`(${column} >= ${regionCode} AND ${column} < ${prefixAbove(regionCode)} AND ${column} LIKE ${prefix})`
    : sql`(${column} LIKE ${prefix})`
  if (layer === 'regions') return startsWith(sql`${t}.code`)
  if (layer === 'villages' && regionCode.length === 12) return sql`${t}.code = ${regionCode}`
  const division = sql`substring(${t}.code from '^([0-9]{12}|[0-9]{9}|[0-9]{6})')`
  // The rule, by the first of township, the code's division and the geometry that the feature has, written
  // as an OR of branches each of which an index can answer (a CASE hides them from the planner: every
  // county's map read the whole national layer).
  // (A division starting with the region's means a code starting with it: the code's range is the index's.)
  const byCodeOrGeometry = (noTownship: SQL) => sql`(${noTownship} AND ${startsWith(sql`${t}.code`)} AND ${division} IS NOT NULL AND ${division} LIKE ${prefix})
    OR (${noTownship} AND ${division} IS NULL AND ST_Intersects(${t}.geom, ${regionGeom}))`
  if (!hasTownship(layer)) return sql`(${byCodeOrGeometry(sql`true`)})`
  // Villages and sites always name their township: the rule is its code.
  if (townshipRequired(layer)) return startsWith(sql`${t}.township_code`)
  return sql`((${t}.township_code IS NOT NULL AND ${startsWith(sql`${t}.township_code`)}) OR ${byCodeOrGeometry(sql`${t}.township_code IS NULL`)})`
}

/** The smallest string above every one that starts with `prefix` (its last character one up). */
const prefixAbove = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)

/** The counties (six-digit code prefixes) of the villages matching `filter` (alias `t`), in code order. */
export async function villageCounties(db: Database, filter: SQL): Promise<string[]> {
  return (await db.rows<{ county: string }>(sql`
    SELECT DISTINCT left(t.code, 6) AS county FROM villages t WHERE ${filter} ORDER BY county`)).map((r) => r.county)
}

/**
 * Whether more than `limit` rows of a layer match `filter` (alias `t`): the count stops at the limit,
 * so a national layer costs no more than the limit to check.
 */
export function moreRowsThan(db: Database, layer: LayerName, filter: SQL, limit: number): Promise<boolean> {
  return moreRowsIn(db, sql`SELECT 1 FROM ${sql.identifier(layer)} t WHERE ${filter}`, limit)
}

/** Whether the query `rows` gives more than `limit` rows, read no further than one past the limit. */
export async function moreRowsIn(db: Database, rows: SQL, limit: number): Promise<boolean> {
  const [{ n }] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM (${rows}) r LIMIT ${limit + 1}) x`)
  return n > limit
}

/**
 * The features of a layer an account limited to `scope` may change or delete: members of its
 * region by the rule, and those that belong by geometry only when they lie wholly inside it.
 */
export function writableIn(layer: LayerName, scope: string, alias = 't'): SQL {
  const t = sql.identifier(alias)
  const regionGeom = sql`(SELECT r.geom FROM regions r WHERE r.code = ${scope})`
  const division = sql`substring(${t}.code from '^([0-9]{12}|[0-9]{9}|[0-9]{6})')`
  const byGeometry = layer === 'regions' ? sql`false`
    : hasTownship(layer) ? sql`(${t}.township_code IS NULL AND ${division} IS NULL)` : sql`(${division} IS NULL)`
  return sql`(${inRegion(layer, scope, alias)} AND (NOT ${byGeometry} OR ST_CoveredBy(${t}.geom, ${regionGeom})))`
}

const hasTownship = (layer: LayerName) => COLUMNS[layer].some((c) => c.property === 'townshipCode')
/** The layers whose features always name their township (the column is NOT NULL). */
const TOWNSHIP_REQUIRED = new Set((Object.keys(layerTables) as LayerName[]).filter((layer) =>
  (getTableColumns(layerTables[layer]) as Record<string, PgColumn | undefined>).townshipCode?.notNull === true))
const townshipRequired = (layer: LayerName) => TOWNSHIP_REQUIRED.has(layer)

/**
 * A feature in the exchange format, built by the database as readLayer() builds it in TypeScript
 * (the audit trail's before and after): properties without nulls, unknown ones from `extra` where
 * no column has them, the geometry as GeoJSON.
 */
export function featureJson(layer: LayerName, alias = 't'): SQL {
  const t = sql.identifier(alias)
  const pairs = COLUMNS[layer].flatMap((c) => [sql`${c.property}::text`, sql`${t}.${col(c.column)}`])
  return sql`jsonb_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(${t}.geom, 7)::jsonb,
    'properties', coalesce(${t}.extra, '{}'::jsonb) || jsonb_strip_nulls(jsonb_build_object('code', ${t}.code, ${sql.join(pairs, sql`, `)})))`
}

export interface LayerQuery {
  bbox?: [number, number, number, number]
  region?: string
  code?: string
  codes?: string[]
  /** The reader's region: applied on top of `region` for layers limited to the reader's scope. */
  scope?: string
  /** Project layers: only features in one of these statuses. */
  statuses?: readonly string[]
  /** Paging (the OGC API's items), in the order of the codes. */
  limit?: number
  offset?: number
  /** Regions: only those of this level (county outlines above the county). */
  level?: RegionLevel
  /** Geometry simplified for display to at most this many metres (a degree of latitude taken as 111,320 m). */
  simplifyM?: number
}

/** Metres in a degree of latitude: a tolerance in metres as degrees, at most that many metres on the ground. */
const METRES_PER_DEGREE = 111_320

function layerWhere(layer: LayerName, query: LayerQuery): SQL {
  const conditions: SQL[] = []
  if (query.code !== undefined) conditions.push(sql`t.code = ${query.code}`)
  if (query.codes !== undefined) {
    conditions.push(sql`t.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(query.codes)}::jsonb))`)
  }
  if (query.bbox) {
    const [w, s, e, n] = query.bbox
    conditions.push(sql`t.geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`)
  }
  if (query.region !== undefined) conditions.push(inRegion(layer, query.region))
  if (query.scope) conditions.push(inRegion(layer, query.scope))
  if (query.statuses) conditions.push(sql`t.status IN (SELECT jsonb_array_elements_text(${JSON.stringify(query.statuses)}::jsonb))`)
  if (query.level !== undefined) conditions.push(sql`t.level = ${query.level}`)
  return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``
}

/** How many features readLayer() would give without paging. */
export async function countLayer(db: Database, layer: LayerName, query: LayerQuery = {}): Promise<number> {
  const [{ n }] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${table(layer)} t ${layerWhere(layer, query)}`)
  return n
}

export async function readLayer(db: Database, layer: LayerName, query: LayerQuery = {}): Promise<LayerFeature[]> {
  const where = layerWhere(layer, query)
  const columns = COLUMNS[layer]
  const rows = await db.rows<Record<string, unknown>>(sql`
    SELECT t.code, ${sql.join(columns.map((c) => sql`t.${col(c.column)} AS ${col(c.property)}`), sql`, `)},
      t.extra, ST_AsGeoJSON(${query.simplifyM ? sql`ST_SimplifyPreserveTopology(t.geom, ${query.simplifyM / METRES_PER_DEGREE}::float8)` : sql`t.geom`}, 7) AS geometry
    FROM ${table(layer)} t ${where} ORDER BY t.code
    ${query.limit !== undefined ? sql`LIMIT ${query.limit}` : sql``} ${query.offset ? sql`OFFSET ${query.offset}` : sql``}`)
  return rows.map((row) => toFeature(layer, row))
}

function toFeature(layer: LayerName, row: Record<string, unknown>): LayerFeature {
  const properties: FeatureProps = { code: row.code as string }
  for (const c of COLUMNS[layer]) {
    const value = row[c.property]
    if (value !== null && value !== undefined) properties[c.property] = value
  }
  const extra = typeof row.extra === 'string' ? JSON.parse(row.extra) : row.extra
  for (const [key, value] of Object.entries((extra ?? {}) as Record<string, unknown>)) {
    if (!(key in properties)) properties[key] = value
  }
  const geometry = row.geometry ? (JSON.parse(row.geometry as string) as Geometry) : null
  return { type: 'Feature', geometry, properties }
}

export function featureCollection(features: LayerFeature[]): LayerCollection {
  return { type: 'FeatureCollection', features }
}

/** What PostGIS says about the rows: invalid geometries (errors), unknown references and far features (warnings). */
export async function checkRowsInDatabase(
  db: Database, layer: LayerName, rows: ImportRow[],
): Promise<{ errors: Issue[]; warnings: Issue[] }> {
  const errors: Issue[] = []
  const warnings: Issue[] = []
  const withGeometry = rows.filter((r) => r.geometry && r.geometry.type !== 'Point')
  if (withGeometry.length) {
    const invalid = await db.rows<{ i: number; reason: string }>(sql`
      SELECT (g->>'i')::int AS i, ST_IsValidReason(ST_GeomFromGeoJSON(g->>'g')) AS reason
      FROM jsonb_array_elements(${JSON.stringify(withGeometry.map((r) => ({ i: r.index, g: JSON.stringify(r.geometry) })))}::jsonb) g
      WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g->>'g'))`)
    for (const { i, reason } of invalid) {
      errors.push(issue(i, 'geometry', 'invalid_geometry', msg('import.invalid_geometry', { reason }), codeAt(rows, i)))
    }
  }

  const spec = LAYER_SPECS[layer]
  for (const property of spec.properties.filter((p) => p.references)) {
    const target = property.references!
    const wanted = [...new Set(rows.map((r) => r.properties[property.name]).filter((v): v is string => typeof v === 'string'))]
    if (!wanted.length) continue
    const found = new Set((await db.rows<{ code: string }>(sql`
      SELECT code FROM ${table(target)} WHERE code IN (SELECT jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))`))
      .map((r) => r.code))
    if (target === layer) for (const r of rows) found.add(r.code)
    for (const r of rows) {
      const value = r.properties[property.name]
      if (typeof value === 'string' && !found.has(value)) {
        warnings.push(issue(r.index, property.name, 'unknown_reference',
          msg('import.unknown_reference', { property: property.name, value, layer: target }), r.code))
      }
    }
  }

  const located = rows.filter((r) => r.geometry && typeof r.properties.townshipCode === 'string')
  if (located.length) {
    const limit = await settingNumber(db, 'import.farFromTownshipM', located[0].code)
    const far = await db.rows<{ i: number; distance: number }>(sql`
      WITH f AS (
        SELECT (e->>'i')::int AS i, e->>'t' AS township, ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), 4326) AS geom
        FROM jsonb_array_elements(${JSON.stringify(located.map((r) => ({ i: r.index, t: r.properties.townshipCode, g: JSON.stringify(r.geometry) })))}::jsonb) e)
      SELECT f.i, round(ST_Distance(f.geom::geography, r.geom::geography))::float8 AS distance
      FROM f JOIN regions r ON r.code = f.township
      WHERE NOT ST_DWithin(f.geom::geography, r.geom::geography, ${limit})`)
    for (const { i, distance } of far) {
      warnings.push(issue(i, 'geometry', 'far_from_township',
        msg('import.far_from_township', { distanceM: distance, township: String(rows.find((r) => r.index === i)?.properties.townshipCode) }),
        codeAt(rows, i)))
    }
  }
  await farFromCounty(db, rows, warnings)
  return { errors, warnings }
}

/**
 * A warning for a feature far from the county its townshipCode or code names (a wrong coordinate
 * system, a file of another county): only counties in the database, measured to their polygon.
 */
async function farFromCounty(db: Database, rows: ImportRow[], warnings: Issue[]): Promise<void> {
  const located = rows.flatMap((r) => {
    const township = typeof r.properties.townshipCode === 'string' ? r.properties.townshipCode : undefined
    const division = township ?? divisionOf(r.code)
    const county = division && /^[0-9]{6}/.test(division) ? division.slice(0, 6) : null
    return r.geometry && county ? [{ i: r.index, c: county, g: JSON.stringify(r.geometry) }] : []
  })
  if (!located.length) return
  const limit = await settingNumber(db, 'import.farFromCountyM', located[0].c)
  const far = await db.rows<{ i: number; county: string; distance: number }>(sql`
    WITH f AS (
      SELECT (e->>'i')::int AS i, e->>'c' AS county, ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), 4326) AS geom
      FROM jsonb_array_elements(${JSON.stringify(located)}::jsonb) e)
    SELECT f.i, f.county, round(ST_Distance(f.geom::geography, r.geom::geography))::float8 AS distance
    FROM f JOIN regions r ON r.code = f.county AND r.geom IS NOT NULL
    WHERE NOT ST_DWithin(f.geom::geography, r.geom::geography, ${limit})`)
  for (const { i, county, distance } of far) {
    warnings.push(issue(i, 'geometry', 'far_from_county',
      msg('import.far_from_county', { distanceM: distance, county, limitM: limit, setting: 'import.farFromCountyM' }), codeAt(rows, i)))
  }
}

const codeAt = (rows: ImportRow[], index: number) => rows.find((r) => r.index === index)?.code

export interface UpsertResult {
  inserted: number
  updated: number
}

/** Insert or replace every row (properties wholesale, no merge) in one statement; call inside a transaction. */
export async function upsertRows(tx: Database, layer: LayerName, rows: ImportRow[]): Promise<UpsertResult> {
  const columns = COLUMNS[layer]
  const payload = JSON.stringify(rows.map((r) => ({
    c: r.code, p: r.properties, x: r.extra, g: r.geometry ? JSON.stringify(r.geometry) : null,
  })))
  const values = columns.map((c) =>
    c.property === 'lengthM'
      ? sql`coalesce(${readProperty(c)}, round(ST_Length(g.geom::geography)::numeric, 1)::float8)`
      : readProperty(c))
  const names = columns.map((c) => col(c.column))
  const result = await tx.rows<{ inserted: boolean }>(sql`
    WITH g AS (
      SELECT e, CASE WHEN e->>'g' IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), 4326) END AS geom
      FROM jsonb_array_elements(${payload}::jsonb) e)
    INSERT INTO ${table(layer)} AS t (code, ${sql.join(names, sql`, `)}, extra, geom)
    SELECT e->>'c', ${sql.join(values, sql`, `)}, coalesce(e->'x', '{}'::jsonb), g.geom FROM g
    ON CONFLICT (code) DO UPDATE SET
      ${sql.join(names.map((n) => sql`${n} = EXCLUDED.${n}`), sql`, `)},
      extra = EXCLUDED.extra, geom = EXCLUDED.geom, version = t.version + 1, updated_at = now()
    RETURNING (xmax = 0) AS inserted`)
  const inserted = result.filter((r) => r.inserted).length
  return { inserted, updated: result.length - inserted }
}

/**
 * An import of project fields records a progress-log entry, dated today, wherever the project's state
 * changed. A project the import creates with a dated history of its own (the sample county's) gets that
 * history instead, each entry on its date; today's entry then only where the history does not end in
 * the state imported.
 */
export async function logProjectImport(
  tx: Database, layer: LayerName, rows: ImportRow[], before: Map<string, ProjectState>, author: string,
  history?: ReadonlyMap<string, readonly HistoryEntry[]>,
): Promise<number> {
  if (!LAYER_SPECS[layer].project) return 0
  const entries: (Omit<HistoryEntry, 'date'> & { code: string; date?: string })[] = []
  for (const r of rows) {
    const state = { status: r.properties.status as ProjectStatus, progressPct: (r.properties.progressPct as number | undefined) ?? null, spentCny: (r.properties.spentCny as number | undefined) ?? null }
    const old = before.get(r.code)
    const dated = old ? undefined : history?.get(r.code)
    if (dated?.length) {
      entries.push(...dated.map((e) => ({ code: r.code, ...e })))
      if (endsIn(dated, state)) continue
    } else if (old && old.status === state.status && old.progressPct === state.progressPct && old.spentCny === state.spentCny) continue
    entries.push({ code: r.code, ...state })
  }
  if (!entries.length) return 0
  await tx.rows(sql`
    INSERT INTO project_log (layer, code, entry_date, status, progress_pct, spent_cny, note, source, created_by)
    SELECT ${layer}, e->>'code', coalesce((e->>'date')::date, (now() AT TIME ZONE 'Asia/Shanghai')::date), e->>'status',
      (e->>'progressPct')::float8, (e->>'spentCny')::float8, NULL, 'import', ${author}
    FROM jsonb_array_elements(${JSON.stringify(entries)}::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`)
  return entries.length
}

export interface ProjectState {
  status: string
  progressPct: number | null
  spentCny: number | null
}

export async function projectStates(tx: Database, layer: LayerName, codes: string[]): Promise<Map<string, ProjectState>> {
  if (!LAYER_SPECS[layer].project) return new Map()
  const rows = await tx.rows<ProjectState & { code: string }>(sql`
    SELECT code, status, progress_pct AS "progressPct", spent_cny AS "spentCny" FROM ${table(layer)}
    WHERE code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`)
  return new Map(rows.map((r) => [r.code, r]))
}
