// The township a project drawn on the map is filed under, on the sample county's own township
// polygons and real coordinates of its villages (geodata/quannan/).
import { readFileSync } from 'node:fs'
import * as turf from '@turf/turf'
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { SAMPLE_DIR } from '../../geodata/generate'
import { liesIn, placeInTownships, type Township } from '../../web/workspaces/buildout/township'

const regions = JSON.parse(readFileSync(`${SAMPLE_DIR}regions.geojson`, 'utf8')).features as Feature<Polygon | MultiPolygon, Record<string, string>>[]
const townships: Township[] = regions.filter((f) => f.properties.level === 'township')
  .map((f) => ({ code: f.properties.code, name: f.properties.name, geometry: f.geometry }))
const code = (name: string) => townships.find((t) => t.name === name)!.code

// Village seats of the sample county: 湖坑村, 大田村 (金龙镇); 大湾村, 布心村, 河背村 (龙下乡).
const HUKENG = [114.410163, 24.790155]
const DATIAN = [114.394501, 24.726113]
const DAWAN = [114.393235, 24.708618]
const BUXIN = [114.416512, 24.697571]
const HEBEI = [114.439634, 24.676118]
const line = (...coordinates: number[][]): LineString => ({ type: 'LineString', coordinates })

describe('the township of a drawn project', () => {
  it('files a road drawn from 金龙镇 into 龙下乡 under 金龙镇, where most of its length lies, never under 城厢镇', () => {
    const road = line(HUKENG, DATIAN, DAWAN, BUXIN)
    const placed = placeInTownships(road, townships)
    expect(placed.rule).toBe('length')
    expect(placed.township).toBe(code('金龙镇'))
    expect(placed.shares.map((s) => s.name)).toEqual(['金龙镇', '龙下乡'])
    expect(liesIn(placed, code('龙下乡'))).toBe(true)
    expect(liesIn(placed, code('城厢镇'))).toBe(false)
    // The shares add up to the road's length.
    const total = placed.shares.reduce((s, x) => s + x.amount, 0)
    expect(total).toBeCloseTo(turf.length(turf.feature(road), { units: 'meters' }), 6)
  })

  it('takes most of the length, not the first point: a road from 大田村 (金龙镇) down through 龙下乡 is 龙下乡’s', () => {
    const road = line(DATIAN, DAWAN, BUXIN, HEBEI)
    const placed = placeInTownships(road, townships)
    expect(placed.township).toBe(code('龙下乡'))
    // The part in 金龙镇 ends where the first segment crosses the boundary (turf's own intersection).
    const border = turf.polygonToLine(turf.feature(townships.find((t) => t.name === '金龙镇')!.geometry)) as Feature<LineString>
    const [crossing] = turf.lineIntersect(turf.feature(road), border).features
    const inJinlong = turf.distance(DATIAN, crossing.geometry.coordinates, { units: 'meters' })
    expect(placed.shares.find((s) => s.name === '金龙镇')!.amount).toBeCloseTo(inJinlong, -1) // within 5 m
  })

  it('gives a tie to the township of the first point', () => {
    // Two points, one in each township: one each.
    const placed = placeInTownships({ type: 'MultiPoint', coordinates: [BUXIN, HUKENG] }, townships)
    expect(placed.shares.map((s) => s.amount)).toEqual([1, 1])
    expect(placed.township).toBe(code('龙下乡'))
  })

  it('places a point in the township it lies in, and nothing outside the county', () => {
    expect(placeInTownships({ type: 'Point', coordinates: [114.478, 24.618] }, townships)).toEqual({
      rule: 'point', shares: [{ code: code('南迳镇'), name: '南迳镇', amount: 1 }], township: code('南迳镇'),
    })
    const outside = placeInTownships(line([114.0, 24.6], [114.05, 24.62]), townships)
    expect(outside).toEqual({ rule: 'length', shares: [], township: null })
  })

  it('files a site outline across a boundary under the township holding most of its area', () => {
    // 400 m around a point 900 m south of 大田村: mostly in 龙下乡, partly in 金龙镇.
    const outline = turf.circle([114.394, 24.716], 0.4, { units: 'kilometers', steps: 16 }).geometry
    const placed = placeInTownships(outline, townships)
    expect(placed.rule).toBe('area')
    expect(placed.shares.map((s) => s.name)).toEqual(['龙下乡', '金龙镇'])
    expect(placed.shares.reduce((s, x) => s + x.amount, 0)).toBeCloseTo(turf.area(outline), -2)
    expect(placed.shares[0].amount).toBeGreaterThan(placed.shares[1].amount)
  })

  it('places the sample’s own sites in their townships', () => {
    const sites = JSON.parse(readFileSync(`${SAMPLE_DIR}sites.geojson`, 'utf8')).features as Feature<Polygon, Record<string, string>>[]
    for (const site of sites) expect(placeInTownships(site.geometry, townships).township, site.properties.name).toBe(site.properties.townshipCode)
  })

  it('does not change the geometry or the townships it is given', () => {
    const road = line(HUKENG, DATIAN, DAWAN)
    const before = JSON.stringify([road, townships])
    placeInTownships(road, townships)
    expect(JSON.stringify([road, townships])).toBe(before)
  })
})
