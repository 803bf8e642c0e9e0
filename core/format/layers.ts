// The geodata exchange format (../shared/GEODATA_FORMAT.md) as data.
// Pure module: imported by the API (validation, import, export), the web app
// (labels, legends) and the sample generator. No database, Vue or MapLibre imports.

export const LAYERS = ['regions', 'villages', 'sites', 'roads', 'water', 'facilities', 'hazards'] as const
export type LayerName = (typeof LAYERS)[number]

export const REGION_LEVELS = ['province', 'prefecture', 'county', 'township', 'village'] as const
export type RegionLevel = (typeof REGION_LEVELS)[number]
export const isRegionLevel = (value: string): value is RegionLevel => (REGION_LEVELS as readonly string[]).includes(value)
export const RELOCATION_KINDS = ['none', 'partial', 'whole'] as const
export const SITE_KINDS = ['centralized', 'scattered'] as const
export const SITE_DECISIONS = ['candidate', 'selected', 'rejected'] as const
export const LAND_STATUSES = ['unknown', 'pending', 'approved'] as const
export const ROAD_CLASSES = ['county', 'township', 'village', 'group'] as const
export const ROAD_SURFACES = ['hardened', 'gravel', 'earth'] as const
export const WATER_KINDS = [
  'intake', 'supply_plant', 'pipeline', 'reservoir', 'cistern', 'well', 'irrigation_channel',
] as const
export const FACILITY_KINDS = [
  'township_seat', 'county_seat', 'school', 'kindergarten', 'clinic', 'hospital', 'market', 'bus_stop',
  'service_center',
] as const
export const HAZARD_KINDS = ['landslide', 'debris_flow', 'collapse', 'flood', 'subsidence'] as const
export const HAZARD_LEVELS = ['low', 'medium', 'high'] as const
export const PROJECT_STATUSES = [
  'planned', 'approved', 'tendered', 'under_construction', 'completed', 'accepted',
] as const
export type ProjectStatus = (typeof PROJECT_STATUSES)[number]

export type GeometryKind =
  | 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon'

export type PropertyType = 'code' | 'text' | 'int' | 'number' | 'boolean' | 'date' | 'year' | 'enum'

export interface PropertySpec {
  /** Property name in GeoJSON (camelCase). */
  name: string
  type: PropertyType
  required?: boolean
  /** Allowed values for `enum`. */
  values?: readonly string[]
  /** Chinese column header accepted as an alias in CSV/Excel. */
  alias?: string
  /** Default applied on import when the property is missing. */
  default?: string | number | boolean
  /** Lower bound for numbers (counts and money are never negative). */
  min?: number
  max?: number
  /** The code of another layer this property references (warning if unknown). */
  references?: LayerName
}

export interface LayerSpec {
  name: LayerName
  geometry: readonly GeometryKind[]
  /** Project layers may have a null geometry while planned or approved. */
  project: boolean
  properties: readonly PropertySpec[]
}

const count = (name: string, alias?: string, required = false): PropertySpec =>
  ({ name, type: 'int', min: 0, alias, required })
const money = (name: string, alias?: string): PropertySpec => ({ name, type: 'number', min: 0, alias })
const flag = (name: string, alias?: string): PropertySpec => ({ name, type: 'boolean', alias })

export const PROJECT_PROPERTIES: readonly PropertySpec[] = [
  { name: 'status', type: 'enum', values: PROJECT_STATUSES, alias: '状态' },
  { name: 'progressPct', type: 'number', min: 0, max: 100, alias: '进度' },
  { name: 'plannedStart', type: 'date', alias: '计划开工' },
  { name: 'plannedEnd', type: 'date', alias: '计划完工' },
  { name: 'actualStart', type: 'date', alias: '实际开工' },
  { name: 'actualEnd', type: 'date', alias: '实际完工' },
  money('budgetCny', '预算'),
  money('spentCny', '已支出'),
  money('fundingState', '中央及省级资金'),
  money('fundingSector', '行业部门资金'),
  money('fundingSelf', '群众自筹'),
  money('fundingOther', '其他资金'),
  { name: 'contractor', type: 'text', alias: '施工单位' },
  { name: 'townshipCode', type: 'code', alias: '乡镇代码', references: 'regions' },
]

export const LAYER_SPECS: Record<LayerName, LayerSpec> = {
  regions: {
    name: 'regions',
    geometry: ['Polygon', 'MultiPolygon'],
    project: false,
    properties: [
      { name: 'code', type: 'code', required: true, alias: '代码' },
      { name: 'name', type: 'text', required: true, alias: '名称' },
      { name: 'level', type: 'enum', required: true, values: REGION_LEVELS, alias: '级别' },
      { name: 'parentCode', type: 'code', alias: '上级代码', references: 'regions' },
      { name: 'exitYear', type: 'year', alias: '退出年度' },
      { name: 'plannedExitYear', type: 'year', alias: '计划退出年度' },
    ],
  },
  villages: {
    name: 'villages',
    geometry: ['Point'],
    project: false,
    properties: [
      { name: 'code', type: 'code', required: true, alias: '村代码' },
      { name: 'name', type: 'text', required: true, alias: '村名' },
      { name: 'townshipCode', type: 'code', required: true, alias: '乡镇代码', references: 'regions' },
      count('households', '总户数', true),
      count('population', '总人口', true),
      count('poorHouseholds', '贫困户数'),
      count('poorPopulation', '贫困人口'),
      flag('isPoorVillage', '贫困村'),
      { name: 'plannedExitYear', type: 'year', alias: '计划退出年度' },
      { name: 'exitYear', type: 'year', alias: '实际退出年度' },
      { name: 'elevationM', type: 'number', min: -500, max: 9000, alias: '海拔' },
      flag('hasElectricity', '通电'),
      flag('hasBroadband', '通宽带'),
      flag('hasClinic', '卫生室'),
      flag('hasCulturalRoom', '文化室'),
      { name: 'relocation', type: 'enum', values: RELOCATION_KINDS, alias: '搬迁方式' },
      count('relocationHouseholds', '搬迁户数'),
      count('relocationPopulation', '搬迁人口'),
      count('relocationPoorHouseholds', '搬迁贫困户数'),
      { name: 'relocationSiteCode', type: 'code', alias: '安置点代码', references: 'sites' },
    ],
  },
  sites: {
    name: 'sites',
    geometry: ['Point', 'Polygon', 'MultiPolygon'],
    project: true,
    properties: [
      { name: 'code', type: 'code', required: true, alias: '代码' },
      { name: 'name', type: 'text', required: true, alias: '名称' },
      { name: 'kind', type: 'enum', values: SITE_KINDS, alias: '安置方式' },
      { name: 'decision', type: 'enum', values: SITE_DECISIONS, default: 'selected', alias: '决策' },
      count('capacityHouseholds', '容纳户数'),
      count('capacityPopulation', '容纳人数'),
      { name: 'floorAreaM2', type: 'number', min: 0, alias: '建筑面积' },
      { name: 'landStatus', type: 'enum', values: LAND_STATUSES, alias: '用地审批' },
      ...PROJECT_PROPERTIES.map((p) =>
        p.name === 'townshipCode' ? { ...p, required: true } : p.name === 'status' ? { ...p, default: 'planned' } : p),
    ],
  },
  roads: {
    name: 'roads',
    geometry: ['LineString', 'MultiLineString'],
    project: true,
    properties: [
      { name: 'code', type: 'code', required: true, alias: '代码' },
      { name: 'name', type: 'text', alias: '名称' },
      { name: 'roadClass', type: 'enum', required: true, values: ROAD_CLASSES, alias: '道路等级' },
      { name: 'surface', type: 'enum', required: true, values: ROAD_SURFACES, alias: '路面' },
      { name: 'lengthM', type: 'number', min: 0, alias: '长度' },
      ...PROJECT_PROPERTIES.map((p) => (p.name === 'status' ? { ...p, default: 'completed' } : p)),
    ],
  },
  water: {
    name: 'water',
    geometry: ['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
    project: true,
    properties: [
      { name: 'code', type: 'code', required: true, alias: '代码' },
      { name: 'name', type: 'text', alias: '名称' },
      { name: 'kind', type: 'enum', required: true, values: WATER_KINDS, alias: '类型' },
      { name: 'capacityM3', type: 'number', min: 0, alias: '容量' },
      { name: 'capacityM3PerDay', type: 'number', min: 0, alias: '日供水量' },
      count('servesPopulation', '受益人口'),
      { name: 'serviceRadiusM', type: 'number', min: 0, max: 100000, alias: '服务半径' },
      ...PROJECT_PROPERTIES.map((p) => (p.name === 'status' ? { ...p, default: 'completed' } : p)),
    ],
  },
  facilities: {
    name: 'facilities',
    geometry: ['Point'],
    project: false,
    properties: [
      { name: 'code', type: 'code', required: true, alias: '代码' },
      { name: 'name', type: 'text', required: true, alias: '名称' },
      { name: 'kind', type: 'enum', required: true, values: FACILITY_KINDS, alias: '类型' },
      { name: 'townshipCode', type: 'code', alias: '乡镇代码', references: 'regions' },
    ],
  },
  hazards: {
    name: 'hazards',
    geometry: ['Polygon', 'MultiPolygon'],
    project: false,
    properties: [
      { name: 'code', type: 'code', required: true, alias: '代码' },
      { name: 'name', type: 'text', alias: '名称' },
      { name: 'kind', type: 'enum', required: true, values: HAZARD_KINDS, alias: '类型' },
      { name: 'level', type: 'enum', values: HAZARD_LEVELS, alias: '等级' },
    ],
  },
}

export function isLayerName(value: string): value is LayerName {
  return (LAYERS as readonly string[]).includes(value)
}

/** Statistical division code lengths by region level. */
export const CODE_LENGTH = { province: 2, prefecture: 4, county: 6, township: 9, village: 12 } as const
