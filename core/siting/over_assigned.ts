import { loadByVillage, type AssignmentDraft } from './load.ts'

// A village is over-assigned when more of its households are assigned, over all sites, than relocate.

export interface RelocatingVillage {
  code: string
  relocationHouseholds: number | null
}

export function isOverAssigned(assignedHouseholds: number, relocationHouseholds: number | null): boolean {
  return assignedHouseholds > (relocationHouseholds ?? 0)
}

/** The codes of the over-assigned villages, in the order of their first assignment. */
export function overAssignedVillages(assignments: readonly AssignmentDraft[], villages: ReadonlyMap<string, RelocatingVillage>): string[] {
  return [...loadByVillage(assignments)]
    .filter(([code, load]) => isOverAssigned(load.households, villages.get(code)?.relocationHouseholds ?? null))
    .map(([code]) => code)
}
