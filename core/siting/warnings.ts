import { msg } from '../messages/catalogue.ts'
import { english } from '../messages/english.ts'
import { capacityUse } from './capacity.ts'
import type { MessageOf } from './checks.ts'
import { floorAreaNeededM2 } from './floor_area.ts'
import type { Load } from './load.ts'
import { isOverAssigned } from './over_assigned.ts'
import type { RelocationStandards } from './standards.ts'

// What is wrong with a relocation plan: a site over its design capacity or short of floor area, a
// village with more households assigned than relocate. Each warning names its subject (a site's key
// or a village's code) and says why as a catalogue message, with the same in English for scripts.

export const WARNING_CODES = ['over_capacity', 'over_floor_area', 'over_assigned'] as const
export type WarningCode = (typeof WARNING_CODES)[number]

export interface ScenarioWarning {
  code: WarningCode
  /** The site's key, or the village's code for over_assigned. */
  subject: string
  /** English, for scripts. */
  message: string
  msg: MessageOf<`siting.${WarningCode}`>
}

export interface PlannedSite {
  key: string
  name: string
  capacityHouseholds: number | null
  capacityPopulation: number | null
  floorAreaM2: number | null
}

const warning = (code: WarningCode, subject: string, message: ScenarioWarning['msg']): ScenarioWarning =>
  ({ code, subject, message: english(message), msg: message })

/** The site's load is over either design capacity given; null when it is not. */
export function overCapacityWarning(site: PlannedSite, load: Load): ScenarioWarning | null {
  if (!capacityUse(load, { households: site.capacityHouseholds, population: site.capacityPopulation }).over) return null
  return warning('over_capacity', site.key, msg('siting.over_capacity', {
    site: site.name, households: load.households, persons: load.persons,
    capacityHouseholds: site.capacityHouseholds, capacityPopulation: site.capacityPopulation,
  }))
}

/** The persons assigned need more floor area than the site plans; null when it plans enough or gives none. */
export function overFloorAreaWarning(site: PlannedSite, load: Load, standards: Pick<RelocationStandards, 'floorAreaPerPersonM2'>): ScenarioWarning | null {
  const neededM2 = floorAreaNeededM2(load.persons, standards)
  if (site.floorAreaM2 === null || neededM2 <= site.floorAreaM2) return null
  return warning('over_floor_area', site.key, msg('siting.over_floor_area', {
    site: site.name, neededM2, perPersonM2: standards.floorAreaPerPersonM2, plannedM2: site.floorAreaM2,
  }))
}

/** More of the village's households assigned than relocate; null when not. */
export function overAssignedWarning(village: { code: string; name: string; relocationHouseholds: number | null }, assignedHouseholds: number): ScenarioWarning | null {
  if (!isOverAssigned(assignedHouseholds, village.relocationHouseholds)) return null
  return warning('over_assigned', village.code, msg('siting.over_assigned', {
    village: village.name, assigned: assignedHouseholds, relocating: village.relocationHouseholds ?? 0,
  }))
}
