// A relocation scenario's workbook sheets: load, distances (and why a road distance is missing), totals, warnings.
import { describe, expect, it } from 'vitest'
import { scenarioSheets, type SitingExportText } from '../../web/workspaces/siting/export'
import type { ScenarioDetail } from '../../core/contract/scenarios'

const detail = {
  id: 7, name: '方案一', version: 3,
  standards: { floorAreaPerPersonM2: 25, subsidyPoorHouseholdCny: 60_000, subsidyOtherHouseholdCny: 40_000 },
  sites: [{
    key: 'C1', name: '大吉山安置点', siteCode: null, promotedSiteCode: 'S-360729-016', capacityHouseholds: 20, capacityPopulation: 60,
    load: { households: 22, persons: 70, poorHouseholds: 12 }, usePct: 116.666, overCapacity: true, floorAreaM2: 1500,
    floorAreaNeededM2: 1750, subsidyCny: 12 * 60_000 + 10 * 40_000,
  }],
  assignments: [
    { villageCode: '360729101201', villageName: '田心村', siteKey: 'C1', households: 12, persons: 40, poorHouseholds: 8, straightM: 2350.4, road: { reachable: true, distanceM: 3120, timeMin: 6, connectorM: 10 } },
    { villageCode: '360729101202', villageName: '树垇村', siteKey: 'C1', households: 10, persons: 30, poorHouseholds: 4, straightM: 4100, road: { reachable: false, reason: 'not_connected' } },
  ],
  villages: [],
  totals: { sites: 1, households: 22, persons: 70, poorHouseholds: 12, meanDistanceM: 3100.2345, maxDistanceM: 4100, overCapacitySites: 1, floorAreaNeededM2: 1750, subsidyCny: 1_120_000 },
  warnings: [{ code: 'over_capacity', subject: 'C1', message: 'C1 over' }],
} as unknown as ScenarioDetail

const text: SitingExportText = {
  column: (key) => key,
  sheet: (key) => key,
  title: (key) => `方案一 ${key}`,
  unreachable: (reason) => (reason === 'not_connected' ? '道路不连通' : reason),
  warning: (w) => `${w.subject}:分配人数超过设计容量`,
  yes: '是',
  no: '否',
}

describe('scenario export', () => {
  const [sites, assignments, totals] = scenarioSheets(detail, text)
  const cells = (sheet: typeof sites) => sheet.rows.map((row) => sheet.columns.map((c) => c.value(row)))

  it('gives each site its load against capacity, floor area and subsidy in 10,000 yuan', () => {
    expect(cells(sites)).toEqual([['C1', '大吉山安置点', 'S-360729-016', 20, 60, 22, 70, 12, 1.16666, '是', 1500, 1750, 112]])
  })

  it('gives each assignment its straight and road distance in km, and says why a road distance is missing', () => {
    expect(cells(assignments)).toEqual([
      ['360729101201', '田心村', '大吉山安置点', 12, 40, 8, 2.3504, 3.12, null],
      ['360729101202', '树垇村', '大吉山安置点', 10, 30, 4, 4.1, null, '道路不连通'],
    ])
  })

  it('sums up with the standards, rounded, and lists the warnings under the table', () => {
    const byItem = new Map(cells(totals).map(([item, value]) => [item, value]))
    expect(byItem.get('persons')).toBe(70)
    expect(byItem.get('meanStraightKm')).toBe(3.1)
    expect(byItem.get('subsidyWan')).toBe(112)
    expect(byItem.get('subsidyPoorWan')).toBe(6)
    expect(byItem.get('floorAreaPerPerson')).toBe(25)
    expect(totals.notes).toEqual(['C1:分配人数超过设计容量'])
  })
})
