import { sql } from 'drizzle-orm'
import { recordAudit } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import type { ScenarioContent, ScenarioDetail } from '../../core/contract/scenarios.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope } from '../auth/actor.ts'
import { ApiError } from '../http/errors.ts'
import { checkContent } from './body.ts'
import { checkAgainstDatabase, nameTaken, overlaps, ownerRegion, writeContent } from './store.ts'
import { inRegion } from '../layers/store.ts'
import type { ScenarioRow } from './store.ts'
import { detailOf } from './summary.ts'

// Saving scenarios: create, update (with its version), duplicate and delete, each checked before it
// writes and written in one transaction with its entry in the audit trail.

/** What the audit trail keeps of a scenario: its content, not the derived figures. */
const auditView = (d: ScenarioDetail) => ({
  name: d.name, description: d.description, countyCode: d.countyCode, regionCode: d.regionCode,
  sites: d.sites.map((s) => ({ key: s.key, name: s.name, siteCode: s.siteCode, geometry: s.siteCode ? null : s.geometry, radiusM: s.radiusM,
    capacityHouseholds: s.capacityHouseholds, capacityPopulation: s.capacityPopulation, floorAreaM2: s.floorAreaM2 })),
  assignments: d.assignments.map((a) => ({ villageCode: a.villageCode, siteKey: a.siteKey, households: a.households, persons: a.persons, poorHouseholds: a.poorHouseholds })),
})

/** The checks of a save: its own fields, then what needs the database, then the name. */
async function checkSave(db: Database, actor: Actor, county: string, content: ScenarioContent, except?: number): Promise<void> {
  checkContent(content)
  await checkAgainstDatabase(db, county, content, readScope(actor, 'villages'))
  await nameTaken(db, county, content.name, except)
}

export async function createScenario(db: Database, actor: Actor, body: ScenarioContent & { countyCode: string }): Promise<number> {
  if (!overlaps(actor, body.countyCode)) throw new ApiError(403, 'out_of_scope', msg('siting.county_out_of_scope', { county: body.countyCode }), { field: 'countyCode' })
  await checkSave(db, actor, body.countyCode, body)
  return db.transaction(async (tx) => {
    const [row] = await tx.rows<{ id: number }>(sql`
      INSERT INTO scenarios (county_code, region_code, name, description, created_by)
      VALUES (${body.countyCode}, ${ownerRegion(actor, body.countyCode)}, ${body.name}, ${body.description ?? null}, ${actor.username}) RETURNING id`)
    await writeContent(tx, row.id, body)
    await recordAudit(tx, actor, [{ action: 'create', entity: 'scenarios', code: String(row.id), before: null, after: auditView(await detailOf(tx, row.id)) }])
    return row.id
  })
}

/** Replaces the scenario's content when `body.version` is still the current one; 409 with the current scenario otherwise. */
export async function updateScenario(db: Database, actor: Actor, row: ScenarioRow, body: ScenarioContent & { version: number }): Promise<void> {
  await checkSave(db, actor, row.countyCode, body, row.id)
  await db.transaction(async (tx) => {
    const before = await detailOf(tx, row.id)
    const [updated] = await tx.rows<{ id: number }>(sql`
      UPDATE scenarios SET name = ${body.name}, description = ${body.description ?? null}, version = version + 1, updated_at = now()
      WHERE id = ${row.id} AND version = ${body.version} RETURNING id`)
    if (!updated) {
      throw new ApiError(409, 'stale_version', msg('siting.stale_scenario', { id: String(row.id), current: before.version, yours: body.version }),
        { current: before })
    }
    await writeContent(tx, row.id, body)
    await recordAudit(tx, actor, [{ action: 'update', entity: 'scenarios', code: String(row.id), before: auditView(before), after: auditView(await detailOf(tx, row.id)) }])
  })
}

/** A copy under a new name, belonging to the copier's region, with the assignments of the copier's villages only. */
export async function duplicateScenario(db: Database, actor: Actor, row: ScenarioRow, name: string): Promise<number> {
  await nameTaken(db, row.countyCode, name)
  const scope = readScope(actor, 'villages')
  const mine = scope ? sql`AND a.village_code IN (SELECT t.code FROM villages t WHERE ${inRegion('villages', scope)})` : sql``
  return db.transaction(async (tx) => {
    const [copy] = await tx.rows<{ id: number }>(sql`
      INSERT INTO scenarios (county_code, region_code, name, description, created_by)
      SELECT county_code, ${ownerRegion(actor, row.countyCode)}, ${name}, description, ${actor.username} FROM scenarios WHERE id = ${row.id} RETURNING id`)
    await tx.rows(sql`
      INSERT INTO scenario_sites (scenario_id, key, name, site_code, radius_m, capacity_households, capacity_population, floor_area_m2, extra, geom)
      SELECT ${copy.id}, key, name, site_code, radius_m, capacity_households, capacity_population, floor_area_m2, extra, geom
      FROM scenario_sites WHERE scenario_id = ${row.id}`)
    await tx.rows(sql`
      INSERT INTO assignments (scenario_id, village_code, site_key, households, persons, poor_households)
      SELECT ${copy.id}, a.village_code, a.site_key, a.households, a.persons, a.poor_households FROM assignments a WHERE a.scenario_id = ${row.id} ${mine}`)
    await recordAudit(tx, actor, [{ action: 'create', entity: 'scenarios', code: String(copy.id), before: null, after: auditView(await detailOf(tx, copy.id)) }])
    return copy.id
  })
}

export async function deleteScenario(db: Database, actor: Actor, row: ScenarioRow): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await detailOf(tx, row.id)
    await tx.rows(sql`DELETE FROM scenarios WHERE id = ${row.id}`)
    await recordAudit(tx, actor, [{ action: 'delete', entity: 'scenarios', code: String(row.id), before: auditView(before), after: null }])
  })
}
