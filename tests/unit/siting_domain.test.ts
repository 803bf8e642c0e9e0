import { describe, expect, it } from 'vitest'
import { capacityUse } from '../../core/siting/capacity'
import { loadBySite } from '../../core/siting/load'
import { overAssignedVillages } from '../../core/siting/over_assigned'
import { subsidyCny } from '../../core/siting/subsidy'
import { bestOf, lineToFeature, nextCandidateKey, parseMetres, ringPreview } from '../../web/workspaces/siting/preview'

describe('bestOf', () => {
  it('marks the highest value when more is better', () => {
    expect(bestOf([3, 7, 5], 'max')).toEqual([false, true, false])
  })
  it('marks the lowest value when less is better', () => {
    expect(bestOf([300, 120, 900], 'min')).toEqual([false, true, false])
  })
  it('marks every tie', () => {
    expect(bestOf([2, 5, 5], 'max')).toEqual([false, true, true])
  })
  it('never marks unknown values, and marks nothing with fewer than two known', () => {
    expect(bestOf([null, 4, undefined, 9], 'min')).toEqual([false, true, false, false])
    expect(bestOf([null, 4], 'max')).toEqual([false, false])
  })
  it('marks nothing when all values are equal', () => {
    expect(bestOf([1, 1, 1], 'max')).toEqual([false, false, false])
  })
  it('does not mutate its input', () => {
    const values = [3, 1, 2]
    bestOf(values, 'min')
    expect(values).toEqual([3, 1, 2])
  })
})

describe('candidate keys', () => {
  it('takes the first free key of C1…C5', () => {
    expect(nextCandidateKey([])).toBe('C1')
    expect(nextCandidateKey(['C1', 'C3'])).toBe('C2')
    expect(nextCandidateKey(['C1', 'C2', 'C3', 'C4', 'C5'])).toBeNull()
  })
})

describe('capacity and assignments', () => {
  it('measures use by persons first and flags either unit over capacity', () => {
    expect(capacityUse({ households: 10, persons: 40 }, { households: 20, population: 80 })).toEqual({ pct: 50, over: false })
    expect(capacityUse({ households: 30, persons: 40 }, { households: 20, population: 80 })).toEqual({ pct: 50, over: true })
    expect(capacityUse({ households: 30, persons: 40 }, { households: null, population: null })).toEqual({ pct: null, over: null })
  })
  it('adds the load of each site and flags villages assigned beyond their relocating households', () => {
    const rows = [
      { villageCode: 'A', siteKey: 'C1', households: 10, persons: 30 },
      { villageCode: 'A', siteKey: 'C2', households: 5, persons: 15 },
      { villageCode: 'B', siteKey: 'C1', households: 2, persons: 6 },
    ]
    expect(loadBySite(rows).get('C1')).toEqual({ households: 12, persons: 36 })
    const villages = new Map([['A', { code: 'A', relocationHouseholds: 12 }], ['B', { code: 'B', relocationHouseholds: 2 }]])
    expect(overAssignedVillages(rows, villages)).toEqual(['A'])
  })
  it('budgets poor households at their own rate', () => {
    expect(subsidyCny(10, 4, { poor: 60_000, other: 40_000 })).toBe(4 * 60_000 + 6 * 40_000)
  })
})

describe('geometry previews', () => {
  it('draws a ring of the radius around the site', () => {
    const ring = ringPreview([114.36, 24.86], 5000)
    const [lon, lat] = ring.geometry.coordinates[0][0]
    const dy = (lat - 24.86) * 111_195
    const dx = (lon - 114.36) * 111_195 * Math.cos((24.86 * Math.PI) / 180)
    expect(Math.hypot(dx, dy)).toBeGreaterThan(4950)
    expect(Math.hypot(dx, dy)).toBeLessThan(5050)
  })
  it('draws a line to the closest point of a road', () => {
    const line = lineToFeature([0, 1], { type: 'LineString', coordinates: [[-1, 0], [1, 0]] })
    expect(line?.geometry.coordinates[1][0]).toBeCloseTo(0, 6)
    expect(line?.geometry.coordinates[1][1]).toBeCloseTo(0, 6)
  })
  it('reads metres as typed, leaving the range to the server', () => {
    expect(parseMetres('5,000')).toBe(5000)
    expect(parseMetres('0')).toBe(0)
    expect(parseMetres('abc')).toBeNull()
    expect(parseMetres(' ')).toBeNull()
  })
})
