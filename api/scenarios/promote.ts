import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { PromotedSite } from '../../core/contract/scenarios.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { Actor } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { importLayer } from '../layers/import.ts'
import type { ScenarioRow } from './store.ts'

// A candidate of a scenario made into a real site of the sites layer (centralized, selected,
// planned), once: a candidate that is an existing site, or was promoted already, is refused.

export async function promoteCandidate(db: Database, actor: Actor, row: ScenarioRow, key: string): Promise<PromotedSite> {
  // One transaction from the check to the mark, the candidate's row locked: of promotes at once, one
  // makes the site and the others find it promoted (409).
  return db.transaction(async (tx) => promoteLocked(tx, actor, row, key))
}

async function promoteLocked(tx: Database, actor: Actor, row: ScenarioRow, key: string): Promise<PromotedSite> {
  await tx.rows(sql`SELECT 1 FROM scenario_sites WHERE scenario_id = ${row.id} AND key = ${key} FOR UPDATE`)
  const [site] = await tx.rows<{ name: string; siteCode: string | null; promoted: string | null; geometry: string | null; township: string | null
    capacityHouseholds: number | null; capacityPopulation: number | null; floorAreaM2: number | null }>(sql`
    SELECT s.name, s.site_code AS "siteCode", s.promoted_site_code AS promoted, ST_AsGeoJSON(s.geom, 7) AS geometry,
      (SELECT r.code FROM regions r WHERE r.level = 'township' AND r.parent_code = ${row.countyCode} AND ST_Intersects(r.geom, s.geom) ORDER BY r.code LIMIT 1) AS township,
      s.capacity_households AS "capacityHouseholds", s.capacity_population AS "capacityPopulation", s.floor_area_m2 AS "floorAreaM2"
    FROM scenario_sites s WHERE s.scenario_id = ${row.id} AND s.key = ${key}`)
  if (!site) throw notFound(msg('siting.no_candidate', { id: String(row.id), key: key.slice(0, 20) }))
  if (site.siteCode) throw new ApiError(409, 'already_a_site', msg('siting.already_a_site', { name: site.name, code: site.siteCode }))
  if (site.promoted) throw new ApiError(409, 'already_promoted', msg('siting.already_promoted', { name: site.name, code: site.promoted }))
  if (!site.township) throw badRequest('outside_county', msg('siting.candidate_outside_county', { name: site.name, county: row.countyCode }))
  const code = `${row.countyCode}-AZD-S${row.id}-${key}`
  const properties = Object.fromEntries(Object.entries({
    code, name: site.name, townshipCode: site.township, kind: 'centralized', decision: 'selected', status: 'planned', progressPct: 0,
    capacityHouseholds: site.capacityHouseholds, capacityPopulation: site.capacityPopulation, floorAreaM2: site.floorAreaM2,
    scenario: row.name,
  }).filter(([, v]) => v !== null))
  const [exists] = await tx.rows(sql`SELECT 1 FROM sites WHERE code = ${code}`)
  if (exists) throw new ApiError(409, 'already_promoted', msg('siting.already_promoted', { name: site.name, code }))
  // The new site goes through the ordinary import (validation, scope, audit, progress log), with the mark.
  const imported = await importLayer(tx, 'sites', {
    type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry: JSON.parse(site.geometry!) }],
  }, { actor, scope: actor.regionCode })
  await tx.rows(sql`UPDATE scenario_sites SET promoted_site_code = ${code} WHERE scenario_id = ${row.id} AND key = ${key}`)
  return { code, ...imported }
}
