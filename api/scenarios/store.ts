import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { inRegion } from '../layers/store.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { pathId } from '../http/params.ts'
import type { ScenarioContent, ScenarioListRow, ScenarioRow } from '../../core/contract/scenarios.ts'

// The scenario tables: reading a scenario within the caller's region, the list, and writing its
// sites and assignments (replaced wholesale on each save) after the checks that need the database:
// existing site codes, geometry validity, the county, known villages, a free name.

export type { ScenarioRow }

export const selectScenario = sql`
  SELECT id, county_code AS "countyCode", region_code AS "regionCode", name, description, created_by AS "createdBy", version,
    created_at AS "createdAt", updated_at AS "updatedAt" FROM scenarios`

/** A county and an account's region overlap when one contains the other. */
export const overlaps = (actor: Actor, county: string) => county.startsWith(actor.regionCode) || actor.regionCode.startsWith(county)

/** The region a new scenario of `county` belongs to: the author's own township or county, else the county. */
export const ownerRegion = (actor: Actor, county: string) => (actor.regionCode.startsWith(county) ? actor.regionCode : county)

/** The scenario of a path's id: 404 when there is none, 403 when it lies outside the caller's region. */
export async function visibleScenario(db: Database, actor: Actor, idText: string): Promise<ScenarioRow> {
  const id = pathId(idText)
  const [row] = id !== null ? await db.rows<ScenarioRow>(sql`${selectScenario} WHERE id = ${id}`) : []
  if (!row) throw notFound(msg('siting.no_scenario', { id: idText.slice(0, 20) }))
  if (!overlaps(actor, row.countyCode)) throw new ApiError(403, 'out_of_scope', msg('siting.scenario_out_of_scope', { id: String(id), county: row.countyCode }))
  return row
}

/**
 * A scenario the caller may change: one whose region lies in the caller's (a township planner reads
 * the county's scenarios, and may copy them, but changes only its township's).
 */
export async function writableScenario(db: Database, actor: Actor, idText: string): Promise<ScenarioRow> {
  const row = await visibleScenario(db, actor, idText)
  if (!row.regionCode.startsWith(actor.regionCode)) {
    throw new ApiError(403, 'out_of_scope', msg('siting.scenario_not_yours', { id: String(row.id), region: row.regionCode }))
  }
  return row
}

/** The scenarios the caller's region overlaps, of one county if given; the latest change first. */
export async function listScenarios(db: Database, actor: Actor, county: string | undefined): Promise<ScenarioListRow[]> {
  return db.rows<ScenarioListRow>(sql`
    SELECT s.id, s.county_code AS "countyCode", s.region_code AS "regionCode", s.name, s.description, s.created_by AS "createdBy", s.version,
      s.created_at AS "createdAt", s.updated_at AS "updatedAt",
      (SELECT count(*)::int FROM scenario_sites x WHERE x.scenario_id = s.id) AS sites,
      (SELECT count(*)::int FROM assignments a WHERE a.scenario_id = s.id) AS assignments
    FROM scenarios s
    WHERE (s.county_code LIKE ${`${actor.regionCode}%`} OR ${actor.regionCode} LIKE s.county_code || '%')
      AND (${county ?? null}::text IS NULL OR s.county_code = ${county ?? null})
    ORDER BY s.updated_at DESC, s.id DESC`)
}

/** Names are unique per county, whatever their case. */
export async function nameTaken(db: Database, county: string, name: string, except = 0): Promise<void> {
  const [taken] = await db.rows(sql`SELECT 1 FROM scenarios WHERE county_code = ${county} AND lower(name) = lower(${name}) AND id <> ${except}`)
  if (taken) throw new ApiError(409, 'duplicate_name', msg('siting.duplicate_name', { name, county }), { field: 'name' })
}

/** Database checks, before any write; `villageScope` limits assignable villages to the caller's region. */
export async function checkAgainstDatabase(db: Database, countyCode: string, content: ScenarioContent, villageScope: string | undefined): Promise<void> {
  const [county] = await db.rows<{ code: string }>(sql`SELECT code FROM regions WHERE code = ${countyCode} AND level = 'county'`)
  if (!county) throw badRequest('unknown_region', msg('siting.unknown_county', { county: countyCode }), { field: 'countyCode' })

  const payload = JSON.stringify(content.sites.map((s, i) => ({ i, code: s.siteCode ?? null, g: s.geometry ? JSON.stringify(s.geometry) : null })))
  const siteRows = await db.rows<{ i: number; known: boolean | null; valid: boolean | null; reason: string | null; inside: boolean }>(sql`
    WITH s AS (
      SELECT (e->>'i')::int AS i, e->>'code' AS code,
        CASE WHEN e->>'g' IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), 4326) END AS geom
      FROM jsonb_array_elements(${payload}::jsonb) e)
    SELECT s.i,
      CASE WHEN s.code IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM sites x WHERE x.code = s.code AND x.geom IS NOT NULL) END AS known,
      CASE WHEN s.geom IS NULL THEN NULL ELSE ST_IsValid(s.geom) END AS valid,
      CASE WHEN s.geom IS NULL THEN NULL ELSE ST_IsValidReason(s.geom) END AS reason,
      ST_Intersects(coalesce(s.geom, (SELECT x.geom FROM sites x WHERE x.code = s.code)), (SELECT geom FROM regions WHERE code = ${countyCode})) AS inside
    FROM s ORDER BY s.i`)
  for (const row of siteRows) {
    const field = `sites.${row.i}`
    if (row.known === false) throw badRequest('unknown_site', msg('siting.unknown_site', { field, code: content.sites[row.i].siteCode ?? '' }), { field: `${field}.siteCode` })
    if (row.valid === false) throw badRequest('invalid_geometry', msg('siting.invalid_site_geometry', { field, reason: row.reason ?? '' }), { field: `${field}.geometry` })
    if (!row.inside) {
      throw badRequest('outside_county', msg('siting.site_outside_county', { field, name: content.sites[row.i].name, county: countyCode }), { field })
    }
  }

  const codes = [...new Set(content.assignments.map((a) => a.villageCode))]
  if (!codes.length) return
  const scope = villageScope ? inRegion('villages', villageScope) : sql`true`
  const found = new Set((await db.rows<{ code: string }>(sql`
    SELECT t.code FROM villages t
    WHERE t.code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))
      AND ${inRegion('villages', countyCode)} AND ${scope}`)).map((r) => r.code))
  const index = content.assignments.findIndex((a) => !found.has(a.villageCode))
  if (index >= 0) {
    const code = content.assignments[index].villageCode
    const field = `assignments.${index}.villageCode`
    throw badRequest('unknown_village', villageScope
      ? msg('siting.unknown_village_in_scope', { field, code, county: countyCode, scope: villageScope })
      : msg('siting.unknown_village', { field, code, county: countyCode }), { field })
  }
}

/** Replace the scenario's sites and assignments; poor households default to the village's share. */
export async function writeContent(tx: Database, scenarioId: number, content: ScenarioContent): Promise<void> {
  await tx.rows(sql`DELETE FROM assignments WHERE scenario_id = ${scenarioId}`)
  await tx.rows(sql`DELETE FROM scenario_sites WHERE scenario_id = ${scenarioId}`)
  if (content.sites.length) {
    await tx.rows(sql`
      INSERT INTO scenario_sites (scenario_id, key, name, site_code, radius_m, capacity_households, capacity_population, floor_area_m2, geom)
      SELECT ${scenarioId}, e->>'key', e->>'name', e->>'siteCode', (e->>'radiusM')::float8, (e->>'capacityHouseholds')::int,
        (e->>'capacityPopulation')::int, (e->>'floorAreaM2')::float8,
        CASE WHEN e->'geometry' IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) END
      FROM jsonb_array_elements(${JSON.stringify(content.sites)}::jsonb) e`)
  }
  if (content.assignments.length) {
    await tx.rows(sql`
      INSERT INTO assignments (scenario_id, village_code, site_key, households, persons, poor_households)
      SELECT ${scenarioId}, e->>'villageCode', e->>'siteKey', (e->>'households')::int, (e->>'persons')::int,
        coalesce((e->>'poorHouseholds')::int,
          -- the village's registered share of its relocating households, never above what is assigned
          least((e->>'households')::int, round((e->>'households')::int * coalesce(v.relocation_poor_households, 0)::numeric
            / nullif(v.relocation_households, 0))::int), 0)
      FROM jsonb_array_elements(${JSON.stringify(content.assignments)}::jsonb) e
      JOIN villages v ON v.code = e->>'villageCode'`)
  }
}

/** A site's location: its own geometry, or the geometry of the existing site it refers to. */
export const siteGeometry = sql`coalesce(s.geom, (SELECT x.geom FROM sites x WHERE x.code = s.site_code))`
