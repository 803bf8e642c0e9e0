import { describe, expect, it } from 'vitest'
import { scenarioChanges } from '../../web/workspaces/data/scenario_changes.ts'

// What the Audit tab says of a scenario's audit row (the content api/scenarios/write.ts keeps).

const site = (key: string, more: Record<string, unknown> = {}) => ({
  key, name: `${key} 安置点`, siteCode: null, geometry: { type: 'Point', coordinates: [114.5, 24.7] }, radiusM: 5000,
  capacityHouseholds: 100, capacityPopulation: 400, floorAreaM2: null, ...more,
})
const assignment = (villageCode: string, siteKey: string, households = 10) =>
  ({ villageCode, siteKey, households, persons: households * 4, poorHouseholds: 2 })
const scenario = (more: Record<string, unknown> = {}) => ({
  name: '方案一', description: null, countyCode: '360729',
  sites: [site('A'), site('B')],
  assignments: [assignment('360729100201', 'A'), assignment('360729100202', 'A'), assignment('360729100203', 'B')],
  ...more,
})

describe('scenarioChanges', () => {
  it('counts a new scenario’s sites and assignments and names its sites', () => {
    expect(scenarioChanges(null, scenario())).toEqual([
      { kind: 'field', field: 'name', before: null, after: '方案一' },
      { kind: 'field', field: 'countyCode', before: null, after: '360729' },
      {
        kind: 'list', field: 'sites', before: null, after: 2, removed: [], changed: [],
        added: [{ key: 'A', siteKey: null, name: 'A 安置点' }, { key: 'B', siteKey: null, name: 'B 安置点' }],
      },
      expect.objectContaining({ kind: 'list', field: 'assignments', before: null, after: 3 }),
    ])
  })

  it('counts a deleted scenario’s lists on the side that was', () => {
    const changes = scenarioChanges(scenario(), null)
    expect(changes.find((c) => c.field === 'sites')).toMatchObject({ before: 2, after: null, added: [] })
    expect(changes.find((c) => c.field === 'assignments')).toMatchObject({ before: 3, after: null })
  })

  it('says of an update only what differs: a renamed scenario, a site added, one changed, an assignment moved', () => {
    const before = scenario()
    const after = scenario({
      name: '方案一(修订)',
      sites: [site('A', { capacityPopulation: 500, radiusM: 6000 }), site('B'), site('C')],
      assignments: [assignment('360729100201', 'A'), assignment('360729100202', 'C'), assignment('360729100203', 'B', 12)],
    })
    expect(scenarioChanges(before, after)).toEqual([
      { kind: 'field', field: 'name', before: '方案一', after: '方案一(修订)' },
      {
        kind: 'list', field: 'sites', before: 2, after: 3, removed: [],
        added: [{ key: 'C', siteKey: null, name: 'C 安置点' }],
        changed: [{ key: 'A', siteKey: null, name: 'A 安置点', fields: ['radiusM', 'capacityPopulation'] }],
      },
      {
        kind: 'list', field: 'assignments', before: 3, after: 3,
        added: [{ key: '360729100202', siteKey: 'C', name: null }],
        removed: [{ key: '360729100202', siteKey: 'A', name: null }],
        changed: [{ key: '360729100203', siteKey: 'B', name: null, fields: ['households', 'persons'] }],
      },
    ])
  })

  it('finds nothing in a save that changed nothing, and leaves its input alone', () => {
    const before = scenario()
    const copy = JSON.parse(JSON.stringify(before))
    expect(scenarioChanges(before, scenario())).toEqual([])
    expect(before).toEqual(copy)
  })
})
