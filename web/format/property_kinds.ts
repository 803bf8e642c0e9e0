// How each exchange-format property is shown: which unit, which formatting rule.
import { LAYER_SPECS, type LayerName, type PropertySpec } from '../../core/format/layers'

export type ValueKind =
  | 'households' | 'persons' | 'length' | 'money' | 'percent' | 'area' | 'elevation'
  | 'volume' | 'volumePerDay' | 'year' | 'boolean' | 'date' | 'enum' | 'reference' | 'number' | 'text'

const BY_NAME: Record<string, ValueKind> = {
  households: 'households',
  poorHouseholds: 'households',
  relocationHouseholds: 'households',
  relocationPoorHouseholds: 'households',
  capacityHouseholds: 'households',
  population: 'persons',
  poorPopulation: 'persons',
  relocationPopulation: 'persons',
  capacityPopulation: 'persons',
  servesPopulation: 'persons',
  lengthM: 'length',
  serviceRadiusM: 'length',
  budgetCny: 'money',
  spentCny: 'money',
  fundingState: 'money',
  fundingSector: 'money',
  fundingSelf: 'money',
  fundingOther: 'money',
  progressPct: 'percent',
  floorAreaM2: 'area',
  elevationM: 'elevation',
  capacityM3: 'volume',
  capacityM3PerDay: 'volumePerDay',
}

export function valueKind(spec: PropertySpec): ValueKind {
  const byName = BY_NAME[spec.name]
  if (byName) return byName
  switch (spec.type) {
    case 'year': return 'year'
    case 'boolean': return 'boolean'
    case 'date': return 'date'
    case 'enum': return 'enum'
    case 'code': return spec.references ? 'reference' : 'text'
    case 'int':
    case 'number': return 'number'
    default: return 'text'
  }
}

export function propertySpec(layer: LayerName, name: string): PropertySpec | undefined {
  return LAYER_SPECS[layer].properties.find((p) => p.name === name)
}

/** Sections of a feature card, in reading order. Properties not named here go to "general". */
export interface CardSection {
  id: 'general' | 'poverty' | 'services' | 'relocation' | 'capacity' | 'project' | 'funding'
  properties: readonly string[]
}

const PROJECT_SECTION: CardSection = {
  id: 'project',
  properties: ['status', 'progressPct', 'plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'contractor'],
}
const FUNDING_SECTION: CardSection = {
  id: 'funding',
  properties: ['budgetCny', 'spentCny', 'fundingState', 'fundingSector', 'fundingSelf', 'fundingOther'],
}

const SECTIONS: Partial<Record<LayerName, readonly CardSection[]>> = {
  villages: [
    { id: 'general', properties: ['townshipCode', 'households', 'population', 'elevationM'] },
    { id: 'poverty', properties: ['isPoorVillage', 'poorHouseholds', 'poorPopulation', 'plannedExitYear', 'exitYear'] },
    { id: 'services', properties: ['hasElectricity', 'hasBroadband', 'hasClinic', 'hasCulturalRoom'] },
    {
      id: 'relocation',
      properties: ['relocation', 'relocationHouseholds', 'relocationPopulation', 'relocationPoorHouseholds', 'relocationSiteCode'],
    },
  ],
  sites: [
    { id: 'general', properties: ['townshipCode', 'kind', 'decision', 'landStatus'] },
    { id: 'capacity', properties: ['capacityHouseholds', 'capacityPopulation', 'floorAreaM2'] },
    PROJECT_SECTION,
    FUNDING_SECTION,
  ],
  roads: [
    { id: 'general', properties: ['roadClass', 'surface', 'lengthM', 'townshipCode'] },
    PROJECT_SECTION,
    FUNDING_SECTION,
  ],
  water: [
    { id: 'general', properties: ['kind', 'capacityM3', 'capacityM3PerDay', 'servesPopulation', 'serviceRadiusM', 'townshipCode'] },
    PROJECT_SECTION,
    FUNDING_SECTION,
  ],
}

/** Properties never listed as rows: they are the card's title. */
export const TITLE_PROPERTIES = ['code', 'name'] as const

export function cardSections(layer: LayerName): readonly CardSection[] {
  const named = SECTIONS[layer]
  const all = LAYER_SPECS[layer].properties.map((p) => p.name)
    .filter((n) => !(TITLE_PROPERTIES as readonly string[]).includes(n))
  if (!named) return [{ id: 'general', properties: all }]
  const listed = new Set(named.flatMap((s) => s.properties))
  const rest = all.filter((n) => !listed.has(n))
  if (rest.length === 0) return named
  return named.map((s) => (s.id === 'general' ? { ...s, properties: [...s.properties, ...rest] } : s))
}

/** The few figures shown in the popup and at the top of the card. */
export const KEY_FIGURES: Record<LayerName, readonly string[]> = {
  regions: ['level', 'exitYear', 'plannedExitYear'],
  villages: ['households', 'population', 'poorPopulation'],
  sites: ['status', 'capacityHouseholds', 'capacityPopulation', 'progressPct'],
  roads: ['roadClass', 'surface', 'lengthM', 'status'],
  water: ['kind', 'status', 'capacityM3', 'capacityM3PerDay'],
  facilities: ['kind'],
  hazards: ['kind', 'level'],
}
