import type { Feature, FeatureCollection, Geometry } from 'geojson'

// A small second county, 黔北示范县 (illustrative code 520999, Guizhou: a western province), to import
// beside the sample county. Coordinates are around 107.0°E 27.5°N, far from Quannan.

export const FIXTURE_COUNTY = '520999'
export const FIXTURE_TOWNSHIP = '520999100'

export const square = (lon: number, lat: number, d: number): Geometry => ({
  type: 'Polygon',
  coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
})

export const feature = (properties: Record<string, unknown>, geometry: Geometry | null): Feature =>
  ({ type: 'Feature', properties, geometry }) as Feature

export const collection = (...features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })

export const fixtureRegions = () => collection(
  feature({ code: FIXTURE_COUNTY, name: '黔北示范县', level: 'county' }, square(107.0, 27.5, 0.2)),
  feature({ code: FIXTURE_TOWNSHIP, name: '示范镇', level: 'township', parentCode: FIXTURE_COUNTY }, square(107.0, 27.5, 0.1)),
)

export const village = (suffix: string, overrides: Record<string, unknown> = {}, coordinates = [107.01, 27.51]) =>
  feature({
    code: `${FIXTURE_TOWNSHIP}${suffix}`, name: `示范${suffix}村`, townshipCode: FIXTURE_TOWNSHIP,
    households: 300, population: 1100, poorHouseholds: 30, poorPopulation: 95, isPoorVillage: true,
    ...overrides,
  }, { type: 'Point', coordinates })

export const fixtureVillages = () => collection(village('201'), village('202', {}, [107.03, 27.49]))
