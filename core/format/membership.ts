import type { LayerName } from './layers.ts'

// Region membership and write scope (GEODATA_FORMAT.md). A feature belongs to the region given by
// the first of: its townshipCode; else the division code its code begins with (its leading 12, 9 or
// 6 digits); else wherever its geometry lies. A code whose division digits name another county or
// township than its townshipCode is an error. An account limited to a region writes a feature only
// when it belongs there (before and after the change); one that belongs by geometry must lie wholly
// inside; a region is inside when its code starts with the account's. The SQL twin of `membershipOf`
// is inRegion() in api/layers/store.ts.

const DIVISION = /^(\d{12}|\d{9}|\d{6})/

/** The statistical division a code begins with (12, 9 or 6 digits), or null. */
export function divisionOf(code: string): string | null {
  return DIVISION.exec(code)?.[1] ?? null
}

/** Whether a code's division and a township code name different places (one must contain the other). */
export function contradictsTownship(code: string, townshipCode: string): boolean {
  const division = divisionOf(code)
  return division !== null && !(townshipCode.startsWith(division) || division.startsWith(townshipCode))
}

export type Membership =
  | { by: 'code'; region: string }
  | { by: 'township'; region: string }
  | { by: 'geometry' }

/** What decides which region a feature belongs to. */
export function membershipOf(layer: LayerName, properties: { code: string; townshipCode?: unknown }): Membership {
  if (layer === 'regions') return { by: 'code', region: properties.code }
  if (typeof properties.townshipCode === 'string' && properties.townshipCode !== '') return { by: 'township', region: properties.townshipCode }
  const division = divisionOf(properties.code)
  return division ? { by: 'code', region: division } : { by: 'geometry' }
}

/** Whether a region code lies inside a scope ('' is the whole instance). */
export const insideScope = (region: string, scope: string) => region.startsWith(scope)
