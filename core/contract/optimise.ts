import { z } from 'zod'
import type { OptimiseResult } from '../siting/optimise/solve.ts'
import type { OptimiseLoad, OptimiseTotals } from '../siting/optimise/summary.ts'
import { OPTIMISE_MODELS } from '../siting/optimise/problem.ts'
import { MAX_DISTANCE_M } from './analysis.ts'
import { endpoint, type Ok } from './endpoint.ts'

// Location–allocation (issue 16): choose sites among candidates and say which villages go to each.
// Small instances are answered at once (200), larger ones become a job (202) read by its id.

export const OPTIMISE_WEIGHTS = ['relocationPopulation', 'population', 'poorPopulation'] as const
export type OptimiseWeight = (typeof OPTIMISE_WEIGHTS)[number]

const key = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'site_key')

const candidate = z.object({
  key,
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number().finite(), z.number().finite()]) }).strict().optional(),
  /** An existing site, taken at a point on it, with its capacity unless one is given. */
  siteCode: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$/, 'feature_code').optional(),
  capacityPopulation: z.number().int().min(0).max(10_000_000).optional(),
}).strict()

export const optimiseBody = z.object({
  model: z.enum(OPTIMISE_MODELS),
  /** Sites to choose (not for LSCP); checked against the candidates by the solver's rules. */
  p: z.number().int().min(1).max(10_000).optional(),
  /** Coverage distance (MCLP, LSCP). */
  withinM: z.number().finite().gt(0).max(MAX_DISTANCE_M).optional(),
  origins: z.object({
    region: z.string().regex(/^\d{6}(\d{3})?$/, 'region_code').optional(),
    villages: z.array(z.string().regex(/^\d{12}$/, 'village_code')).max(20_000).optional(),
    weight: z.enum(OPTIMISE_WEIGHTS).default('relocationPopulation'),
  }).strict(),
  candidates: z.array(candidate).min(1).max(2000),
  locked: z.array(key).max(2000).default([]),
  excluded: z.array(key).max(2000).default([]),
  metric: z.enum(['straight', 'road']).default('straight'),
  /** Seconds; at most the `optimise.maxTimeLimitS` setting. */
  timeLimitS: z.number().finite().optional(),
  /** Capacitated model: villages may be split between sites (as scenarios allow). */
  splitVillages: z.boolean().default(false),
  /** The site evaluation's limits as constraints: no village farther than maxDistanceM (default
   * `siting.catchmentRadiusM`), no candidate within hazardBufferM of a hazard zone (default `siting.hazardBufferM`). */
  limits: z.object({
    maxDistanceM: z.number().finite().gt(0).max(MAX_DISTANCE_M).optional(),
    hazardBufferM: z.number().finite().min(0).max(50_000).optional(),
  }).strict().default({}),
  /** Stop proving once the gap is at most this (0–1); default 0: prove the optimum within the time limit. */
  gapTarget: z.number().finite().min(0).max(1).optional(),
  /** 'heuristic': vertex substitution only; 'exact' (default): the MIP proves or bounds it. */
  method: z.enum(['heuristic', 'exact']).default('exact'),
  /** Always run as a job (202), whatever the size: what the web app does, to show progress and cancel. */
  job: z.boolean().default(false),
}).strict()

export type OptimiseBody = z.input<typeof optimiseBody>

/** Why a village is not in the model: no allowed candidate within the limits, or none by road. */
export interface OptimiseUnreachable {
  village: string
  reason: 'no_candidate_in_reach' | 'no_road_nearby' | 'not_connected'
}

export interface OptimiseAnswer extends Omit<OptimiseResult, 'unreachable'> {
  unreachable: OptimiseUnreachable[]
  /** Candidates left out because a hazard zone lies within the buffer. */
  excludedByHazard: { key: string; hazards: string[] }[]
  /** Where each candidate stands and its capacity, for drawing and loads. */
  candidates: { key: string; lon: number; lat: number; capacityPopulation: number | null; siteCode: string | null }[]
  /** Where each assigned village stands, for drawing its line to its site (the map may hold villages as tiles only). */
  villages: { code: string; lon: number; lat: number }[]
  /** The limits applied. */
  limits: { maxDistanceM: number; hazardBufferM: number }
  metric: 'straight' | 'road'
  weight: OptimiseWeight
  /** Each chosen site's load against its capacity (core/siting/optimise/summary.ts). */
  loads: OptimiseLoad[]
  totals: OptimiseTotals
}

export type OptimiseJobState = 'running' | 'done' | 'failed' | 'cancelled'

export interface OptimiseJob {
  id: string
  state: OptimiseJobState
  /** 0–1. */
  progress: number
  result: OptimiseAnswer | null
  error: { code: string; params: Record<string, unknown> } | null
}

export const optimiseRoutes = {
  /** 200 with the answer (small instances) or 202 with the job. */
  'POST /api/optimise': endpoint<OptimiseAnswer | OptimiseJob>().takes(optimiseBody),
  'GET /api/optimise/:id': endpoint<OptimiseJob>(),
  'DELETE /api/optimise/:id': endpoint<OptimiseJob | Ok>(),
} as const
