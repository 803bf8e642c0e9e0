import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type {
  ScenarioAssignmentView, ScenarioComparison, ScenarioDetail, ScenarioSiteView, ScenarioTotals, ScenarioVillageView,
} from '../../core/contract/scenarios.ts'
import { capacityUse } from '../../core/siting/capacity.ts'
import { floorAreaNeededM2 } from '../../core/siting/floor_area.ts'
import { assignedLoad } from '../../core/siting/load.ts'
import { isOverAssigned } from '../../core/siting/over_assigned.ts'
import { relocationStandards } from '../../core/siting/standards.ts'
import { subsidyCny, subsidyRates } from '../../core/siting/subsidy.ts'
import { overAssignedWarning, overCapacityWarning, overFloorAreaWarning, type ScenarioWarning } from '../../core/siting/warnings.ts'
import { networkOptions } from '../analysis/network.ts'
import { placesOf, roadNetwork } from '../analysis/road.ts'
import { numberSettings } from '../analysis/settings.ts'
import type { Actor } from '../auth/actor.ts'
import { selectScenario, siteGeometry, visibleScenario } from './store.ts'
import { inRegion } from '../layers/store.ts'
import { readScope } from '../auth/actor.ts'
import type { ScenarioRow } from './store.ts'

// A scenario with everything a planner reads off it: each site's load against capacity, floor area
// at the per-person standard, subsidy budget, each assignment's distance, and the warnings. The
// figures are core/siting's, the same the browser previews with.

type SiteRow = Omit<ScenarioSiteView, 'geometry' | 'load' | 'floorAreaNeededM2' | 'subsidyCny' | 'usePct' | 'overCapacity'> & { geometry: string | null }

type AssignmentRow = Omit<ScenarioAssignmentView, 'road'>

type VillageRow = Pick<ScenarioVillageView, 'code' | 'name' | 'relocationHouseholds' | 'relocationPopulation' | 'relocationPoorHouseholds'>

export type { ScenarioDetail }

/**
 * The detail of a scenario known to exist. With `villageScope` (the reader's region) only the
 * assignments of its villages are shown and counted; without it, all (the audit trail's view).
 */
export async function detailOf(db: Database, id: number, villageScope?: string): Promise<ScenarioDetail> {
  return (await scenarioDetail(db, id, villageScope))!
}

/** Two to five scenarios' totals side by side, each within the caller's region. */
export async function compareScenarios(db: Database, actor: Actor, ids: readonly string[]): Promise<ScenarioComparison[]> {
  const rows: ScenarioComparison[] = []
  for (const id of ids) {
    const row = await visibleScenario(db, actor, id)
    const detail = await detailOf(db, row.id, readScope(actor, 'villages'))
    rows.push({ id: row.id, name: row.name, totals: detail.totals, warnings: detail.warnings.length })
  }
  return rows
}

export async function scenarioDetail(db: Database, id: number, villageScope?: string): Promise<ScenarioDetail | null> {
  const [scenario] = await db.rows<ScenarioRow>(sql`${selectScenario} WHERE id = ${id}`)
  if (!scenario) return null
  const inScope = villageScope ? inRegion('villages', villageScope, 'v') : sql`true`
  const setting = await numberSettings(db, scenario.countyCode)
  const standards = relocationStandards(setting)
  const rates = subsidyRates(standards)

  const sites = await db.rows<SiteRow>(sql`
    SELECT s.key, s.name, s.site_code AS "siteCode", s.radius_m AS "radiusM", s.capacity_households AS "capacityHouseholds",
      s.capacity_population AS "capacityPopulation", s.floor_area_m2 AS "floorAreaM2", s.promoted_site_code AS "promotedSiteCode",
      ST_AsGeoJSON(${siteGeometry}, 7) AS geometry
    FROM scenario_sites s WHERE s.scenario_id = ${id} ORDER BY s.key`)
  const assignments = await db.rows<AssignmentRow>(sql`
    SELECT a.village_code AS "villageCode", v.name AS "villageName", a.site_key AS "siteKey", a.households, a.persons,
      a.poor_households AS "poorHouseholds", ST_Distance(v.geom::geography, ${siteGeometry}::geography) AS "straightM"
    FROM assignments a
    JOIN villages v ON v.code = a.village_code
    JOIN scenario_sites s ON s.scenario_id = a.scenario_id AND s.key = a.site_key
    WHERE a.scenario_id = ${id} AND ${inScope} ORDER BY a.village_code, a.site_key`)
  const [{ n: allAssignments }] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM assignments WHERE scenario_id = ${id}`)
  const network = await roadNetwork(db, 'completed', networkOptions(setting))
  const villagePlaces = await placesOf(db, sql`SELECT v.code AS id, v.geom FROM villages v
    WHERE v.code IN (SELECT village_code FROM assignments WHERE scenario_id = ${id}) AND ${inScope}`)
  const sitePlaces = await placesOf(db, sql`SELECT s.key AS id, ${siteGeometry} AS geom FROM scenario_sites s WHERE s.scenario_id = ${id}`)
  const routes = network.matrix(villagePlaces, sitePlaces)
  const withRoad: ScenarioAssignmentView[] = assignments.map((a) => ({ ...a, road: routes.get(a.villageCode)?.get(a.siteKey) ?? null }))
  const villages = await db.rows<VillageRow>(sql`
    SELECT v.code, v.name, v.relocation_households AS "relocationHouseholds", v.relocation_population AS "relocationPopulation",
      v.relocation_poor_households AS "relocationPoorHouseholds"
    FROM villages v WHERE v.code IN (SELECT village_code FROM assignments WHERE scenario_id = ${id}) AND ${inScope} ORDER BY v.code`)

  const warnings: ScenarioWarning[] = []
  const siteViews = sites.map((site): ScenarioSiteView => {
    const load = assignedLoad(assignments.filter((a) => a.siteKey === site.key))
    const use = capacityUse(load, { households: site.capacityHouseholds, population: site.capacityPopulation })
    for (const w of [overCapacityWarning(site, load), overFloorAreaWarning(site, load, standards)]) if (w) warnings.push(w)
    return {
      ...site,
      geometry: site.geometry ? JSON.parse(site.geometry) : null,
      load,
      floorAreaNeededM2: floorAreaNeededM2(load.persons, standards),
      subsidyCny: subsidyCny(load.households, load.poorHouseholds, rates),
      usePct: use.pct,
      overCapacity: use.over,
    }
  })

  const villageViews = villages.map((v): ScenarioVillageView => {
    const load = assignedLoad(assignments.filter((a) => a.villageCode === v.code))
    const w = overAssignedWarning(v, load.households)
    if (w) warnings.push(w)
    return { ...v, assignedHouseholds: load.households, assignedPersons: load.persons, overAssigned: isOverAssigned(load.households, v.relocationHouseholds) }
  })

  const all = assignedLoad(assignments)
  const distances = assignments.filter((a) => a.straightM !== null)
  const totals: ScenarioTotals = {
    sites: sites.length,
    households: all.households,
    persons: all.persons,
    poorHouseholds: all.poorHouseholds,
    // Mean distance per relocated person (a village of 300 counts more than one of 30).
    meanDistanceM: all.persons > 0 ? distances.reduce((s, a) => s + a.persons * a.straightM!, 0) / all.persons : null,
    maxDistanceM: distances.length ? Math.max(...distances.map((a) => a.straightM!)) : null,
    overCapacitySites: siteViews.filter((s) => s.overCapacity).length,
    floorAreaNeededM2: floorAreaNeededM2(all.persons, standards),
    subsidyCny: subsidyCny(all.households, all.poorHouseholds, rates),
  }
  return {
    ...scenario,
    standards,
    sites: siteViews,
    assignments: withRoad,
    villages: villageViews,
    totals,
    warnings,
    hiddenAssignments: allAssignments - assignments.length,
  }
}
