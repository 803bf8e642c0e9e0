import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import { networkOptions, placesOf, roadNetwork } from '../analysis/road.ts'
import { selectScenario, siteGeometry } from './store.ts'
import type { ScenarioRow } from './store.ts'

// A scenario with everything a planner reads off it: each site's load against capacity, floor area
// at the per-person standard, subsidy budget, each assignment's distance, and the warnings.

interface SiteRow {
  key: string
  name: string
  siteCode: string | null
  radiusM: number | null
  capacityHouseholds: number | null
  capacityPopulation: number | null
  floorAreaM2: number | null
  promotedSiteCode: string | null
  geometry: string | null
}

interface AssignmentRow {
  villageCode: string
  villageName: string
  siteKey: string
  households: number
  persons: number
  poorHouseholds: number
  straightM: number | null
}

interface VillageRow {
  code: string
  name: string
  relocationHouseholds: number | null
  relocationPopulation: number | null
  relocationPoorHouseholds: number | null
}

export interface Warning {
  code: 'over_assigned' | 'over_capacity' | 'over_floor_area'
  subject: string
  message: string
}

export async function scenarioDetail(db: Database, id: number) {
  const [scenario] = await db.rows<ScenarioRow>(sql`${selectScenario} WHERE id = ${id}`)
  if (!scenario) return null
  const settings = await resolveSettings(db, scenario.countyCode)
  const setting = (key: string) => settings[key].value as number
  const perPerson = setting('relocation.floorAreaPerPersonM2')
  const subsidyPoor = setting('relocation.subsidyPoorHouseholdCny')
  const subsidyOther = setting('relocation.subsidyOtherHouseholdCny')

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
    WHERE a.scenario_id = ${id} ORDER BY a.village_code, a.site_key`)
  const network = await roadNetwork(db, 'completed', networkOptions(setting))
  const villagePlaces = await placesOf(db, sql`SELECT v.code AS id, v.geom FROM villages v
    WHERE v.code IN (SELECT village_code FROM assignments WHERE scenario_id = ${id})`)
  const sitePlaces = await placesOf(db, sql`SELECT s.key AS id, ${siteGeometry} AS geom FROM scenario_sites s WHERE s.scenario_id = ${id}`)
  const routes = network.matrix(villagePlaces, sitePlaces)
  const withRoad = assignments.map((a) => {
    const route = routes.get(a.villageCode)?.get(a.siteKey)
    return { ...a, road: route ?? null }
  })
  const villages = await db.rows<VillageRow>(sql`
    SELECT v.code, v.name, v.relocation_households AS "relocationHouseholds", v.relocation_population AS "relocationPopulation",
      v.relocation_poor_households AS "relocationPoorHouseholds"
    FROM villages v WHERE v.code IN (SELECT village_code FROM assignments WHERE scenario_id = ${id}) ORDER BY v.code`)

  const warnings: Warning[] = []
  const subsidy = (households: number, poor: number) => poor * subsidyPoor + (households - poor) * subsidyOther
  const siteViews = sites.map((site) => {
    const mine = assignments.filter((a) => a.siteKey === site.key)
    const load = {
      households: mine.reduce((s, a) => s + a.households, 0),
      persons: mine.reduce((s, a) => s + a.persons, 0),
      poorHouseholds: mine.reduce((s, a) => s + a.poorHouseholds, 0),
    }
    const floorAreaNeededM2 = load.persons * perPerson
    const overHouseholds = site.capacityHouseholds !== null && load.households > site.capacityHouseholds
    const overPersons = site.capacityPopulation !== null && load.persons > site.capacityPopulation
    const known = site.capacityHouseholds !== null || site.capacityPopulation !== null
    const overCapacity = known ? overHouseholds || overPersons : null
    if (overCapacity) {
      warnings.push({ code: 'over_capacity', subject: site.key,
        message: `${site.name}: ${load.households} households / ${load.persons} persons assigned, capacity ${site.capacityHouseholds ?? '—'} / ${site.capacityPopulation ?? '—'}.` })
    }
    if (site.floorAreaM2 !== null && floorAreaNeededM2 > site.floorAreaM2) {
      warnings.push({ code: 'over_floor_area', subject: site.key,
        message: `${site.name}: ${floorAreaNeededM2} m² needed at ${perPerson} m² per person, ${site.floorAreaM2} m² planned.` })
    }
    return {
      ...site,
      geometry: site.geometry ? JSON.parse(site.geometry) : null,
      load,
      floorAreaNeededM2,
      subsidyCny: subsidy(load.households, load.poorHouseholds),
      usePct: site.capacityPopulation ? (100 * load.persons) / site.capacityPopulation
        : site.capacityHouseholds ? (100 * load.households) / site.capacityHouseholds : null,
      overCapacity,
    }
  })

  const villageViews = villages.map((v) => {
    const mine = assignments.filter((a) => a.villageCode === v.code)
    const assignedHouseholds = mine.reduce((s, a) => s + a.households, 0)
    const assignedPersons = mine.reduce((s, a) => s + a.persons, 0)
    const overAssigned = assignedHouseholds > (v.relocationHouseholds ?? 0)
    if (overAssigned) {
      warnings.push({ code: 'over_assigned', subject: v.code,
        message: `${v.name}: ${assignedHouseholds} households assigned, ${v.relocationHouseholds ?? 0} relocating.` })
    }
    return { ...v, assignedHouseholds, assignedPersons, overAssigned }
  })

  const persons = assignments.reduce((s, a) => s + a.persons, 0)
  const households = assignments.reduce((s, a) => s + a.households, 0)
  const poorHouseholds = assignments.reduce((s, a) => s + a.poorHouseholds, 0)
  const distances = assignments.filter((a) => a.straightM !== null)
  const totals = {
    sites: sites.length,
    households,
    persons,
    poorHouseholds,
    // Mean distance per relocated person (a village of 300 counts more than one of 30).
    meanDistanceM: persons > 0 ? distances.reduce((s, a) => s + a.persons * a.straightM!, 0) / persons : null,
    maxDistanceM: distances.length ? Math.max(...distances.map((a) => a.straightM!)) : null,
    overCapacitySites: siteViews.filter((s) => s.overCapacity).length,
    floorAreaNeededM2: persons * perPerson,
    subsidyCny: subsidy(households, poorHouseholds),
  }
  return {
    ...scenario,
    standards: { floorAreaPerPersonM2: perPerson, subsidyPoorHouseholdCny: subsidyPoor, subsidyOtherHouseholdCny: subsidyOther },
    sites: siteViews,
    assignments: withRoad,
    villages: villageViews,
    totals,
    warnings,
  }
}

export type ScenarioDetail = NonNullable<Awaited<ReturnType<typeof scenarioDetail>>>
