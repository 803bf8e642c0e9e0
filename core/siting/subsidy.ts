import type { RelocationStandards } from './standards.ts'

// The relocation subsidy of a number of households: registered poor ones at the poor rate, the
// others at the other rate.

export interface SubsidyRates {
  poor: number
  other: number
}

export function subsidyRates(standards: RelocationStandards): SubsidyRates {
  return { poor: standards.subsidyPoorHouseholdCny, other: standards.subsidyOtherHouseholdCny }
}

/** Yuan. The other households are never fewer than none, should more poor households be given than households. */
export function subsidyCny(households: number, poorHouseholds: number, rates: SubsidyRates): number {
  return poorHouseholds * rates.poor + Math.max(0, households - poorHouseholds) * rates.other
}
