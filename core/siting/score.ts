import { FACTORS, type Factor, type ServiceFactor } from './factors.ts'

// The suitability score of a candidate site, 0–100: each factor's closeness (1 at the site, falling
// linearly to 0 at its limit; for hazards 1 when no zone lies within the buffer) weighted by the
// factor's weight, divided by the sum of the weights.

export interface ScoreComponent {
  factor: Factor
  weight: number
  /** 0–1. */
  value: number
}

export interface SuitabilityScore {
  /** 0–100, one decimal. */
  value: number
  weights: Record<Factor, number>
  components: ScoreComponent[]
}

/** 1 at the site, falling linearly to 0 at the limit; 0 beyond it or when there is no such feature. */
export function closeness(distanceM: number | null, limitM: number): number {
  if (distanceM === null) return 0
  if (limitM <= 0) return distanceM <= 0 ? 1 : 0
  return Math.max(0, 1 - distanceM / limitM)
}

export function weightTotal(weights: Record<Factor, number>): number {
  return FACTORS.reduce((sum, f) => sum + weights[f], 0)
}

export interface ScoreInput {
  /** Metres to the nearest feature of each service factor; null when there is none. */
  distancesM: Record<ServiceFactor, number | null>
  /** Metres within which each service counts at all. */
  limitsM: Record<ServiceFactor, number>
  /** No hazard zone within the buffer. */
  clearOfHazards: boolean
  weights: Record<Factor, number>
}

/** Weights that sum to 0 score nothing (the API refuses them before it gets here). */
export function suitabilityScore(input: ScoreInput): SuitabilityScore {
  const components = FACTORS.map((factor) => ({
    factor,
    weight: input.weights[factor],
    value: factor === 'hazard' ? (input.clearOfHazards ? 1 : 0) : closeness(input.distancesM[factor], input.limitsM[factor]),
  }))
  const total = weightTotal(input.weights)
  const score = total > 0 ? (100 * components.reduce((sum, c) => sum + c.weight * c.value, 0)) / total : 0
  return { value: Math.round(score * 10) / 10, weights: input.weights, components }
}
