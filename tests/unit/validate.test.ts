import { describe, expect, it } from 'vitest'
import { checkImportFile } from '../../api/layers/validate.ts'
import { checkCoordinates } from '../../core/format/coordinates.ts'

const village = (properties: Record<string, unknown>, coordinates: unknown = [114.5, 24.75]) => ({
  type: 'Feature',
  properties: { code: '360729100201', name: '田心村', townshipCode: '360729100', households: 500, population: 1900, ...properties },
  geometry: { type: 'Point', coordinates },
})
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features })

describe('checkImportFile', () => {
  it('types known properties and keeps unknown ones apart', () => {
    const result = checkImportFile('villages', fc(village({ 村主任: '某某', population: 1900, isPoorVillage: true })))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rows[0].properties).toMatchObject({ code: '360729100201', population: 1900, isPoorVillage: true })
    expect(result.rows[0].extra).toEqual({ 村主任: '某某' })
  })

  it('applies the format defaults (site decision, project status)', () => {
    const site = { type: 'Feature', properties: { code: 'S1', name: '安置点', townshipCode: '360729100' }, geometry: { type: 'Point', coordinates: [114.5, 24.7] } }
    const road = { type: 'Feature', properties: { code: 'R1', roadClass: 'county', surface: 'hardened' }, geometry: { type: 'LineString', coordinates: [[114.5, 24.7], [114.6, 24.7]] } }
    const s = checkImportFile('sites', fc(site))
    const r = checkImportFile('roads', fc(road))
    expect(s.ok && s.rows[0].properties).toMatchObject({ decision: 'selected', status: 'planned' })
    expect(r.ok && r.rows[0].properties).toMatchObject({ status: 'completed' })
  })

  it('treats null like a missing property', () => {
    const result = checkImportFile('villages', fc(village({ population: null })))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]).toMatchObject({ index: 0, property: 'population', reason: 'required', code: '360729100201' })
  })

  it('does not mutate its input', () => {
    const input = fc(village({ extra: 1 }))
    const copy = structuredClone(input)
    checkImportFile('villages', input)
    expect(input).toEqual(copy)
  })

  it('reports every bad row, not only the first', () => {
    const result = checkImportFile('villages', fc(village({ households: -1 }), village({ code: '360729100202', population: 'x' })))
    expect(!result.ok && result.errors.map((e) => [e.index, e.property])).toEqual([[0, 'households'], [1, 'population']])
  })
})

describe('checkCoordinates', () => {
  it('accepts a closed ring and a 3D position', () => {
    expect(checkCoordinates('Polygon', [[[0, 0], [1, 0], [1, 1], [0, 0]]])).toBeNull()
    expect(checkCoordinates('Point', [114.5, 24.7, 300])).toBeNull()
  })

  it('names swapped, out-of-range and malformed positions', () => {
    expect(checkCoordinates('Point', [24.75, 114.5])?.reason).toBe('coordinates_swapped')
    expect(checkCoordinates('Point', [200, 95])?.reason).toBe('coordinates_out_of_range')
    expect(checkCoordinates('Point', [1])?.reason).toBe('invalid_coordinates')
    expect(checkCoordinates('Point', [null, 1])?.reason).toBe('invalid_coordinates')
    expect(checkCoordinates('LineString', [114.5, 24.7])?.reason).toBe('invalid_coordinates')
    expect(checkCoordinates('LineString', [[114.5, 24.7]])?.reason).toBe('invalid_geometry')
    expect(checkCoordinates('Polygon', [[[0, 0], [1, 0], [0, 0]]])?.reason).toBe('invalid_geometry')
    expect(checkCoordinates('Polygon', [[[0, 0], [1, 0], [1, 1], [0, 1]]])?.reason).toBe('unclosed_ring')
  })
})
