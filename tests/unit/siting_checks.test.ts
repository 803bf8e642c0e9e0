// A candidate site's checks and a scenario's warnings (core/siting): pass or fail, and what each says,
// as a catalogue code with its parameters and in English for scripts.
import { describe, expect, it } from 'vitest'
import { english } from '../../core/messages/english'
import { settingDefault } from '../../core/settings/catalogue'
import { capacityCheck, distanceCheck, hazardCheck } from '../../core/siting/checks'
import { LIMIT_SETTING, resolveLimits, resolveWeights, WEIGHT_SETTING } from '../../core/siting/factors'
import { roadGapReason, serviceGap, serviceGapMessage, siteGapMessage } from '../../core/siting/road_gap'
import { overAssignedWarning, overCapacityWarning, overFloorAreaWarning } from '../../core/siting/warnings'

describe('distance checks', () => {
  it('fail beyond the limit, naming the factor, the distance and the limit', () => {
    expect(distanceCheck('road', 3167.4, 1000)).toEqual({
      id: 'road', pass: false, valueM: 3167.4, limitM: 1000,
      reason: 'Nearest road at 3167 m; the limit is 1000 m.',
      msg: { code: 'siting.check_distance_fail', params: { factor: 'road', valueM: 3167.4, limitM: 1000 } },
    })
  })
  it('pass at the limit itself', () => {
    expect(distanceCheck('clinic', 5000, 5000)).toMatchObject({ pass: true, msg: { code: 'siting.check_distance_pass' } })
  })
  it('fail when there is no such feature at all', () => {
    expect(distanceCheck('townshipSeat', null, 10_000)).toMatchObject({
      pass: false, valueM: null, msg: { code: 'siting.check_distance_none', params: { factor: 'townshipSeat' } },
    })
  })
})

describe('distance checks by road', () => {
  it('fail for the candidate off the network, with its distance to the road and the limit, not as a missing service', () => {
    const gap = { kind: 'site_off_road', roadM: 3812, maxConnectorM: 1000 } as const
    expect(distanceCheck('clinic', null, 3000, gap)).toEqual({
      id: 'clinic', pass: false, valueM: null, limitM: 3000, gap,
      reason: 'Nearest clinic not reachable by road: the candidate is 3.8 km from the nearest built road, beyond the connector limit of 1.0 km.',
      msg: { code: 'siting.check_distance_off_road', params: { factor: 'clinic', roadM: 3812, maxConnectorM: 1000 } },
    })
  })
  it('say when the service lies off the roads, or on roads that do not connect', () => {
    expect(distanceCheck('water', null, 1000, { kind: 'service_off_road', maxConnectorM: 1000 }).msg)
      .toEqual({ code: 'siting.check_distance_service_off_road', params: { factor: 'water', maxConnectorM: 1000 } })
    expect(distanceCheck('school', null, 5000, { kind: 'not_connected' }).msg)
      .toEqual({ code: 'siting.check_distance_not_connected', params: { factor: 'school' } })
    expect(distanceCheck('school', null, 5000, { kind: 'no_road' }).msg).toEqual({ code: 'siting.check_distance_no_road', params: { factor: 'school' } })
  })
})

describe('road gaps', () => {
  it('blame the candidate first, then the service, then the connection', () => {
    const site = { kind: 'site_off_road', roadM: 2500, maxConnectorM: 1000 } as const
    expect(serviceGap(site, true, 1000)).toBe(site)
    expect(serviceGap(null, false, 1000)).toEqual({ kind: 'service_off_road', maxConnectorM: 1000 })
    expect(serviceGap(null, true, 1000)).toEqual({ kind: 'not_connected' })
    expect(roadGapReason(site)).toBe('no_road_nearby')
    expect(roadGapReason({ kind: 'not_connected' })).toBe('not_connected')
  })
  it('are said as network messages, the candidate’s with its distance and the limit', () => {
    const site = { kind: 'site_off_road', roadM: 3812, maxConnectorM: 1000 } as const
    expect(siteGapMessage(site)).toEqual({ code: 'network.site_off_road', params: { roadM: 3812, maxConnectorM: 1000 } })
    expect(english(siteGapMessage(site))).toBe('The candidate is 3.8 km from the nearest built road, beyond the connector limit of 1.0 km.')
    expect(serviceGapMessage(site, 'clinic')).toEqual(siteGapMessage(site))
    expect(serviceGapMessage({ kind: 'not_connected' }, 'clinic')).toEqual({ code: 'network.service_not_connected', params: { factor: 'clinic' } })
    expect(serviceGapMessage({ kind: 'service_off_road', maxConnectorM: 800 }, 'water'))
      .toEqual({ code: 'network.service_off_road', params: { factor: 'water', maxConnectorM: 800 } })
  })
})

describe('hazard check', () => {
  it('passes with no zone within the buffer', () => {
    expect(hazardCheck([], 200)).toEqual({
      id: 'hazard', pass: true, valueM: null, limitM: 200, reason: 'No hazard zone within 200 m.',
      msg: { code: 'siting.check_hazard_none', params: { bufferM: 200 } },
    })
  })
  it('fails with the zones it found, nearest first', () => {
    const check = hazardCheck([
      { code: 'HZ-01', name: '大吉山滑坡', distanceM: 0, intersects: true },
      { code: 'HZ-02', name: null, distanceM: 150.4, intersects: false },
    ], 200)
    expect(check).toMatchObject({ pass: false, valueM: 0, limitM: 200 })
    expect(check.msg).toEqual({ code: 'siting.check_hazard_found', params: { count: 2, bufferM: 200, zones: ['大吉山滑坡', 'HZ-02'] } })
    expect(check.reason).toBe('2 hazard zone(s) within 200 m: 大吉山滑坡 (overlaps the site), HZ-02 (150 m).')
  })
})

describe('capacity checks', () => {
  it('fail below the demand, by how much, in the unit of the check', () => {
    expect(capacityCheck('capacityHouseholds', 150, 178)).toMatchObject({
      pass: false, value: 150, demand: 178, msg: { code: 'siting.check_households_fail', params: { capacity: 150, demand: 178, over: 28 } },
    })
    expect(capacityCheck('capacityPopulation', 500, 637).msg).toEqual({ code: 'siting.check_persons_fail', params: { capacity: 500, demand: 637, over: 137 } })
  })
  it('pass at or above the demand', () => {
    expect(capacityCheck('floorArea', 15_925, 15_925)).toMatchObject({ pass: true, msg: { code: 'siting.check_floor_area_pass', params: { capacity: 15_925, demand: 15_925 } } })
  })
  it('judge nothing without a capacity', () => {
    expect(capacityCheck('capacityPopulation', null, 637)).toMatchObject({ pass: null, value: null, demand: 637, msg: { code: 'siting.check_persons_unknown', params: {} } })
  })
})

describe('scenario warnings', () => {
  const C1 = { key: 'C1', name: '大吉山新村安置点', capacityHouseholds: 150, capacityPopulation: 500, floorAreaM2: 12_000 }
  const load = { households: 178, persons: 637 }

  it('name a site over capacity with its load and capacities', () => {
    const w = overCapacityWarning(C1, load)!
    expect(w).toMatchObject({ code: 'over_capacity', subject: 'C1' })
    expect(w.msg).toEqual({ code: 'siting.over_capacity', params: { site: '大吉山新村安置点', households: 178, persons: 637, capacityHouseholds: 150, capacityPopulation: 500 } })
    expect(w.message).toBe('大吉山新村安置点: 178 households / 637 persons assigned, capacity 150 / 500.')
    expect(overCapacityWarning(C1, { households: 150, persons: 500 })).toBeNull()
  })

  it('name a site short of floor area: 637 persons × 25 m² = 15,925 m² against 12,000 m² planned', () => {
    const w = overFloorAreaWarning(C1, load, { floorAreaPerPersonM2: 25 })!
    expect(w.msg).toEqual({ code: 'siting.over_floor_area', params: { site: '大吉山新村安置点', neededM2: 15_925, perPersonM2: 25, plannedM2: 12_000 } })
    expect(w.message).toBe(english(w.msg))
    expect(overFloorAreaWarning({ ...C1, floorAreaM2: null }, load, { floorAreaPerPersonM2: 25 })).toBeNull()
    expect(overFloorAreaWarning({ ...C1, floorAreaM2: 15_925 }, load, { floorAreaPerPersonM2: 25 })).toBeNull()
  })

  it('name a village with more households assigned than relocate', () => {
    const w = overAssignedWarning({ code: '360729101208', name: '小溪村', relocationHouseholds: 46 }, 56)!
    expect(w).toMatchObject({ code: 'over_assigned', subject: '360729101208', message: '小溪村: 56 households assigned, 46 relocating.' })
    expect(w.msg.params).toEqual({ village: '小溪村', assigned: 56, relocating: 46 })
    expect(overAssignedWarning({ code: '360729101208', name: '小溪村', relocationHouseholds: 46 }, 46)).toBeNull()
  })
})

describe('limits and weights', () => {
  it('take the request’s own values, else the settings', () => {
    expect(resolveLimits({ clinicM: 100 }, settingDefault)).toEqual({
      roadM: 1000, waterM: 1000, schoolM: 5000, clinicM: 100, townshipSeatM: 10_000, hazardBufferM: 200,
    })
    expect(resolveWeights({ road: 0 }, settingDefault)).toEqual({ road: 0, water: 0.15, school: 0.15, clinic: 0.15, townshipSeat: 0.15, hazard: 0.2 })
  })
  it('name settings that exist', () => {
    for (const key of [...Object.values(LIMIT_SETTING), ...Object.values(WEIGHT_SETTING)]) expect(typeof settingDefault(key)).toBe('number')
  })
})
