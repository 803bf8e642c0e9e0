import type { SettingLookup } from './factors.ts'

// The relocation standards a scenario is planned with: floor area per relocated person and the
// subsidy per household, registered poor or not. They come from the settings of the county, through
// this one function, on the server and in the browser alike.

export interface RelocationStandards {
  floorAreaPerPersonM2: number
  subsidyPoorHouseholdCny: number
  subsidyOtherHouseholdCny: number
}

export function relocationStandards(setting: SettingLookup): RelocationStandards {
  return {
    floorAreaPerPersonM2: setting('relocation.floorAreaPerPersonM2'),
    subsidyPoorHouseholdCny: setting('relocation.subsidyPoorHouseholdCny'),
    subsidyOtherHouseholdCny: setting('relocation.subsidyOtherHouseholdCny'),
  }
}
