// Every threshold, distance, speed and standard the tool uses, with its default, unit and bounds
// (../shared/DOMAIN.md, "Default settings"). Values are resolved county → province → default
// (db/settings.ts reads them); the web app shows and edits them from this same list.

export interface SettingSpec {
  key: string
  default: number | readonly string[]
  unit?: 'm' | 'm2' | 'ratio' | 'km/h' | 'cny' | 'bytes' | 'count' | 'list'
  min?: number
  max?: number
  /** What the value means and where it is used. */
  description: string
}

export const SETTING_SPECS = [
  { key: 'exit.incidenceThreshold', default: 0.02, unit: 'ratio', min: 0, max: 1,
    description: 'Village/county exit: poverty incidence (poor persons ÷ population) must be below this (3 % in western provinces).' },
  { key: 'exit.criteria', default: ['incidence', 'road', 'water', 'electricity', 'broadband', 'clinic', 'cultural_room'],
    unit: 'list', description: 'Exit criteria that count for a village.' },
  { key: 'exit.roadAccessM', default: 500, unit: 'm', min: 0, max: 500_000,
    description: 'A hardened, complete road within this distance of the village point (通硬化路).' },
  { key: 'water.pointServiceRadiusM', default: 1000, unit: 'm', min: 0, max: 500_000,
    description: 'A point water scheme without serviceRadiusM covers villages within this distance (饮水安全).' },
  { key: 'water.pipelineServiceM', default: 500, unit: 'm', min: 0, max: 500_000,
    description: 'A water pipeline covers villages within this distance.' },
  { key: 'exit.clinicWithinM', default: 3000, unit: 'm', min: 0, max: 500_000,
    description: 'Without the hasClinic attribute, a clinic within this distance counts (卫生室).' },
  { key: 'optimise.maxCandidates', default: 200, unit: 'count', min: 1, max: 2000,
    description: 'Location–allocation: most candidate sites one optimisation may weigh.' },
  { key: 'optimise.maxOrigins', default: 5000, unit: 'count', min: 1, max: 20_000,
    description: 'Location–allocation: most origin villages one optimisation may take.' },
  { key: 'optimise.maxTimeLimitS', default: 120, unit: 'count', min: 1, max: 3600,
    description: 'Location–allocation: the largest time limit (seconds) a caller may give the exact solver.' },
  { key: 'optimise.defaultTimeLimitS', default: 30, unit: 'count', min: 1, max: 3600,
    description: 'Location–allocation: the time limit (seconds) when the caller gives none.' },
  { key: 'optimise.syncMaxPairs', default: 20_000, unit: 'count', min: 0, max: 10_000_000,
    description: 'Location–allocation: up to this many village–candidate pairs the answer comes at once (200), above it as a job (202).' },
  { key: 'siting.catchmentRadiusM', default: 5000, unit: 'm', min: 1, max: 500_000,
    description: 'Default catchment radius of a candidate resettlement site.' },
  { key: 'siting.maxRoadM', default: 1000, unit: 'm', min: 0, max: 500_000,
    description: 'Site check: a hardened road within this distance.' },
  { key: 'siting.maxTownshipSeatM', default: 10_000, unit: 'm', min: 0, max: 500_000,
    description: 'Site check: the township seat within this distance.' },
  { key: 'siting.maxSchoolM', default: 5000, unit: 'm', min: 0, max: 500_000,
    description: 'Site check: a school within this distance.' },
  { key: 'siting.maxClinicM', default: 5000, unit: 'm', min: 0, max: 500_000,
    description: 'Site check: a clinic within this distance.' },
  { key: 'siting.hazardBufferM', default: 200, unit: 'm', min: 0, max: 50_000,
    description: 'Hazard zones within this distance of a site are conflicts.' },
  { key: 'siting.maxWaterM', default: 1000, unit: 'm', min: 0, max: 500_000,
    description: 'Site check: a completed drinking-water scheme within this distance.' },
  { key: 'siting.weightRoad', default: 0.2, unit: 'ratio', min: 0, max: 1, description: 'Suitability score weight: hardened road distance.' },
  { key: 'siting.weightWater', default: 0.15, unit: 'ratio', min: 0, max: 1, description: 'Suitability score weight: water scheme distance.' },
  { key: 'siting.weightSchool', default: 0.15, unit: 'ratio', min: 0, max: 1, description: 'Suitability score weight: school distance.' },
  { key: 'siting.weightClinic', default: 0.15, unit: 'ratio', min: 0, max: 1, description: 'Suitability score weight: clinic distance.' },
  { key: 'siting.weightTownshipSeat', default: 0.15, unit: 'ratio', min: 0, max: 1, description: 'Suitability score weight: township seat distance.' },
  { key: 'siting.weightHazard', default: 0.2, unit: 'ratio', min: 0, max: 1, description: 'Suitability score weight: no hazard zone within the buffer.' },
  { key: 'coverage.kindergartenM', default: 5000, unit: 'm', min: 0, max: 500_000, description: 'Coverage: a kindergarten within this distance.' },
  { key: 'coverage.hospitalM', default: 20_000, unit: 'm', min: 0, max: 500_000, description: 'Coverage: a hospital within this distance.' },
  { key: 'coverage.countySeatM', default: 50_000, unit: 'm', min: 0, max: 500_000, description: 'Coverage: the county seat within this distance.' },
  { key: 'coverage.marketM', default: 5000, unit: 'm', min: 0, max: 500_000, description: 'Coverage: a market within this distance.' },
  { key: 'coverage.busStopM', default: 2000, unit: 'm', min: 0, max: 500_000, description: 'Coverage: a bus stop within this distance.' },
  { key: 'coverage.serviceCenterM', default: 3000, unit: 'm', min: 0, max: 500_000, description: 'Coverage: a service centre within this distance.' },
  { key: 'relocation.floorAreaPerPersonM2', default: 25, unit: 'm2', min: 1, max: 1000,
    description: 'Floor area per relocated person (registered poor households).' },
  { key: 'relocation.subsidyPoorHouseholdCny', default: 60_000, unit: 'cny', min: 0, max: 10_000_000,
    description: 'Relocation subsidy per registered poor household.' },
  { key: 'relocation.subsidyOtherHouseholdCny', default: 40_000, unit: 'cny', min: 0, max: 10_000_000,
    description: 'Relocation subsidy per non-registered household.' },
  { key: 'network.speedCountyHardenedKmh', default: 40, unit: 'km/h', min: 1, max: 200,
    description: 'Travel speed on hardened county roads.' },
  { key: 'network.speedTownshipHardenedKmh', default: 30, unit: 'km/h', min: 1, max: 200,
    description: 'Travel speed on hardened township roads.' },
  { key: 'network.speedVillageHardenedKmh', default: 25, unit: 'km/h', min: 1, max: 200,
    description: 'Travel speed on hardened village and group roads.' },
  { key: 'network.speedGravelKmh', default: 15, unit: 'km/h', min: 1, max: 200,
    description: 'Travel speed on gravel roads.' },
  { key: 'network.speedEarthKmh', default: 8, unit: 'km/h', min: 1, max: 200,
    description: 'Travel speed on earth roads.' },
  { key: 'network.connectorSpeedKmh', default: 5, unit: 'km/h', min: 1, max: 200,
    description: 'Walking speed from a village or site to its nearest road point.' },
  { key: 'network.maxConnectorM', default: 1000, unit: 'm', min: 0, max: 50_000,
    description: 'A place farther than this from every road is not connected to the network.' },
  { key: 'network.snapToleranceM', default: 20, unit: 'm', min: 0, max: 1000,
    description: 'Road endpoints closer than this are joined when the network is built.' },
  { key: 'import.maxBodyBytes', default: 100 * 1024 * 1024, unit: 'bytes', min: 1024, max: 2 * 1024 ** 3,
    description: 'Largest request body accepted (imports).' },
  { key: 'import.maxFeatures', default: 100_000, unit: 'count', min: 1, max: 2_000_000,
    description: 'Most features one import may hold (a larger file is split).' },
  { key: 'import.maxVertices', default: 100_000, unit: 'count', min: 4, max: 5_000_000,
    description: 'Most positions one geometry may have (in an import or any request).' },
  { key: 'import.maxPropertyBytes', default: 10_000, unit: 'bytes', min: 100, max: 10_000_000,
    description: 'Largest value of one property kept from an import (UTF-8 bytes).' },
  { key: 'layers.maxGeoJsonFeatures', default: 10_000, unit: 'count', min: 1, max: 2_000_000,
    description: 'A layer asked as GeoJSON without bbox or region is refused above this many features (ask by bbox, region or tiles).' },
  { key: 'import.farFromTownshipM', default: 10_000, unit: 'm', min: 0, max: 500_000,
    description: 'Import warning: a feature farther than this from its township polygon.' },
  { key: 'map.tilesAboveFeatures', default: 20_000, unit: 'count', min: 0, max: 100_000_000,
    description: 'The map draws a layer from vector tiles (GET /api/tiles) when the region looked at holds more features of it than this; below, as GeoJSON.' },
  { key: 'import.farFromCountyM', default: 30_000, unit: 'm', min: 0, max: 2_000_000,
    description: 'Import warning: a feature farther than this from the polygon of the county its code or township names.' },
  { key: 'import.maxUnpackedBytes', default: 500 * 1024 * 1024, unit: 'bytes', min: 1024, max: 8 * 1024 ** 3,
    description: 'Largest size an uploaded archive (zipped Shapefile, KMZ, Excel) may unpack to, checked before unpacking.' },
  { key: 'import.maxCompressionRatio', default: 200, unit: 'count', min: 2, max: 100_000,
    description: 'Largest ratio of unpacked to packed size of an uploaded archive (a zip bomb is refused before unpacking).' },
] as const satisfies readonly SettingSpec[]

export type SettingKey = (typeof SETTING_SPECS)[number]['key']

/** Keys of the settings that hold a number (all but the list of exit criteria). */
export type NumberSettingKey = Extract<(typeof SETTING_SPECS)[number], { default: number }>['key']

export function settingSpec(key: SettingKey): SettingSpec {
  return SETTING_SPECS.find((s) => s.key === key)!
}

/** The national default of a number setting, where the county's own value is not (yet) known. */
export function settingDefault(key: NumberSettingKey): number {
  return settingSpec(key).default as number
}

export function isSettingKey(value: string): value is SettingKey {
  return SETTING_SPECS.some((s) => s.key === value)
}

/** Western provinces (Inner Mongolia, Guangxi, Chongqing…Tibet, Shaanxi…Xinjiang) use a 3 % exit threshold. */
export const WESTERN_PROVINCES = ['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'] as const

/** Rows written at start-up (insert if missing): the defaults and the western-province overrides. */
export function defaultSettingRows(): { key: string; scope: string; value: unknown }[] {
  return [
    ...SETTING_SPECS.map((s) => ({ key: s.key, scope: '', value: s.default })),
    ...WESTERN_PROVINCES.map((p) => ({ key: 'exit.incidenceThreshold', scope: p, value: 0.03 })),
  ]
}

/** The scopes that apply to a region code, most specific first: county, province, default. */
export function settingScopes(regionCode?: string): string[] {
  if (!regionCode || regionCode.length < 6) return regionCode?.length === 2 ? [regionCode, ''] : ['']
  return [regionCode.slice(0, 6), regionCode.slice(0, 2), '']
}

export interface ResolvedSetting {
  key: string
  value: unknown
  /** The scope the value came from: a county code, a province code or '' (default). */
  scope: string
  default: unknown
  unit?: SettingSpec['unit']
  description: string
}

