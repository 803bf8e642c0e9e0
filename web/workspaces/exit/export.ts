// The exit ledger (贫困村退出台账) as Excel sheets: every village of the area in view with its state,
// figures and each criterion (value and whether it is met), the villages behind plan, and the
// townships' rollups. Built from what the Exit workspace shows, for the year on its slider.
import type { Sheet, SheetColumn } from '../../export/xlsx'
import { criterionKind, failingCriteria, villagesBehind, type Criterion, type ExitVillage, type RegionRollup, type VillageState } from './dashboard'

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

export function exitLedgerSheets(input: ExitExportInput, text: ExitExportText): Sheet[] {
  const list = text.list ?? ((items: readonly string[]) => items.join('、'))
  const villages = [...input.villages].sort((a, b) => a.code.localeCompare(b.code))
  const ids = criterionIds(villages)
  const find = (v: ExitVillage, id: string) => v.criteria.find((c) => c.id === id)
  const kindOf = (id: string) => {
    const sample = villages.map((v) => find(v, id)).find((c) => c && c.value !== null)
    return sample ? criterionKind(sample) : id === 'incidence' ? 'ratio' : 'unknown'
  }

  const criterionColumns: SheetColumn<ExitVillage>[] = ids.flatMap((id) => {
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

  const ledger: Sheet<ExitVillage> = {
    name: text.sheet('ledger'),
    title: text.title('ledger'),
    rows: villages,
    notes: input.notes,
    columns: [
      { header: text.column('code'), value: (v) => v.code, format: 'text' },
      { header: text.column('village'), value: (v) => v.name },
      { header: text.column('township'), value: (v) => v.townshipName ?? v.townshipCode },
      { header: text.column('state'), value: (v) => text.state(v.state) },
      { header: text.column('population'), value: (v) => v.population, format: 'integer' },
      { header: text.column('poorPopulation'), value: (v) => v.poorPopulation, format: 'integer' },
      { header: text.column('plannedExitYear'), value: (v) => v.plannedExitYear, format: 'text' },
      { header: text.column('exitYear'), value: (v) => v.exitYear, format: 'text' },
      ...criterionColumns,
      { header: text.column('problems'), value: (v) => list(v.dataProblems.map(text.problem)) || null },
    ],
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
  if (input.townships.length > 0) {
    const townships: Sheet<RegionRollup> = {
      name: text.sheet('townships'),
      title: text.title('townships'),
      rows: [...input.townships].sort((a, b) => a.code.localeCompare(b.code)),
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
    sheets.push(townships)
  }
  return sheets
}
