import { describe, expect, it } from 'vitest'
import { mayOpenCounty } from '../../web/domain/county_scope'

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
