// What is assigned to a site: the households and persons of the village assignments that name it.

export interface Load {
  households: number
  persons: number
}

export interface AssignedLoad extends Load {
  poorHouseholds: number
}

/** One village's households and persons assigned to one site (a whole village or a part of it). */
export interface AssignmentDraft {
  villageCode: string
  siteKey: string
  households: number
  persons: number
}

/** The sum of some assignments, with their registered poor households. */
export function assignedLoad(assignments: readonly (Load & { poorHouseholds: number })[]): AssignedLoad {
  const load: AssignedLoad = { households: 0, persons: 0, poorHouseholds: 0 }
  for (const a of assignments) {
    load.households += a.households
    load.persons += a.persons
    load.poorHouseholds += a.poorHouseholds
  }
  return load
}

/** The load of each site. */
export function loadBySite(assignments: readonly AssignmentDraft[]): Map<string, Load> {
  return sumBy(assignments, (a) => a.siteKey)
}

/** What each village has assigned, over all sites. */
export function loadByVillage(assignments: readonly AssignmentDraft[]): Map<string, Load> {
  return sumBy(assignments, (a) => a.villageCode)
}

function sumBy(assignments: readonly AssignmentDraft[], key: (a: AssignmentDraft) => string): Map<string, Load> {
  const out = new Map<string, Load>()
  for (const a of assignments) {
    const l = out.get(key(a)) ?? { households: 0, persons: 0 }
    out.set(key(a), { households: l.households + a.households, persons: l.persons + a.persons })
  }
  return out
}
