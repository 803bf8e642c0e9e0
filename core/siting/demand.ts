// Relocation demand of a set of villages: the households, persons and registered poor households
// that are to move (the villages' relocation figures; a village without them adds nothing).

export interface RelocatingFigures {
  relocationHouseholds: number | null
  relocationPopulation: number | null
  relocationPoorHouseholds: number | null
}

export interface RelocationDemand {
  households: number
  population: number
  poorHouseholds: number
}

export function relocationDemand(villages: readonly RelocatingFigures[]): RelocationDemand {
  const demand: RelocationDemand = { households: 0, population: 0, poorHouseholds: 0 }
  for (const v of villages) {
    demand.households += v.relocationHouseholds ?? 0
    demand.population += v.relocationPopulation ?? 0
    demand.poorHouseholds += v.relocationPoorHouseholds ?? 0
  }
  return demand
}
