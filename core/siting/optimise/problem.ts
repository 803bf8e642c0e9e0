// Location–allocation: the problem as the solvers see it. Origins (villages with a weight in persons),
// candidates (keys with an optional capacity in persons) and the distance of every pair, row-major
// origins × candidates, in metres. A pair the rules forbid (beyond the distance limit, a candidate in a
// hazard buffer, no road between them) is `Infinity`: it is not in the model at all.

export const OPTIMISE_MODELS = ['p_median', 'capacitated_p_median', 'mclp', 'lscp'] as const
export type OptimiseModel = (typeof OPTIMISE_MODELS)[number]

export interface ProblemOrigin {
  id: string
  /** Persons (relocating, population or poor population): what the objective weighs. */
  weight: number
}

export interface ProblemCandidate {
  key: string
  /** Persons; null for none given (only the capacitated model needs it). */
  capacity: number | null
}

export interface Problem {
  model: OptimiseModel
  origins: readonly ProblemOrigin[]
  candidates: readonly ProblemCandidate[]
  /** Metres, `distance[i * candidates.length + j]`; Infinity where the pair is not allowed. */
  distance: Float64Array
  /** Sites to choose (p-median, capacitated p-median, MCLP). */
  p?: number
  /** Coverage distance in metres (MCLP, LSCP). */
  withinM?: number
  /** Candidate indices that must be chosen. */
  locked?: readonly number[]
  /** Candidate indices that may not be chosen. */
  excluded?: readonly number[]
  /** Capacitated model: a village may be split between sites (as scenarios allow). */
  splitVillages?: boolean
}

/** Why an origin is left out of the model: no allowed candidate is in reach of it. */
export interface UnreachableOrigin {
  village: string
  reason: 'no_candidate_in_reach'
}

export type Direction = 'min' | 'max'

export const directionOf = (model: OptimiseModel): Direction => (model === 'mclp' ? 'max' : 'min')

/** Σ of a list. */
export const sum = (values: Iterable<number>): number => {
  let s = 0
  for (const v of values) s += v
  return s
}
