// A relocation scenario (安置方案) as Excel sheets: each site's load against its capacity, floor area
// and subsidy; each village's assignment with its distances; the totals, standards and warnings.
import type { UnreachableReason } from '../../../core/contract/analysis'
import type { ScenarioAssignmentView, ScenarioDetail, ScenarioSiteView } from '../../../core/contract/scenarios'
import type { ScenarioWarning } from '../../../core/siting/warnings'
import type { Sheet } from '../../export/xlsx'

export interface SitingExportText {
  column: (key: string) => string
  sheet: (key: 'sites' | 'assignments' | 'totals') => string
  title: (key: 'sites' | 'assignments' | 'totals') => string
  /** Why a road distance is missing (no road nearby, not connected). */
  unreachable: (reason: UnreachableReason) => string
  /** A warning of the server (over capacity, over-assigned, floor area short) in the user's language. */
  warning: (warning: ScenarioWarning) => string
  yes: string
  no: string
}

const toKm = (m: number | null | undefined) => (m === null || m === undefined ? null : m / 1000)
const toWan = (cny: number) => cny / 10_000

export function scenarioSheets(detail: ScenarioDetail, text: SitingExportText): Sheet[] {
  const siteName = new Map(detail.sites.map((s) => [s.key, s.name]))
  const sites: Sheet<ScenarioSiteView> = {
    name: text.sheet('sites'),
    title: text.title('sites'),
    rows: detail.sites,
    columns: [
      { header: text.column('key'), value: (s) => s.key, format: 'text' },
      { header: text.column('site'), value: (s) => s.name },
      { header: text.column('siteCode'), value: (s) => s.siteCode ?? s.promotedSiteCode, format: 'text' },
      { header: text.column('capacityHouseholds'), value: (s) => s.capacityHouseholds, format: 'integer' },
      { header: text.column('capacityPopulation'), value: (s) => s.capacityPopulation, format: 'integer' },
      { header: text.column('households'), value: (s) => s.load.households, format: 'integer' },
      { header: text.column('persons'), value: (s) => s.load.persons, format: 'integer' },
      { header: text.column('poorHouseholds'), value: (s) => s.load.poorHouseholds, format: 'integer' },
      { header: text.column('use'), value: (s) => (s.usePct === null ? null : s.usePct / 100), format: 'percent1' },
      { header: text.column('overCapacity'), value: (s) => (s.overCapacity === null ? null : s.overCapacity ? text.yes : text.no) },
      { header: text.column('floorAreaPlanned'), value: (s) => s.floorAreaM2, format: 'integer' },
      { header: text.column('floorAreaNeeded'), value: (s) => s.floorAreaNeededM2, format: 'integer' },
      { header: text.column('subsidyWan'), value: (s) => toWan(s.subsidyCny), format: 'decimal1' },
    ],
  }
  const assignments: Sheet<ScenarioAssignmentView> = {
    name: text.sheet('assignments'),
    title: text.title('assignments'),
    rows: detail.assignments,
    columns: [
      { header: text.column('villageCode'), value: (a) => a.villageCode, format: 'text' },
      { header: text.column('village'), value: (a) => a.villageName },
      { header: text.column('site'), value: (a) => siteName.get(a.siteKey) ?? a.siteKey },
      { header: text.column('households'), value: (a) => a.households, format: 'integer' },
      { header: text.column('persons'), value: (a) => a.persons, format: 'integer' },
      { header: text.column('poorHouseholds'), value: (a) => a.poorHouseholds, format: 'integer' },
      { header: text.column('straightKm'), value: (a) => toKm(a.straightM), format: 'decimal2' },
      { header: text.column('roadKm'), value: (a) => (a.road?.reachable ? toKm(a.road.distanceM) : null), format: 'decimal2' },
      { header: text.column('roadNote'), value: (a) => (a.road && !a.road.reachable ? text.unreachable(a.road.reason) : null) },
    ],
  }
  const t = detail.totals
  // One value column in Excel's general format: counts stay whole, km and money are rounded here.
  const round = (n: number | null, digits: number) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits)
  const lines: [string, number | null][] = [
    [text.column('sites'), t.sites],
    [text.column('households'), t.households],
    [text.column('persons'), t.persons],
    [text.column('poorHouseholds'), t.poorHouseholds],
    [text.column('meanStraightKm'), round(toKm(t.meanDistanceM), 2)],
    [text.column('maxStraightKm'), round(toKm(t.maxDistanceM), 2)],
    [text.column('overCapacitySites'), t.overCapacitySites],
    [text.column('floorAreaNeeded'), t.floorAreaNeededM2],
    [text.column('subsidyWan'), round(toWan(t.subsidyCny), 2)],
    [text.column('floorAreaPerPerson'), detail.standards.floorAreaPerPersonM2],
    [text.column('subsidyPoorWan'), round(toWan(detail.standards.subsidyPoorHouseholdCny), 2)],
    [text.column('subsidyOtherWan'), round(toWan(detail.standards.subsidyOtherHouseholdCny), 2)],
  ]
  const totals: Sheet<(typeof lines)[number]> = {
    name: text.sheet('totals'),
    title: text.title('totals'),
    rows: lines,
    notes: detail.warnings.map(text.warning),
    columns: [
      { header: text.column('item'), value: (l) => l[0] },
      { header: text.column('value'), value: (l) => l[1] },
    ],
  }
  return [sites, assignments, totals]
}
