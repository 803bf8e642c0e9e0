import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import { recordAudit } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import type { AppEnv } from '../env.ts'
import type { Actor } from '../auth/actor.ts'
import { readScope, requireLayerWrite, requireRole } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { bodyOf, reply } from '../http/reply.ts'
import { importLayer } from '../layers/import.ts'
import { checkContent } from './body.ts'
import type { ScenarioContent } from './body.ts'
import { checkAgainstDatabase, selectScenario, writeContent } from './store.ts'
import type { ScenarioRow } from './store.ts'
import { scenarioDetail } from './summary.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { ScenarioComparison, ScenarioDetail, ScenarioExport, ScenarioListRow } from '../../core/contract/scenarios.ts'

/** A county and an account's region overlap when one contains the other. */
const overlaps = (actor: Actor, county: string) => county.startsWith(actor.regionCode) || actor.regionCode.startsWith(county)

async function visibleScenario(db: Database, actor: Actor, idText: string): Promise<ScenarioRow> {
  const id = Number(idText)
  const [row] = Number.isInteger(id) && id > 0 ? await db.rows<ScenarioRow>(sql`${selectScenario} WHERE id = ${id}`) : []
  if (!row) throw notFound(msg('siting.no_scenario', { id: idText.slice(0, 20) }))
  if (!overlaps(actor, row.countyCode)) throw new ApiError(403, 'out_of_scope', msg('siting.scenario_out_of_scope', { id: String(id), county: row.countyCode }))
  return row
}

function requirePlanner(actor: Actor) {
  requireRole(actor, 'planner', 'admin')
}

async function detailOf(db: Database, id: number): Promise<ScenarioDetail> {
  return (await scenarioDetail(db, id))!
}

/** What the audit trail keeps of a scenario: its content, not the derived figures. */
const auditView = (d: ScenarioDetail) => ({
  name: d.name, description: d.description, countyCode: d.countyCode,
  sites: d.sites.map((s) => ({ key: s.key, name: s.name, siteCode: s.siteCode, geometry: s.siteCode ? null : s.geometry, radiusM: s.radiusM,
    capacityHouseholds: s.capacityHouseholds, capacityPopulation: s.capacityPopulation, floorAreaM2: s.floorAreaM2 })),
  assignments: d.assignments.map((a) => ({ villageCode: a.villageCode, siteKey: a.siteKey, households: a.households, persons: a.persons, poorHouseholds: a.poorHouseholds })),
})

async function nameTaken(db: Database, county: string, name: string, except = 0): Promise<void> {
  const [taken] = await db.rows(sql`SELECT 1 FROM scenarios WHERE county_code = ${county} AND lower(name) = lower(${name}) AND id <> ${except}`)
  if (taken) throw new ApiError(409, 'duplicate_name', msg('siting.duplicate_name', { name, county }), { field: 'name' })
}

export function scenariosRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const actor = c.get('actor')
      const county = c.req.query('county')
      if (county !== undefined && !/^\d{6}$/.test(county)) throw badRequest('invalid_region', msg('errors.invalid_county'), { parameter: 'county' })
      const rows = await c.get('db').rows<ScenarioListRow>(sql`
        SELECT s.id, s.county_code AS "countyCode", s.name, s.description, s.created_by AS "createdBy", s.version,
          s.created_at AS "createdAt", s.updated_at AS "updatedAt",
          (SELECT count(*)::int FROM scenario_sites x WHERE x.scenario_id = s.id) AS sites,
          (SELECT count(*)::int FROM assignments a WHERE a.scenario_id = s.id) AS assignments
        FROM scenarios s
        WHERE (s.county_code LIKE ${`${actor.regionCode}%`} OR ${actor.regionCode} LIKE s.county_code || '%')
          AND (${county ?? null}::text IS NULL OR s.county_code = ${county ?? null})
        ORDER BY s.updated_at DESC, s.id DESC`)
      return reply(c, 'GET /api/scenarios', rows)
    })
    .get('/compare', async (c) => {
      const db = c.get('db')
      const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean)
      if (ids.length < 2 || ids.length > 5) throw badRequest('invalid_ids', msg('errors.invalid_ids'), { parameter: 'ids' })
      const rows: ScenarioComparison[] = []
      for (const id of ids) {
        const row = await visibleScenario(db, c.get('actor'), id)
        const detail = await detailOf(db, row.id)
        rows.push({ id: row.id, name: row.name, totals: detail.totals, warnings: detail.warnings.length })
      }
      return reply(c, 'GET /api/scenarios/compare', rows)
    })
    .post('/', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const body = await bodyOf(c, 'POST /api/scenarios') as ScenarioContent & { countyCode: string }
      if (!overlaps(actor, body.countyCode)) throw new ApiError(403, 'out_of_scope', msg('siting.county_out_of_scope', { county: body.countyCode }), { field: 'countyCode' })
      checkContent(body)
      const db = c.get('db')
      await checkAgainstDatabase(db, body.countyCode, body, readScope(actor, 'villages'))
      await nameTaken(db, body.countyCode, body.name)
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.rows<{ id: number }>(sql`
          INSERT INTO scenarios (county_code, name, description, created_by)
          VALUES (${body.countyCode}, ${body.name}, ${body.description ?? null}, ${actor.username}) RETURNING id`)
        await writeContent(tx, row.id, body)
        await recordAudit(tx, actor, [{ action: 'create', entity: 'scenarios', code: String(row.id), before: null, after: auditView(await detailOf(tx, row.id)) }])
        return row.id
      })
      return reply(c, 'POST /api/scenarios', await detailOf(db, id), 201)
    })
    .get('/:id', async (c) => {
      const db = c.get('db')
      const row = await visibleScenario(db, c.get('actor'), c.req.param('id'))
      return reply(c, 'GET /api/scenarios/:id', await detailOf(db, row.id))
    })
    .put('/:id', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const db = c.get('db')
      const row = await visibleScenario(db, actor, c.req.param('id'))
      const body = await bodyOf(c, 'PUT /api/scenarios/:id') as ScenarioContent & { version: number }
      checkContent(body)
      await checkAgainstDatabase(db, row.countyCode, body, readScope(actor, 'villages'))
      await nameTaken(db, row.countyCode, body.name, row.id)
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
      return reply(c, 'PUT /api/scenarios/:id', await detailOf(db, row.id))
    })
    .post('/:id/duplicate', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const db = c.get('db')
      const row = await visibleScenario(db, actor, c.req.param('id'))
      const { name } = await bodyOf(c, 'POST /api/scenarios/:id/duplicate')
      await nameTaken(db, row.countyCode, name)
      const id = await db.transaction(async (tx) => {
        const [copy] = await tx.rows<{ id: number }>(sql`
          INSERT INTO scenarios (county_code, name, description, created_by)
          SELECT county_code, ${name}, description, ${actor.username} FROM scenarios WHERE id = ${row.id} RETURNING id`)
        await tx.rows(sql`
          INSERT INTO scenario_sites (scenario_id, key, name, site_code, radius_m, capacity_households, capacity_population, floor_area_m2, extra, geom)
          SELECT ${copy.id}, key, name, site_code, radius_m, capacity_households, capacity_population, floor_area_m2, extra, geom
          FROM scenario_sites WHERE scenario_id = ${row.id}`)
        await tx.rows(sql`
          INSERT INTO assignments (scenario_id, village_code, site_key, households, persons, poor_households)
          SELECT ${copy.id}, village_code, site_key, households, persons, poor_households FROM assignments WHERE scenario_id = ${row.id}`)
        await recordAudit(tx, actor, [{ action: 'create', entity: 'scenarios', code: String(copy.id), before: null, after: auditView(await detailOf(tx, copy.id)) }])
        return copy.id
      })
      return reply(c, 'POST /api/scenarios/:id/duplicate', await detailOf(db, id), 201)
    })
    .delete('/:id', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      const db = c.get('db')
      const row = await visibleScenario(db, actor, c.req.param('id'))
      await db.transaction(async (tx) => {
        const before = await detailOf(tx, row.id)
        await tx.rows(sql`DELETE FROM scenarios WHERE id = ${row.id}`)
        await recordAudit(tx, actor, [{ action: 'delete', entity: 'scenarios', code: String(row.id), before: auditView(before), after: null }])
      })
      return reply(c, 'DELETE /api/scenarios/:id', { ok: true })
    })
    .post('/:id/sites/:key/promote', async (c) => {
      const actor = c.get('actor')
      requirePlanner(actor)
      requireLayerWrite(actor, 'sites')
      const db = c.get('db')
      const row = await visibleScenario(db, actor, c.req.param('id'))
      const key = c.req.param('key')
      const [site] = await db.rows<{ name: string; siteCode: string | null; promoted: string | null; geometry: string | null; township: string | null
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
      // The new site goes through the ordinary import (validation, scope, audit, progress log), in one transaction with the mark.
      const result = await db.transaction(async (tx) => {
        const imported = await importLayer(tx, 'sites', {
          type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry: JSON.parse(site.geometry!) }],
        }, { actor, scope: actor.regionCode })
        await tx.rows(sql`UPDATE scenario_sites SET promoted_site_code = ${code} WHERE scenario_id = ${row.id} AND key = ${key}`)
        return imported
      })
      return reply(c, 'POST /api/scenarios/:id/sites/:key/promote', { code, ...result }, 201)
    })
    .get('/:id/export', async (c) => {
      const db = c.get('db')
      const row = await visibleScenario(db, c.get('actor'), c.req.param('id'))
      const detail = await detailOf(db, row.id)
      const points = await db.rows<{ villageCode: string; siteKey: string; line: string }>(sql`
        SELECT a.village_code AS "villageCode", a.site_key AS "siteKey",
          ST_AsGeoJSON(ST_MakeLine(v.geom, ST_PointOnSurface(coalesce(s.geom, (SELECT x.geom FROM sites x WHERE x.code = s.site_code)))), 7) AS line
        FROM assignments a JOIN villages v ON v.code = a.village_code
        JOIN scenario_sites s ON s.scenario_id = a.scenario_id AND s.key = a.site_key
        WHERE a.scenario_id = ${row.id}`)
      const features: ScenarioExport['features'] = [
        ...detail.sites.map((s) => ({
          type: 'Feature' as const, geometry: s.geometry,
          properties: { kind: 'site' as const, scenario: detail.name, key: s.key, name: s.name, siteCode: s.siteCode, capacityHouseholds: s.capacityHouseholds,
            capacityPopulation: s.capacityPopulation, floorAreaM2: s.floorAreaM2, assignedHouseholds: s.load.households,
            assignedPersons: s.load.persons, floorAreaNeededM2: s.floorAreaNeededM2, subsidyCny: s.subsidyCny, overCapacity: s.overCapacity },
        })),
        ...detail.assignments.map((a) => ({
          type: 'Feature' as const, geometry: JSON.parse(points.find((p) => p.villageCode === a.villageCode && p.siteKey === a.siteKey)!.line),
          properties: { kind: 'assignment' as const, scenario: detail.name, ...a },
        })),
      ]
      c.header('Content-Disposition', `attachment; filename="scenario-${row.id}.geojson"`)
      return reply(c, 'GET /api/scenarios/:id/export', { type: 'FeatureCollection', name: detail.name, totals: detail.totals, features })
    })
}
