import type { NumberSettingKey } from '../settings/catalogue.ts'

// The factors a candidate site is judged on, and the settings that hold each one's limit and score
// weight. A request may override both (`limits.roadM`, `weights.road`); what it leaves out comes from
// the settings in force for the county.

export const FACTORS = ['road', 'water', 'school', 'clinic', 'townshipSeat', 'hazard'] as const
export type Factor = (typeof FACTORS)[number]

/** The factors measured as a distance to the nearest feature (all but hazards). */
export type ServiceFactor = Exclude<Factor, 'hazard'>
export const SERVICE_FACTORS: readonly ServiceFactor[] = ['road', 'water', 'school', 'clinic', 'townshipSeat']

/** The request's name of each factor's limit, in metres: a service within it, or the hazard buffer. */
export const LIMIT_KEYS = ['roadM', 'waterM', 'schoolM', 'clinicM', 'townshipSeatM', 'hazardBufferM'] as const
export type LimitKey = (typeof LIMIT_KEYS)[number]

export const LIMIT_OF: Readonly<Record<Factor, LimitKey>> = {
  road: 'roadM', water: 'waterM', school: 'schoolM', clinic: 'clinicM', townshipSeat: 'townshipSeatM', hazard: 'hazardBufferM',
}

export const LIMIT_SETTING: Readonly<Record<LimitKey, NumberSettingKey>> = {
  roadM: 'siting.maxRoadM', waterM: 'siting.maxWaterM', schoolM: 'siting.maxSchoolM', clinicM: 'siting.maxClinicM',
  townshipSeatM: 'siting.maxTownshipSeatM', hazardBufferM: 'siting.hazardBufferM',
}

export const WEIGHT_SETTING: Readonly<Record<Factor, NumberSettingKey>> = {
  road: 'siting.weightRoad', water: 'siting.weightWater', school: 'siting.weightSchool', clinic: 'siting.weightClinic',
  townshipSeat: 'siting.weightTownshipSeat', hazard: 'siting.weightHazard',
}

/** A number setting's value in force (the server's resolved settings, or the web's with the defaults behind them). */
export type SettingLookup = (key: NumberSettingKey) => number

/** Every limit: the request's own where it gives one, else the setting. */
export function resolveLimits(overrides: Partial<Record<LimitKey, number>> | undefined, setting: SettingLookup): Record<LimitKey, number> {
  return Object.fromEntries(LIMIT_KEYS.map((k) => [k, overrides?.[k] ?? setting(LIMIT_SETTING[k])])) as Record<LimitKey, number>
}

/** Every score weight: the request's own where it gives one, else the setting. */
export function resolveWeights(overrides: Partial<Record<Factor, number>> | undefined, setting: SettingLookup): Record<Factor, number> {
  return Object.fromEntries(FACTORS.map((f) => [f, overrides?.[f] ?? setting(WEIGHT_SETTING[f])])) as Record<Factor, number>
}
