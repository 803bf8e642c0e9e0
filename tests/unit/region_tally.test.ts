import { describe, expect, it } from 'vitest'
import type { LayerFeature } from '../../core/contract/layers.ts'
import { tallyByRegion } from '../../web/workspaces/map/region_tally.ts'

// A township's figures from the loaded layers: membership as core/format/membership.ts says it.

const square = (x: number, y: number): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] })
const region = (code: string, x: number): LayerFeature => ({ type: 'Feature', geometry: square(x, 0), properties: { code, level: 'township' } })
const point = (x: number, y: number): GeoJSON.Point => ({ type: 'Point', coordinates: [x, y] })
const village = (code: string, props: Record<string, unknown>, geometry: GeoJSON.Geometry | null = point(0.5, 0.5)): LayerFeature =>
  ({ type: 'Feature', geometry, properties: { code, population: 100, households: 25, ...props } })

describe('tallyByRegion', () => {
  const east = region('360729100', 0)
  const west = region('360729101', 1)

  it('counts villages by townshipCode, then by the division of their code, then by where they lie', () => {
    const villages = [
      village('360729100201', { townshipCode: '360729100', isPoorVillage: true, exitYear: 2018 }),
      village('360729100202', { isPoorVillage: true, exitYear: null, population: 250, households: 60 }),
      // A code of no division: placed by its point, here in the second township.
      village('V-OUTSIDE-1', {}, point(1.5, 0.5)),
      // Outside both, and one without a place at all.
      village('V-NOWHERE', {}, point(5, 5)),
      village('V-NO-GEOMETRY', {}, null),
    ]
    const sites: LayerFeature[] = [
      { type: 'Feature', geometry: point(0.2, 0.2), properties: { code: 'S-1', townshipCode: '360729100' } },
      { type: 'Feature', geometry: square(1.2, 0.2), properties: { code: 'S-2' } },
    ]
    const tallies = tallyByRegion([east, west], villages, sites)
    expect(tallies.get('360729100')).toEqual({ villages: 2, poor: 2, exited: 1, population: 350, households: 85, sites: 1 })
    expect(tallies.get('360729101')).toEqual({ villages: 1, poor: 0, exited: 0, population: 100, households: 25, sites: 1 })
  })

  it('counts a county as the region of every village whose code it begins', () => {
    const county: LayerFeature = { type: 'Feature', geometry: square(0, 0), properties: { code: '360729', level: 'county' } }
    const villages = [village('360729100201', {}), village('360729101201', { townshipCode: '360729101' }), village('360730100201', {})]
    expect(tallyByRegion([county], villages).get('360729')?.villages).toBe(2)
  })

  it('leaves its input alone', () => {
    const villages = [village('360729100201', { townshipCode: '360729100' })]
    const copy = JSON.parse(JSON.stringify(villages))
    tallyByRegion([east], villages)
    expect(villages).toEqual(copy)
  })
})
