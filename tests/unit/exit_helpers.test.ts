import { describe, expect, it } from 'vitest'
import type { ExitVillage, RegionRollup } from '../../web/workspaces/exit/dashboard'
import { yearInChina as chinaYear } from '../../core/time/china'
import {
  NO_DATA_COLOR, axisMax, axisTicks, choropleth, criterionKind, rampColors, sliderYears, stackStates, villagesBehind,
} from '../../web/workspaces/exit/dashboard'

const states = (s: Partial<RegionRollup['states']>): RegionRollup['states'] =>
  ({ not_poor: 0, exited: 0, ready: 0, behind: 0, in_progress: 0, ...s })

const group = (code: string, exitedShare: number | null, behind = 0, incidence: number | null = 0.01) =>
  ({ code, name: code, exitedShare, incidence, states: states({ behind }) }) as RegionRollup

const village = (code: string, state: ExitVillage['state'], plannedExitYear: number | null) =>
  ({ code, name: code, state, plannedExitYear, criteria: [], dataProblems: [] }) as unknown as ExitVillage

describe('exit helpers', () => {
  it('offers 2016 … the current year on the slider', () => {
    expect(sliderYears(2019)).toEqual([2016, 2017, 2018, 2019])
    expect(sliderYears(2010)).toEqual([2016])
    expect(chinaYear(new Date('2020-12-31T17:00:00Z'))).toBe(2021) // already 2021 in Beijing
  })

  it('colours townships by exited share in quarters, 100 % apart, no poor village as no data', () => {
    const c = choropleth([group('a', 0.1), group('b', 1), group('c', null), group('d', 0.5)], 'exitedShare')
    expect(c.breaks).toEqual([0.25, 0.5, 0.75, 1])
    expect(c.byCode.get('a')?.cls).toBe(0)
    expect(c.byCode.get('b')?.cls).toBe(4)
    expect(c.byCode.get('c')).toMatchObject({ cls: -1, color: NO_DATA_COLOR })
    expect(c.byCode.get('d')?.cls).toBe(2)
    expect(c.colors).toHaveLength(5)
  })

  it('classes villages behind plan with 0 on its own', () => {
    const c = choropleth([group('a', 1, 0), group('b', 0.5, 1), group('c', 0, 3)], 'behind')
    expect(c.byCode.get('a')?.cls).toBe(0)
    expect(c.byCode.get('b')?.cls).toBeGreaterThan(0)
    expect(c.byCode.get('c')!.cls).toBeGreaterThan(c.byCode.get('b')!.cls)
  })

  it('gives ramps of the asked length, light to dark', () => {
    expect(rampColors('incidence', 3)).toHaveLength(3)
    expect(rampColors('exitedShare', 1)).toHaveLength(1)
  })

  it('lists villages behind plan, longest overdue first', () => {
    const list = villagesBehind([village('3', 'behind', 2019), village('1', 'exited', 2017), village('2', 'behind', 2017)])
    expect(list.map((v) => v.code)).toEqual(['2', '3'])
  })

  it('stacks states skipping zeros', () => {
    expect(stackStates(states({ behind: 1, exited: 2, not_poor: 3 }))).toEqual([
      { state: 'behind', start: 0, count: 1 }, { state: 'exited', start: 1, count: 2 }, { state: 'not_poor', start: 3, count: 3 },
    ])
  })

  it('rounds chart axes up to nice numbers', () => {
    expect(axisMax(14)).toBe(20)
    expect(axisMax(0)).toBe(1)
    expect(axisMax(5)).toBe(5)
    expect(axisTicks(20)).toEqual([0, 5, 10, 15, 20])
  })

  it('reads criterion values by kind', () => {
    expect(criterionKind({ id: 'incidence', value: 0.01 })).toBe('ratio')
    expect(criterionKind({ id: 'road', value: 120 })).toBe('metres')
    expect(criterionKind({ id: 'broadband', value: true })).toBe('boolean')
  })
})
