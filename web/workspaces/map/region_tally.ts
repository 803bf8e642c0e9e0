// Villages, population, poverty and sites counted by region (a township, or the county), from the
// layers already loaded: a region's card and the county print view's table by township. Pure: no
// Vue or map code. A feature belongs to a region as core/format/membership.ts says (its
// townshipCode, else the division its code begins with, else where its point lies).
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf'
import { membershipOf } from '../../../core/format/membership'
import type { LayerFeature } from '../../http/types'
import { villagePovertyState } from '../../domain/village'

export interface RegionTally {
  villages: number
  /** Registered poor villages, exited or not. */
  poor: number
  /** Poor villages with an exit year. */
  exited: number
  population: number
  households: number
  sites: number
}

export const emptyTally = (): RegionTally => ({ villages: 0, poor: 0, exited: 0, population: 0, households: 0, sites: 0 })

type Area = GeoJSON.Polygon | GeoJSON.MultiPolygon
const isArea = (g: GeoJSON.Geometry | null): g is Area => g?.type === 'Polygon' || g?.type === 'MultiPolygon'

/** The region (of those given, which do not overlap) a village or site belongs to, or null. */
function regionOf(feature: LayerFeature, layer: 'villages' | 'sites', regions: readonly LayerFeature[]): string | null {
  const membership = membershipOf(layer, { code: String(feature.properties.code), townshipCode: feature.properties.townshipCode })
  if (membership.by !== 'geometry') {
    return regions.find((t) => membership.region.startsWith(String(t.properties.code)))?.properties.code ?? null
  }
  const g = feature.geometry
  if (!g) return null
  const at = g.type === 'Point' ? g.coordinates : pointOnFeature(g).geometry.coordinates
  return regions.find((t) => isArea(t.geometry) && booleanPointInPolygon(at, t.geometry))?.properties.code ?? null
}

const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0)

/** A tally for each region given (by code), of the villages and sites given. */
export function tallyByRegion(
  regions: readonly LayerFeature[], villages: readonly LayerFeature[], sites: readonly LayerFeature[] = [],
): Map<string, RegionTally> {
  const out = new Map(regions.map((t) => [String(t.properties.code), emptyTally()]))
  for (const v of villages) {
    const tally = out.get(regionOf(v, 'villages', regions) ?? '')
    if (!tally) continue
    const state = villagePovertyState(v.properties)
    tally.villages += 1
    if (state !== 'not_poor') tally.poor += 1
    if (state === 'exited') tally.exited += 1
    tally.population += number(v.properties.population)
    tally.households += number(v.properties.households)
  }
  for (const s of sites) {
    const tally = out.get(regionOf(s, 'sites', regions) ?? '')
    if (tally) tally.sites += 1
  }
  return out
}

/** A county as a region to tally by code, when its outline is not loaded. */
export const countyFeature = (code: string): LayerFeature =>
  ({ type: 'Feature', geometry: null, properties: { code, level: 'county' } }) as unknown as LayerFeature
