// The relocation ledger (易地扶贫搬迁台账): each origin village → its site, with households, persons,
// registered poor households, the floor area at the per-person standard and the subsidy, by
// township and in total. Floor area and subsidy come from the same functions as a scenario's.
import { floorAreaNeededM2 } from '../siting/floor_area.ts'
import type { RelocationStandards } from '../siting/standards.ts'
import { subsidyCny, subsidyRates } from '../siting/subsidy.ts'
import { yuanToWan, WAN_TABLE_DECIMALS, type Sheet } from './sheet.ts'

export interface RelocationMove {
  villageCode: string
  villageName: string
  townshipCode: string
  townshipName: string | null
  /** `partial` or `whole` (the exchange format's relocation). */
  relocation: string | null
  siteCode: string | null
  siteName: string | null
  households: number
  persons: number
  poorHouseholds: number
}

export interface RelocationFigures extends RelocationMove {
  floorAreaM2: number
  subsidyCny: number
}

export interface RelocationText {
  column: (key: 'villageCode' | 'village' | 'township' | 'relocation' | 'siteCode' | 'site' | 'households' | 'persons'
    | 'poorHouseholds' | 'floorArea' | 'subsidyWan' | 'villages' | 'total') => string
  relocation: (kind: string) => string
  summarySheet: string
  summaryTitle: string
  townshipTitle: (name: string) => string
  /** Shown for a village without an assigned site. */
  noSite: string
}

export function relocationFigures(moves: readonly RelocationMove[], standards: RelocationStandards): RelocationFigures[] {
  const rates = subsidyRates(standards)
  return moves.map((m) => ({
    ...m,
    floorAreaM2: floorAreaNeededM2(m.persons, standards),
    subsidyCny: subsidyCny(m.households, m.poorHouseholds, rates),
  }))
}

interface Tally { key: string; name: string; villages: number; households: number; persons: number; poorHouseholds: number; floorAreaM2: number; subsidyCny: number }

function tally(key: string, name: string, rows: readonly RelocationFigures[]): Tally {
  const sum = (f: (r: RelocationFigures) => number) => rows.reduce((n, r) => n + f(r), 0)
  return {
    key, name, villages: new Set(rows.map((r) => r.villageCode)).size, households: sum((r) => r.households), persons: sum((r) => r.persons),
    poorHouseholds: sum((r) => r.poorHouseholds), floorAreaM2: sum((r) => r.floorAreaM2), subsidyCny: sum((r) => r.subsidyCny),
  }
}

const WAN = `decimal${WAN_TABLE_DECIMALS}` as const

/** A summary sheet by township with the total last, then one sheet per township with its moves. */
export function relocationLedgerBook(rows: readonly RelocationFigures[], text: RelocationText): Sheet[] {
  const sorted = [...rows].sort((a, b) => a.townshipCode.localeCompare(b.townshipCode) || a.villageCode.localeCompare(b.villageCode))
  const groups = new Map<string, RelocationFigures[]>()
  for (const r of sorted) groups.set(r.townshipCode, [...(groups.get(r.townshipCode) ?? []), r])
  const tallies = [...groups].map(([code, members]) => tally(code, members[0].townshipName ?? code, members))
  if (rows.length) tallies.push(tally('', text.column('total'), sorted))
  const summary: Sheet<Tally> = {
    name: text.summarySheet,
    title: text.summaryTitle,
    rows: tallies,
    columns: [
      { header: text.column('township'), value: (t) => t.name },
      { header: text.column('villages'), value: (t) => t.villages, format: 'integer' },
      { header: text.column('households'), value: (t) => t.households, format: 'integer' },
      { header: text.column('persons'), value: (t) => t.persons, format: 'integer' },
      { header: text.column('poorHouseholds'), value: (t) => t.poorHouseholds, format: 'integer' },
      { header: text.column('floorArea'), value: (t) => t.floorAreaM2, format: 'integer' },
      { header: text.column('subsidyWan'), value: (t) => yuanToWan(t.subsidyCny), format: WAN },
    ],
  }
  const sheets: Sheet[] = [summary]
  for (const members of groups.values()) {
    const name = members[0].townshipName ?? members[0].townshipCode
    sheets.push({
      name,
      title: text.townshipTitle(name),
      rows: members,
      columns: [
        { header: text.column('villageCode'), value: (r: RelocationFigures) => r.villageCode, format: 'text' },
        { header: text.column('village'), value: (r: RelocationFigures) => r.villageName },
        { header: text.column('relocation'), value: (r: RelocationFigures) => (r.relocation ? text.relocation(r.relocation) : null) },
        { header: text.column('siteCode'), value: (r: RelocationFigures) => r.siteCode, format: 'text' },
        { header: text.column('site'), value: (r: RelocationFigures) => r.siteName ?? (r.siteCode ? null : text.noSite) },
        { header: text.column('households'), value: (r: RelocationFigures) => r.households, format: 'integer' },
        { header: text.column('persons'), value: (r: RelocationFigures) => r.persons, format: 'integer' },
        { header: text.column('poorHouseholds'), value: (r: RelocationFigures) => r.poorHouseholds, format: 'integer' },
        { header: text.column('floorArea'), value: (r: RelocationFigures) => r.floorAreaM2, format: 'integer' },
        { header: text.column('subsidyWan'), value: (r: RelocationFigures) => yuanToWan(r.subsidyCny), format: WAN },
      ],
    })
  }
  return sheets
}
