// The suitability score of a candidate site (core/siting/score.ts), computed by hand.
import { describe, expect, it } from 'vitest'
import { settingDefault } from '../../core/settings/catalogue'
import { resolveWeights } from '../../core/siting/factors'
import { closeness, suitabilityScore, weightTotal } from '../../core/siting/score'

describe('closeness', () => {
  it('is 1 at the site and falls linearly to 0 at the limit', () => {
    expect(closeness(0, 1000)).toBe(1)
    expect(closeness(250, 1000)).toBe(0.75)
    expect(closeness(1000, 1000)).toBe(0)
    expect(closeness(1200, 1000)).toBe(0)
  })
  it('is 0 without a feature, and with a limit of 0 only a feature at the site counts', () => {
    expect(closeness(null, 1000)).toBe(0)
    expect(closeness(0, 0)).toBe(1)
    expect(closeness(5, 0)).toBe(0)
  })
})

describe('suitability score', () => {
  const limitsM = { road: 1000, water: 1000, school: 5000, clinic: 5000, townshipSeat: 10_000 }
  const distancesM = { road: 500, water: 0, school: 2500, clinic: 4000, townshipSeat: null }
  const weights = resolveWeights(undefined, settingDefault)

  it('weights each factor’s closeness: 0.2×0.5 + 0.15×1 + 0.15×0.5 + 0.15×0.2 + 0.15×0 + 0.2×1 = 0.555', () => {
    const score = suitabilityScore({ distancesM, limitsM, clearOfHazards: true, weights })
    expect(score.value).toBe(55.5)
    expect(score.weights).toEqual(weights)
    expect(score.components.map((c) => [c.factor, c.weight])).toEqual([
      ['road', 0.2], ['water', 0.15], ['school', 0.15], ['clinic', 0.15], ['townshipSeat', 0.15], ['hazard', 0.2],
    ])
    for (const [i, value] of [0.5, 1, 0.5, 0.2, 0, 1].entries()) expect(score.components[i].value).toBeCloseTo(value, 12)
  })

  it('loses the hazard weight when a zone lies within the buffer', () => {
    expect(suitabilityScore({ distancesM, limitsM, clearOfHazards: false, weights }).value).toBe(35.5)
  })

  it('divides by the sum of the weights, whatever their scale', () => {
    const doubled = Object.fromEntries(Object.entries(weights).map(([f, w]) => [f, w * 2])) as typeof weights
    expect(weightTotal(doubled)).toBeCloseTo(2, 12)
    expect(suitabilityScore({ distancesM, limitsM, clearOfHazards: true, weights: doubled }).value).toBe(55.5)
    const clinicOnly = { road: 0, water: 0, school: 0, clinic: 1, townshipSeat: 0, hazard: 0 }
    expect(suitabilityScore({ distancesM: { ...distancesM, clinic: 0 }, limitsM, clearOfHazards: false, weights: clinicOnly }).value).toBe(100)
  })

  it('scores nothing when every weight is 0', () => {
    const none = { road: 0, water: 0, school: 0, clinic: 0, townshipSeat: 0, hazard: 0 }
    expect(suitabilityScore({ distancesM, limitsM, clearOfHazards: true, weights: none }).value).toBe(0)
  })
})
