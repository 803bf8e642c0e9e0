import type { LineString, Point, Polygon } from 'geojson'
import { z } from 'zod'
import type { RelocationStandards } from '../siting/standards.ts'
import type { AssignedLoad } from '../siting/load.ts'
import type { ScenarioWarning } from '../siting/warnings.ts'
import { MAX_DISTANCE_M, type RoadRoute } from './analysis.ts'
import { endpoint, type Ok } from './endpoint.ts'
import type { ImportResult } from './layers.ts'

// Planners' scenarios (安置方案): candidate sites and the villages assigned to them, saved by name and
// version; what a save takes, and the figures a scenario is read with.

const count = z.number().int().min(0).max(10_000_000)
const scenarioName = z.string().trim().min(1, 'not_empty').max(100)

const scenarioSite = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'site_key'),
  name: z.string().trim().min(1, 'not_empty').max(100),
  /** An existing site of the sites layer, taken with its own geometry. */
  siteCode: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$/, 'feature_code').optional(),
  geometry: z.object({ type: z.enum(['Point', 'Polygon']), coordinates: z.unknown() }).optional(),
  radiusM: z.number().finite().gt(0, 'more_than_zero').max(MAX_DISTANCE_M).optional(),
  capacityHouseholds: count.optional(),
  capacityPopulation: count.optional(),
  floorAreaM2: z.number().finite().min(0).optional(),
}).strict()

const assignment = z.object({
  villageCode: z.string().regex(/^\d{12}$/, 'village_code'),
  siteKey: z.string().min(1).max(20),
  households: count,
  persons: count,
  /** Defaults to the village's registered share of its relocating households. */
  poorHouseholds: count.optional(),
}).strict()

const content = {
  name: scenarioName,
  description: z.string().max(2000).nullable().optional(),
  sites: z.array(scenarioSite).max(50).default([]),
  assignments: z.array(assignment).max(5000).default([]),
}

export const createScenarioBody = z.object({ ...content, countyCode: z.string().regex(/^\d{6}$/, 'county_code') }).strict()
export const updateScenarioBody = z.object({ ...content, version: z.number().int().positive() }).strict()
export const duplicateScenarioBody = z.object({ name: scenarioName }).strict()

/** A candidate site as a save sends it. */
export type ScenarioSiteInput = z.input<typeof scenarioSite>
export type AssignmentInput = z.input<typeof assignment>

/** A save's content once validated (geometries checked further by the server). */
export interface ScenarioContent {
  name: string
  description?: string | null
  sites: (Omit<z.output<typeof scenarioSite>, 'geometry'> & { geometry?: Point | Polygon })[]
  assignments: z.output<typeof assignment>[]
}

export interface ScenarioRow {
  id: number
  countyCode: string
  /** The region it belongs to (a township of the county, or the county): accounts covering it change it, others may copy it. */
  regionCode: string
  name: string
  description: string | null
  createdBy: string
  version: number
  createdAt: string
  updatedAt: string
}

/** A row of the list: the scenario with the number of its sites and assignments. */
export interface ScenarioListRow extends ScenarioRow {
  sites: number
  assignments: number
}

export interface ScenarioSiteView {
  key: string
  name: string
  siteCode: string | null
  radiusM: number | null
  capacityHouseholds: number | null
  capacityPopulation: number | null
  floorAreaM2: number | null
  /** The site this candidate was made into, if it was. */
  promotedSiteCode: string | null
  /** Its own, or the existing site's. */
  geometry: Point | Polygon | null
  load: AssignedLoad
  floorAreaNeededM2: number
  subsidyCny: number
  /** Percent of the capacity used (persons first); null without a capacity. */
  usePct: number | null
  overCapacity: boolean | null
}

export interface ScenarioAssignmentView {
  villageCode: string
  villageName: string
  siteKey: string
  households: number
  persons: number
  poorHouseholds: number
  straightM: number | null
  /** Along the built roads; null when the site or village has no location. */
  road: RoadRoute | null
}

export interface ScenarioVillageView {
  code: string
  name: string
  relocationHouseholds: number | null
  relocationPopulation: number | null
  relocationPoorHouseholds: number | null
  assignedHouseholds: number
  assignedPersons: number
  overAssigned: boolean
}

export interface ScenarioTotals {
  sites: number
  households: number
  persons: number
  poorHouseholds: number
  /** Per relocated person. */
  meanDistanceM: number | null
  maxDistanceM: number | null
  overCapacitySites: number
  floorAreaNeededM2: number
  subsidyCny: number
}

export interface ScenarioDetail extends ScenarioRow {
  standards: RelocationStandards
  sites: ScenarioSiteView[]
  assignments: ScenarioAssignmentView[]
  villages: ScenarioVillageView[]
  totals: ScenarioTotals
  warnings: ScenarioWarning[]
  /** Assignments of villages outside the reader's region: counted, not shown (and not in the figures). */
  hiddenAssignments: number
}

export interface ScenarioComparison {
  id: number
  name: string
  totals: ScenarioTotals
  /** How many warnings. */
  warnings: number
}

/** The candidate made into a site: its new code and the import that wrote it. */
export interface PromotedSite extends ImportResult {
  code: string
}

export interface ScenarioSiteFeature {
  type: 'Feature'
  geometry: Point | Polygon | null
  properties: {
    kind: 'site'
    scenario: string
    key: string
    name: string
    siteCode: string | null
    capacityHouseholds: number | null
    capacityPopulation: number | null
    floorAreaM2: number | null
    assignedHouseholds: number
    assignedPersons: number
    floorAreaNeededM2: number
    subsidyCny: number
    overCapacity: boolean | null
  }
}

export interface ScenarioAssignmentFeature {
  type: 'Feature'
  geometry: LineString
  properties: { kind: 'assignment'; scenario: string } & ScenarioAssignmentView
}

/** The export: sites and one line per assignment, with the totals. */
export interface ScenarioExport {
  type: 'FeatureCollection'
  name: string
  totals: ScenarioTotals
  features: (ScenarioSiteFeature | ScenarioAssignmentFeature)[]
}

export const scenarioRoutes = {
  'GET /api/scenarios': endpoint<ScenarioListRow[]>(),
  'GET /api/scenarios/compare': endpoint<ScenarioComparison[]>(),
  'POST /api/scenarios': endpoint<ScenarioDetail>().takes(createScenarioBody),
  'GET /api/scenarios/:id': endpoint<ScenarioDetail>(),
  'PUT /api/scenarios/:id': endpoint<ScenarioDetail>().takes(updateScenarioBody),
  'POST /api/scenarios/:id/duplicate': endpoint<ScenarioDetail>().takes(duplicateScenarioBody),
  'DELETE /api/scenarios/:id': endpoint<Ok>(),
  'POST /api/scenarios/:id/sites/:key/promote': endpoint<PromotedSite>(),
  'GET /api/scenarios/:id/export': endpoint<ScenarioExport>(),
}
