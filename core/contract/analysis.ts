import { z } from 'zod'
import { FACILITY_KINDS, PROJECT_STATUSES, type ProjectStatus } from '../format/layers.ts'
import type { Message } from '../messages/catalogue.ts'
import type { NumberSettingKey } from '../settings/catalogue.ts'
import type { SiteCheck } from '../siting/checks.ts'
import type { RelocatingFigures, RelocationDemand } from '../siting/demand.ts'
import { FACTORS, LIMIT_KEYS, type Factor, type LimitKey, type ServiceFactor } from '../siting/factors.ts'
import type { ServiceGap, ServiceGapMessage, SiteGap, SiteGapMessage } from '../siting/road_gap.ts'
import type { SuitabilityScore } from '../siting/score.ts'
import { endpoint } from './endpoint.ts'

// Nearest, coverage and the evaluation of a candidate site: what they take and what they answer.

/** Distances are capped at 500 km: anything larger is a typo, not a planning question. */
export const MAX_DISTANCE_M = 500_000

/** The target classes of nearest and coverage. */
export const TARGETS = ['road_hardened', 'road_any', 'water', 'site', 'hazard', ...FACILITY_KINDS] as const
export type Target = (typeof TARGETS)[number]

export const DISTANCE_METRICS = ['straight', 'road'] as const
/** straight: geodesic on the spheroid; road: along the built road network. */
export type DistanceMetric = (typeof DISTANCE_METRICS)[number]

// ---- Routes along the roads ------------------------------------------------------------------

export interface ReachableRoute {
  reachable: true
  /** The whole trip in metres: road part plus both connectors. */
  distanceM: number
  /** The whole trip in minutes: road part at road speeds plus both connectors at walking speed. */
  timeMin: number
  /** The off-road part of `distanceM`: origin connector + destination connector (metres). */
  connectorM: number
}

/** `no_road_nearby`: the origin or the destination is farther than the setting network.maxConnectorM from every road.
 *  `not_connected`: both are near roads but no road path joins them. Each is a code of the `network` messages. */
export type UnreachableReason = 'no_road_nearby' | 'not_connected'

export interface UnreachableRoute {
  reachable: false
  reason: UnreachableReason
}

export type RoadRoute = ReachableRoute | UnreachableRoute

// ---- GET /api/analysis/nearest ---------------------------------------------------------------

/** The nearest feature of the class to a village (straight distance). */
export interface NearestRow {
  village: string
  target: string | null
  targetName: string | null
  distanceM: number | null
}

/** The nearest feature along the roads (metric=road); unreachable villages say why. */
export interface NearestByRoadRow extends NearestRow {
  timeMin: number | null
  reachable: boolean
  reason?: UnreachableReason
}

// ---- GET /api/analysis/coverage --------------------------------------------------------------

export interface CoverageCounts {
  villages: number
  households: number
  population: number
  poorPopulation: number
}

export interface CoverageGroup {
  code: string
  name: string
  total: CoverageCounts
  covered: CoverageCounts
}

export interface UncoveredVillage {
  code: string
  name: string
  townshipCode: string
  nearest: string | null
  distanceM: number | null
}

export interface Coverage {
  total: CoverageCounts
  covered: CoverageCounts
  groups: CoverageGroup[]
  uncovered: UncoveredVillage[]
}

export interface CoverageAnswer extends Coverage {
  target: Target
  region: string | null
  /** What-if: projects from this status on count as built. */
  status: ProjectStatus
  groupBy: 'township' | 'village'
  metric: DistanceMetric
  /** The distance that counts as covered; null: each water scheme's own radius (see rule). */
  withinM: number | null
  /** English, for scripts: the rule when withinM is null. */
  rule: string | null
  ruleMsg: Message<'analysis.water_rule'> | null
  /** The setting withinM came from, when the request did not give it. */
  setting: NumberSettingKey | null
}

// ---- POST /api/analysis/site -----------------------------------------------------------------

const distance = z.number().finite().min(0).max(MAX_DISTANCE_M)
const count = z.number().int().min(0)
const weight = z.number().finite().min(0).max(100)

export const siteRequestBody = z.object({
  geometry: z.object({ type: z.enum(['Point', 'Polygon']), coordinates: z.unknown() }),
  radiusM: z.number().finite().gt(0, 'more_than_zero').max(MAX_DISTANCE_M).optional(),
  /** Origin villages named instead of a catchment radius. */
  villages: z.array(z.string().regex(/^\d{12}$/, 'village_code')).min(1).max(1000).optional(),
  capacity: z.object({ households: count.optional(), population: count.optional(), floorAreaM2: z.number().finite().min(0).optional() }).strict().optional(),
  elevationM: z.number().finite().min(-500).max(9000).optional(),
  weights: z.object(Object.fromEntries(FACTORS.map((f) => [f, weight.optional()])) as Record<Factor, z.ZodOptional<typeof weight>>).strict().optional(),
  limits: z.object(Object.fromEntries(LIMIT_KEYS.map((k) => [k, distance.optional()])) as Record<LimitKey, z.ZodOptional<typeof distance>>).strict().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  metric: z.enum(DISTANCE_METRICS).optional(),
}).strict()

export type SiteRequestBody = z.input<typeof siteRequestBody>

/** A village of a candidate's catchment. */
export interface CatchmentVillage extends RelocatingFigures {
  code: string
  name: string
  townshipCode: string
  households: number
  population: number
  poorHouseholds: number | null
  poorPopulation: number | null
  elevationM: number | null
  /** Straight metres; by road with metric road (null when not reachable). */
  distanceM: number | null
  /** The village's elevation above the site's (elevationM given), metres. */
  elevationDiffM: number | null
  /** Metric road: the straight metres beside the road ones. */
  straightM?: number
  timeMin?: number | null
  reachable?: boolean
  reason?: UnreachableReason
}

export interface CatchmentTotals {
  villages: number
  households: number
  population: number
  poorHouseholds: number
  poorPopulation: number
}

export interface NearestService {
  code: string
  name: string | null
  /** Straight metres, or by road with metric road. */
  distanceM: number
  timeMin?: number
  straightM?: number
  /** Metric road: reached along the roads. */
  reachable?: true
  /** Straight: the feature's point nearest the site (lon, lat), where the map draws the line to it. */
  point?: [number, number]
}

/** Metric road: the service exists, but the roads reach none of its features from the candidate. */
export interface UnreachableService {
  reachable: false
  reason: UnreachableReason
  /** Why, with the distance and the limit where they are the reason. */
  gap: ServiceGap
  msg: ServiceGapMessage
  /** The nearest feature of the class in a straight line. */
  code: string
  name: string | null
  straightM: number
}

/** Metric road: how the candidate meets the road network. */
export interface SiteRoadAccess {
  /** A built road lies within network.maxConnectorM: the candidate is on the network. */
  onNetwork: boolean
  /** Metres from the candidate to the nearest built road of any class and surface; null when no road is built. */
  nearestRoadM: number | null
  /** The setting network.maxConnectorM in force. */
  maxConnectorM: number
}

/** Metric road: whether the catchment could be measured along the roads, and what it leaves out. */
export type CatchmentReach = (
  | { reachable: true }
  | { reachable: false; reason: UnreachableReason; gap: SiteGap; msg: SiteGapMessage }
) & {
  /** Villages considered (within the radius in a straight line, or named) that no road route joins to the candidate. */
  unreachableVillages: number
}

export interface HazardNearSite {
  code: string
  name: string | null
  kind: string
  level: string | null
  distanceM: number
  intersects: boolean
}

export interface SiteEvaluation {
  site: { type: 'Point' | 'Polygon'; county: string; township: string | null; point: [number, number]; areaM2: number }
  /** The catchment radius; null when the origin villages were named. */
  radiusM: number | null
  status: ProjectStatus
  metric: DistanceMetric
  catchment: {
    mode: 'radius' | 'villages'
    villages: CatchmentVillage[]
    totals: CatchmentTotals
    /** Metric road: reachable as a whole (the candidate on the network), or why not; null when straight. */
    road: CatchmentReach | null
  }
  demand: RelocationDemand
  capacity: {
    households: number | null
    population: number | null
    floorAreaM2: number | null
    floorAreaNeededM2: number
    floorAreaPerPersonM2: number
  }
  /** null: no feature of the class (within 50 km by road); unreachable ones by road say why. */
  nearest: Record<ServiceFactor, NearestService | UnreachableService | null>
  /** Metric road: the candidate's own access to the network; null when straight. */
  road: SiteRoadAccess | null
  hazards: HazardNearSite[]
  checks: SiteCheck[]
  score: SuitabilityScore
}

export const analysisRoutes = {
  'GET /api/analysis/nearest': endpoint<(NearestRow | NearestByRoadRow)[]>(),
  'GET /api/analysis/coverage': endpoint<CoverageAnswer>(),
  'POST /api/analysis/site': endpoint<SiteEvaluation>().takes(siteRequestBody),
}
