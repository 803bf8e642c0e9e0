// dBase field names are at most 10 characters: the exchange format's camelCase names are mapped by
// this one table (README, "Shapefile field names"; every zip carries it as fields.csv), and any
// other property by a rule: letters, digits and _ only, cut to 10, numbered when two collide.

export const SHAPEFILE_FIELD_NAMES: Readonly<Record<string, string>> = {
  code: 'code',
  name: 'name',
  level: 'level',
  parentCode: 'parentCode',
  exitYear: 'exitYear',
  plannedExitYear: 'planExitYr',
  townshipCode: 'twpCode',
  households: 'households',
  population: 'population',
  poorHouseholds: 'poorHh',
  poorPopulation: 'poorPop',
  isPoorVillage: 'isPoorVil',
  elevationM: 'elevationM',
  hasElectricity: 'hasElec',
  hasBroadband: 'hasBroadbd',
  hasClinic: 'hasClinic',
  hasCulturalRoom: 'hasCultRm',
  relocation: 'relocation',
  relocationHouseholds: 'relocHh',
  relocationPopulation: 'relocPop',
  relocationPoorHouseholds: 'relocPoorH',
  relocationSiteCode: 'relocSite',
  kind: 'kind',
  decision: 'decision',
  capacityHouseholds: 'capHh',
  capacityPopulation: 'capPop',
  floorAreaM2: 'floorAreaM',
  landStatus: 'landStatus',
  roadClass: 'roadClass',
  surface: 'surface',
  lengthM: 'lengthM',
  capacityM3: 'capM3',
  capacityM3PerDay: 'capM3Day',
  servesPopulation: 'servesPop',
  serviceRadiusM: 'serviceRad',
  status: 'status',
  progressPct: 'progress',
  plannedStart: 'planStart',
  plannedEnd: 'planEnd',
  actualStart: 'actStart',
  actualEnd: 'actEnd',
  budgetCny: 'budgetCny',
  spentCny: 'spentCny',
  fundingState: 'fundState',
  fundingSector: 'fundSector',
  fundingSelf: 'fundSelf',
  fundingOther: 'fundOther',
  contractor: 'contractor',
}

const MAX = 10

/** The field name of each property, in the order given: unique (case-insensitively, as dBase reads them), 10 characters at most. */
export function shapefileFieldNames(properties: readonly string[]): Map<string, string> {
  const names = new Map<string, string>()
  const taken = new Set<string>()
  const claim = (property: string, name: string) => {
    names.set(property, name)
    taken.add(name.toLowerCase())
  }
  // The table's names first, so that an unknown property never takes one of them.
  for (const p of properties) if (SHAPEFILE_FIELD_NAMES[p]) claim(p, SHAPEFILE_FIELD_NAMES[p])
  for (const p of properties) {
    if (names.has(p)) continue
    const base = p.replace(/[^A-Za-z0-9_]/g, '').slice(0, MAX) || 'field'
    let candidate = base
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, MAX - String(n).length)}${n}`
    claim(p, candidate)
  }
  return names
}
