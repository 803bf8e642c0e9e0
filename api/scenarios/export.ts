import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { ScenarioExport } from '../../core/contract/scenarios.ts'
import { siteGeometry } from './store.ts'
import { detailOf } from './summary.ts'

// A scenario as GeoJSON: its sites with their load and figures, and a line from each assigned
// village to its site.

export async function scenarioExport(db: Database, id: number, villageScope?: string): Promise<ScenarioExport> {
  const detail = await detailOf(db, id, villageScope)
  const points = await db.rows<{ villageCode: string; siteKey: string; line: string }>(sql`
    SELECT a.village_code AS "villageCode", a.site_key AS "siteKey",
      ST_AsGeoJSON(ST_MakeLine(v.geom, ST_PointOnSurface(${siteGeometry})), 7) AS line
    FROM assignments a JOIN villages v ON v.code = a.village_code
    JOIN scenario_sites s ON s.scenario_id = a.scenario_id AND s.key = a.site_key
    WHERE a.scenario_id = ${id}`)
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
  return { type: 'FeatureCollection', name: detail.name, totals: detail.totals, features }
}
