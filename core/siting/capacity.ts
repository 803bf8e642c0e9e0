import type { Load } from './load.ts'

// A site's load against its design capacity.

export interface Capacity {
  households: number | null
  population: number | null
}

export interface CapacityUse {
  /** Percent of the capacity used: persons where the capacity in persons is given, else households; null when neither is. */
  pct: number | null
  /** Over either capacity given; null when no capacity is given. */
  over: boolean | null
}

export function capacityUse(load: Load, capacity: Capacity): CapacityUse {
  const known = capacity.households !== null || capacity.population !== null
  if (!known) return { pct: null, over: null }
  const over = (capacity.households !== null && load.households > capacity.households)
    || (capacity.population !== null && load.persons > capacity.population)
  const pct = capacity.population ? (100 * load.persons) / capacity.population
    : capacity.households ? (100 * load.households) / capacity.households : null
  return { pct, over }
}
