// The village ledger (贫困村退出台账) as sheets: every village with its state, figures and each exit
// criterion (value and whether it is met), the villages behind plan, and the townships' rollups.
// The Exit workspace exports it for the area and year in view; GET /api/ledgers/villages makes the
// county's with one sheet per township. One builder, so the two cannot drift.
import type { Criterion, ExitVillage, RegionRollup, VillageState } from '../contract/exit.ts'
import type { Sheet, SheetColumn } from './sheet.ts'

/** Villages behind plan, the earliest planned exit first. */
export function villagesBehind<V extends ExitVillage>(villages: readonly V[]): V[] {
  return villages
    .filter((v) => v.state === 'behind')
    .sort((a, b) => (a.plannedExitYear ?? 0) - (b.plannedExitYear ?? 0) || a.code.localeCompare(b.code))
}

/** Criteria that fail (pass false) for a village, in the order given. */
export const failingCriteria = (v: ExitVillage): string[] => v.criteria.filter((c) => c.pass === false).map((c) => c.id)

/** How a criterion's value reads: a ratio, a distance in metres, or the village's yes/no. */
export function criterionKind(c: Pick<Criterion, 'id' | 'value'>): 'ratio' | 'metres' | 'boolean' | 'unknown' {
  if (c.id === 'incidence') return 'ratio'
  if (typeof c.value === 'boolean') return 'boolean'
  if (c.id === 'road' || c.id === 'water' || c.id === 'clinic') return 'metres'
  return c.value === null ? 'unknown' : 'boolean'
}

/** A village of the ledger: the exit judgement, and its households where the caller has them. */
export type LedgerVillage = ExitVillage & { households?: number | null; poorHouseholds?: number | null }

/** The words the sheets need, in the user's language. */
export interface ExitExportText {
  column: (key: string) => string
  sheet: (key: 'ledger' | 'behind' | 'townships') => string
  title: (key: 'ledger' | 'behind' | 'townships') => string
  state: (s: VillageState) => string
  criterionName: (id: string) => string
  problem: (id: string) => string
  /** Met / not met / not known. */
  pass: (pass: boolean | null) => string
  /** Yes / no / not known. */
  bool: (value: boolean | null) => string
  /** "(m)", "(%)": the unit after a criterion's value column. */
  unit: (kind: 'ratio' | 'metres') => string
  /** Items joined as the reader's language lists them; 、 if not given. */
  list?: (items: readonly string[]) => string
}

export interface ExitExportInput {
  villages: readonly ExitVillage[]
  /** Rollups of the townships (the county view's groups); none inside a township. */
  townships: readonly RegionRollup[]
  notes?: string[]
}

/** Criterion ids in the order the villages carry them (the rules' order), each once. */
export function criterionIds(villages: readonly ExitVillage[]): string[] {
  const ids: string[] = []
  for (const v of villages) for (const c of v.criteria) if (!ids.includes(c.id)) ids.push(c.id)
  return ids
}

function criterionValue(c: Criterion | undefined, text: ExitExportText): string | number | null {
  if (!c || c.value === null) return null
  if (typeof c.value === 'boolean') return text.bool(c.value)
  return c.value
}

/** The ledger's columns for these villages: code, names, state, figures, each criterion's value and result, problems. */
function ledgerColumns(villages: readonly LedgerVillage[], text: ExitExportText): SheetColumn<LedgerVillage>[] {
  const list = text.list ?? ((items: readonly string[]) => items.join('、'))
  const ids = criterionIds(villages)
  const find = (v: ExitVillage, id: string) => v.criteria.find((c) => c.id === id)
  const kindOf = (id: string) => {
    const sample = villages.map((v) => find(v, id)).find((c) => c && c.value !== null)
    return sample ? criterionKind(sample) : id === 'incidence' ? 'ratio' : 'unknown'
  }
  const criterionColumns: SheetColumn<LedgerVillage>[] = ids.flatMap((id) => {
    const kind = kindOf(id)
    const unit = kind === 'ratio' || kind === 'metres' ? text.unit(kind) : ''
    return [
      {
        header: `${text.criterionName(id)}${unit}`,
        value: (v: ExitVillage) => criterionValue(find(v, id), text),
        format: kind === 'ratio' ? 'percent1' as const : kind === 'metres' ? 'integer' as const : 'text' as const,
      },
      { header: `${text.criterionName(id)}${text.column('metSuffix')}`, value: (v: ExitVillage) => text.pass(find(v, id)?.pass ?? null) },
    ]
  })
  // Households only where the caller has them (the server's ledger; the Exit workspace has persons only).
  const households: SheetColumn<LedgerVillage>[] = villages.some((v) => v.households !== undefined)
    ? [
        { header: text.column('households'), value: (v) => v.households ?? null, format: 'integer' },
        { header: text.column('poorHouseholds'), value: (v) => v.poorHouseholds ?? null, format: 'integer' },
      ]
    : []
  return [
    { header: text.column('code'), value: (v) => v.code, format: 'text' },
    { header: text.column('village'), value: (v) => v.name },
    { header: text.column('township'), value: (v) => v.townshipName ?? v.townshipCode },
    { header: text.column('state'), value: (v) => text.state(v.state) },
    ...households,
    { header: text.column('population'), value: (v) => v.population, format: 'integer' },
    { header: text.column('poorPopulation'), value: (v) => v.poorPopulation, format: 'integer' },
    { header: text.column('plannedExitYear'), value: (v) => v.plannedExitYear, format: 'text' },
    { header: text.column('exitYear'), value: (v) => v.exitYear, format: 'text' },
    ...criterionColumns,
    { header: text.column('problems'), value: (v) => list(v.dataProblems.map(text.problem)) || null },
  ]
}

const byCode = <V extends { code: string }>(rows: readonly V[]) => [...rows].sort((a, b) => a.code.localeCompare(b.code))

/** The Exit workspace's workbook: the ledger of the area in view, the villages behind plan, the townships. */
export function exitLedgerSheets(input: ExitExportInput, text: ExitExportText): Sheet[] {
  const list = text.list ?? ((items: readonly string[]) => items.join('、'))
  const villages = byCode(input.villages)
  const ledger: Sheet<LedgerVillage> = {
    name: text.sheet('ledger'),
    title: text.title('ledger'),
    rows: villages,
    notes: input.notes,
    columns: ledgerColumns(villages, text),
  }

  const behind: Sheet<ExitVillage> = {
    name: text.sheet('behind'),
    title: text.title('behind'),
    rows: villagesBehind(villages),
    columns: [
      { header: text.column('code'), value: (v) => v.code, format: 'text' },
      { header: text.column('village'), value: (v) => v.name },
      { header: text.column('township'), value: (v) => v.townshipName ?? v.townshipCode },
      { header: text.column('plannedExitYear'), value: (v) => v.plannedExitYear, format: 'text' },
      { header: text.column('failing'), value: (v) => list(failingCriteria(v).map(text.criterionName)) || null },
      { header: text.column('problems'), value: (v) => list(v.dataProblems.map(text.problem)) || null },
    ],
  }

  const sheets: Sheet[] = [ledger, behind]
  if (input.townships.length > 0) sheets.push(townshipSheet(input.townships, text))
  return sheets
}

/** The townships' rollups: villages, poor villages, exited, states, population, incidence, years. */
export function townshipSheet(townships: readonly RegionRollup[], text: ExitExportText): Sheet<RegionRollup> {
  return {
    name: text.sheet('townships'),
    title: text.title('townships'),
    rows: byCode(townships),
    columns: [
      { header: text.column('code'), value: (g) => g.code, format: 'text' },
      { header: text.column('township'), value: (g) => g.name },
      { header: text.column('villages'), value: (g) => g.villages, format: 'integer' },
      { header: text.column('poorVillages'), value: (g) => g.poorVillages, format: 'integer' },
      { header: text.column('exited'), value: (g) => g.exitedPoorVillages, format: 'integer' },
      { header: text.column('exitedShare'), value: (g) => g.exitedShare, format: 'percent1' },
      { header: text.state('behind'), value: (g) => g.states.behind, format: 'integer' },
      { header: text.state('ready'), value: (g) => g.states.ready, format: 'integer' },
      { header: text.state('in_progress'), value: (g) => g.states.in_progress, format: 'integer' },
      { header: text.column('population'), value: (g) => g.population, format: 'integer' },
      { header: text.column('poorPopulation'), value: (g) => g.poorPopulation, format: 'integer' },
      { header: text.column('incidence'), value: (g) => g.incidence, format: 'percent1' },
      { header: text.column('plannedExitYear'), value: (g) => g.plannedExitYear, format: 'text' },
      { header: text.column('exitYear'), value: (g) => g.exitYear, format: 'text' },
    ],
  }
}

/**
 * The county's village ledger (GET /api/ledgers/villages): the townships' summary first, then one
 * sheet per township with its villages, named after the township.
 */
export function villageLedgerBook(
  villages: readonly LedgerVillage[], townships: readonly RegionRollup[], text: ExitExportText & { townshipTitle: (name: string) => string },
  notes: string[] = [],
): Sheet[] {
  const summary = { ...townshipSheet(townships, text), notes }
  const groups = new Map<string, LedgerVillage[]>()
  for (const v of byCode(villages)) groups.set(v.townshipCode, [...(groups.get(v.townshipCode) ?? []), v])
  const sheets: Sheet[] = [summary]
  for (const [code, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const name = members[0].townshipName ?? code
    sheets.push({ name, title: text.townshipTitle(name), rows: members, columns: ledgerColumns(members, text) })
  }
  return sheets
}
