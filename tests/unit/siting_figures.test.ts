// The relocation figures of core/siting on the sample county's own numbers (tests/api/scenarios.test.ts):
// 圳头村 relocates 132 households / 484 persons (42 registered poor), 小溪村 46 / 153 (15).
import { describe, expect, it } from 'vitest'
import { settingDefault } from '../../core/settings/catalogue'
import { capacityUse } from '../../core/siting/capacity'
import { relocationDemand } from '../../core/siting/demand'
import { floorAreaNeededM2 } from '../../core/siting/floor_area'
import { assignedLoad, loadBySite, loadByVillage } from '../../core/siting/load'
import { isOverAssigned, overAssignedVillages } from '../../core/siting/over_assigned'
import { relocationStandards } from '../../core/siting/standards'
import { subsidyCny, subsidyRates } from '../../core/siting/subsidy'

const ZHENTOU = { code: '360729101207', relocationHouseholds: 132, relocationPopulation: 484, relocationPoorHouseholds: 42 }
const XIAOXI = { code: '360729101208', relocationHouseholds: 46, relocationPopulation: 153, relocationPoorHouseholds: 15 }
const NOT_RELOCATING = { code: '360729101209', relocationHouseholds: null, relocationPopulation: null, relocationPoorHouseholds: null }

const ASSIGNED = [
  { villageCode: ZHENTOU.code, siteKey: 'C1', households: 132, persons: 484, poorHouseholds: 42 },
  { villageCode: XIAOXI.code, siteKey: 'C1', households: 46, persons: 153, poorHouseholds: 15 },
  { villageCode: XIAOXI.code, siteKey: 'E1', households: 10, persons: 33, poorHouseholds: 3 },
]

describe('relocation demand', () => {
  it('adds the relocating households, persons and poor households of the villages; a village without figures adds nothing', () => {
    expect(relocationDemand([ZHENTOU, XIAOXI, NOT_RELOCATING])).toEqual({ households: 178, population: 637, poorHouseholds: 57 })
    expect(relocationDemand([])).toEqual({ households: 0, population: 0, poorHouseholds: 0 })
  })
})

describe('relocation standards', () => {
  it('come from the settings: 25 m² a person, 60,000 and 40,000 yuan a household by default', () => {
    expect(relocationStandards(settingDefault)).toEqual({ floorAreaPerPersonM2: 25, subsidyPoorHouseholdCny: 60_000, subsidyOtherHouseholdCny: 40_000 })
  })
  it('follow a county’s own values', () => {
    const county = relocationStandards((key) => (key === 'relocation.floorAreaPerPersonM2' ? 20 : settingDefault(key)))
    expect(county.floorAreaPerPersonM2).toBe(20)
    expect(floorAreaNeededM2(637, county)).toBe(12_740)
  })
})

describe('floor area', () => {
  it('is the persons times the per-person standard', () => {
    expect(floorAreaNeededM2(637, { floorAreaPerPersonM2: 25 })).toBe(15_925)
    expect(floorAreaNeededM2(0, { floorAreaPerPersonM2: 25 })).toBe(0)
  })
})

describe('relocation subsidy', () => {
  const rates = subsidyRates(relocationStandards(settingDefault))
  it('pays the poor rate for registered poor households and the other rate for the rest', () => {
    // 57 × 60,000 + 121 × 40,000
    expect(subsidyCny(178, 57, rates)).toBe(8_260_000)
  })
  it('never counts fewer than no other households (the server and the browser used to differ here)', () => {
    expect(subsidyCny(10, 12, rates)).toBe(720_000)
  })
})

describe('load and capacity', () => {
  it('sums what is assigned to each site, and to each village over all sites', () => {
    expect(assignedLoad(ASSIGNED.filter((a) => a.siteKey === 'C1'))).toEqual({ households: 178, persons: 637, poorHouseholds: 57 })
    expect(loadBySite(ASSIGNED).get('E1')).toEqual({ households: 10, persons: 33 })
    expect(loadByVillage(ASSIGNED).get(XIAOXI.code)).toEqual({ households: 56, persons: 186 })
  })
  it('measures use in persons where a capacity in persons is given, else in households', () => {
    // 637 of 500 persons; 178 of 150 households
    expect(capacityUse({ households: 178, persons: 637 }, { households: 150, population: 500 })).toEqual({ pct: 127.4, over: true })
    expect(capacityUse({ households: 10, persons: 33 }, { households: 40, population: null })).toEqual({ pct: 25, over: false })
    expect(capacityUse({ households: 10, persons: 33 }, { households: null, population: null })).toEqual({ pct: null, over: null })
  })
  it('is over capacity as soon as one unit is, at the capacity is not', () => {
    expect(capacityUse({ households: 151, persons: 400 }, { households: 150, population: 500 }).over).toBe(true)
    expect(capacityUse({ households: 150, persons: 500 }, { households: 150, population: 500 })).toEqual({ pct: 100, over: false })
  })
  it('does not mutate the assignments', () => {
    const copy = structuredClone(ASSIGNED)
    assignedLoad(ASSIGNED)
    loadByVillage(ASSIGNED)
    expect(ASSIGNED).toEqual(copy)
  })
})

describe('over-assigned villages', () => {
  it('are those with more households assigned over all sites than relocate', () => {
    expect(isOverAssigned(56, 46)).toBe(true)
    expect(isOverAssigned(46, 46)).toBe(false)
    expect(isOverAssigned(1, null)).toBe(true)
    const villages = new Map([ZHENTOU, XIAOXI].map((v) => [v.code, v]))
    expect(overAssignedVillages(ASSIGNED, villages)).toEqual([XIAOXI.code])
  })
})
