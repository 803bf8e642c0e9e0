// Shapes of the siting API's answers (POST /api/analysis/site, /api/scenarios…), as the server writes them.
import type { Point, Polygon } from 'geojson'
import type { OriginRow } from '../../../api/analysis/site'
import type { ScenarioRow } from '../../../api/scenarios/store'

export type SiteGeometry = Point | Polygon
export type DistanceMetric = 'straight' | 'road'
export const FACTORS = ['road', 'water', 'school', 'clinic', 'townshipSeat', 'hazard'] as const
export type Factor = (typeof FACTORS)[number]
export type ServiceFactor = Exclude<Factor, 'hazard'>
export const SERVICE_FACTORS: readonly ServiceFactor[] = ['road', 'water', 'school', 'clinic', 'townshipSeat']

/** A catchment village: the server's row, with the fields that metric road adds. */
export interface CatchmentVillage extends Omit<OriginRow, 'distanceM'> {
  /** Straight metres, or road metres with metric road (null when unreachable). */
  distanceM: number | null
  straightM?: number
  timeMin?: number | null
  reachable?: boolean
  reason?: string
}

export interface NearestService {
  code: string
  name: string | null
  distanceM: number
  timeMin?: number
  straightM?: number
}

export interface SiteCheck {
  id: string
  pass: boolean | null
  valueM?: number | null
  limitM?: number
  value?: number | null
  demand?: number
  reason: string
}

export interface SiteEvaluation {
  site: { type: 'Point' | 'Polygon'; county: string | null; township: string | null; point: [number, number]; areaM2: number }
  radiusM: number | null
  metric: DistanceMetric
  catchment: {
    villages: CatchmentVillage[]
    totals: { villages: number; households: number; population: number; poorHouseholds: number; poorPopulation: number }
  }
  demand: { households: number; population: number; poorHouseholds: number }
  capacity: { households: number | null; population: number | null; floorAreaM2: number | null; floorAreaNeededM2: number; floorAreaPerPersonM2: number }
  nearest: Record<ServiceFactor, NearestService | null>
  hazards: { code: string; name: string | null; kind: string; level: string | null; distanceM: number; intersects: boolean }[]
  checks: SiteCheck[]
  score: { value: number; weights: Record<Factor, number>; components: { factor: Factor; weight: number; value: number }[] }
}

export interface SiteRequestBody {
  geometry: SiteGeometry
  radiusM?: number
  capacity?: { households?: number; population?: number; floorAreaM2?: number }
  weights?: Partial<Record<Factor, number>>
  limits?: Partial<Record<'roadM' | 'waterM' | 'schoolM' | 'clinicM' | 'townshipSeatM' | 'hazardBufferM', number>>
  metric?: DistanceMetric
}

export interface ScenarioSiteInput {
  key: string
  name: string
  geometry?: SiteGeometry
  siteCode?: string
  radiusM?: number
  capacityHouseholds?: number
  capacityPopulation?: number
  floorAreaM2?: number
}

export interface AssignmentInput {
  villageCode: string
  siteKey: string
  households: number
  persons: number
  poorHouseholds?: number
}

export interface ScenarioSummary extends ScenarioRow {
  sites: number
  assignments: number
}

export interface ScenarioTotals {
  sites: number
  households: number
  persons: number
  poorHouseholds: number
  meanDistanceM: number | null
  maxDistanceM: number | null
  overCapacitySites: number
  floorAreaNeededM2: number
  subsidyCny: number
}

export type RoadRoute = { reachable: true; distanceM: number; timeMin: number } | { reachable: false; reason: string }

export interface ScenarioDetail extends Omit<ScenarioSummary, 'sites' | 'assignments'> {
  standards: { floorAreaPerPersonM2: number; subsidyPoorHouseholdCny: number; subsidyOtherHouseholdCny: number }
  sites: {
    key: string
    name: string
    siteCode: string | null
    radiusM: number | null
    capacityHouseholds: number | null
    capacityPopulation: number | null
    floorAreaM2: number | null
    promotedSiteCode: string | null
    geometry: SiteGeometry | null
    load: { households: number; persons: number; poorHouseholds: number }
    floorAreaNeededM2: number
    subsidyCny: number
    usePct: number | null
    overCapacity: boolean | null
  }[]
  assignments: (AssignmentInput & { villageName: string; poorHouseholds: number; straightM: number | null; road: RoadRoute | null })[]
  villages: { code: string; name: string; relocationHouseholds: number | null; relocationPopulation: number | null; assignedHouseholds: number; overAssigned: boolean }[]
  totals: ScenarioTotals
  warnings: { code: 'over_capacity' | 'over_assigned' | 'over_floor_area'; subject: string; message: string }[]
}

export interface ScenarioComparison {
  id: number
  name: string
  totals: ScenarioTotals
  warnings: number
}
