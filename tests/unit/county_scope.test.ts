import { describe, expect, it } from 'vitest'
import { mayOpenCounty, mayRollUp } from '../../web/domain/county_scope'

describe('mayOpenCounty', () => {
  it('lets an account of the whole instance open any county', () => {
    expect(mayOpenCounty('', '360729')).toBe(true)
    expect(mayOpenCounty('', '520999')).toBe(true)
  })
  it('keeps a province account to its province and a county account to its county', () => {
    expect(mayOpenCounty('36', '360729')).toBe(true)
    expect(mayOpenCounty('36', '520999')).toBe(false)
    expect(mayOpenCounty('360729', '360729')).toBe(true)
    expect(mayOpenCounty('360729', '360730')).toBe(false)
  })
  it('never takes a township account out of its township, not even into its own county', () => {
    expect(mayOpenCounty('360729100', '360729')).toBe(false)
  })
  it('opens counties only, never a province or a township', () => {
    expect(mayOpenCounty('', '36')).toBe(false)
    expect(mayOpenCounty('', '360729100')).toBe(false)
  })
})

describe('mayRollUp', () => {
  it('offers a province to accounts of the whole instance or of that province, the whole instance to the first only', () => {
    expect(mayRollUp('', 'instance')).toBe(true)
    expect(mayRollUp('', 'province')).toBe(true)
    expect(mayRollUp('36', 'province')).toBe(true)
    expect(mayRollUp('36', 'instance')).toBe(false)
  })
  it('keeps county and township accounts in the county', () => {
    expect(mayRollUp('360729', 'county')).toBe(true)
    expect(mayRollUp('360729', 'province')).toBe(false)
    expect(mayRollUp('360729100', 'province')).toBe(false)
    expect(mayRollUp('360729100', 'instance')).toBe(false)
  })
})
