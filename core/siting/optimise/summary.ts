import type { OptimiseAssignment, OptimiseResult } from './solve.ts'

// The figures an optimisation is read with: each chosen site's load against its capacity, and the
// totals (persons placed, mean and largest distance weighted by persons, covered share, persons per
// site). The server sends them with the answer; the web app shows them as sent.

export interface OptimiseLoad {
  key: string
  persons: number
  villages: number
  capacityPopulation: number | null
  overCapacity: boolean
}

export interface OptimiseTotals {
  /** Persons of every origin in the model (reachable or not). */
  persons: number
  /** Persons given a site. */
  assignedPersons: number
  /** Persons of the villages no candidate reaches. */
  unreachablePersons: number
  /** Mean distance of the assigned persons (persons-weighted), metres; null when none is assigned. */
  meanDistanceM: number | null
  maxDistanceM: number | null
  /** Persons within the coverage distance (covering models), else the assigned persons. */
  coveredPersons: number
  /** coveredPersons ÷ persons (0–1). */
  coveredShare: number
  sites: number
  personsPerSite: number | null
}

export function optimiseLoads(result: Pick<OptimiseResult, 'chosen' | 'assignments'>, capacity: ReadonlyMap<string, number | null>): OptimiseLoad[] {
  return result.chosen.map((key) => {
    const here = result.assignments.filter((a) => a.key === key)
    const persons = here.reduce((s, a) => s + a.persons, 0)
    const cap = capacity.get(key) ?? null
    return { key, persons, villages: new Set(here.map((a) => a.village)).size, capacityPopulation: cap, overCapacity: cap !== null && persons > cap + 1e-9 }
  })
}

export function optimiseTotals(
  result: Pick<OptimiseResult, 'chosen' | 'assignments'> & { unreachable: readonly { village: string }[] },
  weightOf: ReadonlyMap<string, number>,
): OptimiseTotals {
  const persons = [...weightOf.values()].reduce((s, w) => s + w, 0)
  const unreachablePersons = result.unreachable.reduce((s, u) => s + (weightOf.get(u.village) ?? 0), 0)
  const assigned: OptimiseAssignment[] = result.assignments.filter((a) => a.persons > 0)
  const assignedPersons = assigned.reduce((s, a) => s + a.persons, 0)
  const meanDistanceM = assignedPersons > 0 ? assigned.reduce((s, a) => s + a.persons * a.distanceM, 0) / assignedPersons : null
  const maxDistanceM = assigned.length ? Math.max(...assigned.map((a) => a.distanceM)) : null
  const coveredPersons = result.assignments.reduce((s, a) => s + (a.covered === false ? 0 : a.persons), 0)
  const sites = result.chosen.length
  return {
    persons, assignedPersons, unreachablePersons, meanDistanceM, maxDistanceM, coveredPersons,
    coveredShare: persons > 0 ? coveredPersons / persons : 0,
    sites, personsPerSite: sites > 0 ? assignedPersons / sites : null,
  }
}
