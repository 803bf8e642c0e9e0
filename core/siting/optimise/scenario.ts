import type { AssignmentInput, ScenarioSiteInput } from '../../contract/scenarios.ts'

// An optimisation saved as a scenario (so that it can be compared with a hand-made one): the chosen
// sites, and each village's share of its weight at each site applied to what it relocates (a village
// assigned whole takes all its relocating households and persons to its site).

export interface RelocationOf {
  relocationHouseholds: number | null
  relocationPopulation: number | null
}

export interface AnswerForScenario {
  chosen: readonly string[]
  assignments: readonly { village: string; key: string; persons: number }[]
  candidates: readonly { key: string; lon: number; lat: number; capacityPopulation: number | null; siteCode: string | null }[]
}

export function scenarioFromAnswer(
  answer: AnswerForScenario, villages: ReadonlyMap<string, RelocationOf>, names: ReadonlyMap<string, string>,
): { sites: ScenarioSiteInput[]; assignments: AssignmentInput[] } {
  const sites: ScenarioSiteInput[] = answer.chosen.map((key) => {
    const c = answer.candidates.find((x) => x.key === key)!
    const base = { key: scenarioKey(key), name: (names.get(key) ?? key).slice(0, 100) }
    const capacity = c.capacityPopulation !== null ? { capacityPopulation: c.capacityPopulation } : {}
    return c.siteCode
      ? { ...base, siteCode: c.siteCode, ...capacity }
      : { ...base, geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, ...capacity }
  })
  const weightOf = new Map<string, number>()
  for (const a of answer.assignments) weightOf.set(a.village, (weightOf.get(a.village) ?? 0) + a.persons)
  const assignments: AssignmentInput[] = []
  for (const a of answer.assignments) {
    const v = villages.get(a.village)
    const total = weightOf.get(a.village)!
    if (!v || total <= 0) continue
    const share = a.persons / total
    const persons = Math.round((v.relocationPopulation ?? 0) * share)
    const households = Math.round((v.relocationHouseholds ?? 0) * share)
    if (persons <= 0 && households <= 0) continue
    assignments.push({ villageCode: a.village, siteKey: scenarioKey(a.key), households, persons })
  }
  return { sites, assignments }
}

/** Scenario site keys are at most 20 letters, digits, _ or -: a site code is kept, shortened if need be. */
export function scenarioKey(key: string): string {
  return key.slice(0, 20)
}
