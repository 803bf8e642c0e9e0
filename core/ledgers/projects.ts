// The project ledger (建设项目台账) as sheets: the projects with status, progress, dates and budget by
// source, and the rollup of a region by township (or by type inside a township). The Build-out
// workspace exports what its table lists; GET /api/ledgers/projects makes the county's with one
// sheet per township. One builder, so the two cannot drift.
import type { ProjectRow, ProjectSummary, Rollup } from '../contract/projects.ts'
import type { WireMessage } from '../messages/catalogue.ts'
import { FUNDING_FIELDS, FUNDING_SOURCES, PROJECT_LAYERS, type ProjectLayer } from '../projects/layers.ts'
import { WAN_TABLE_DECIMALS, yuanToWan, type Sheet } from './sheet.ts'

export interface RollupRow {
  /** A township code, or a project type inside a township. */
  key: string
  label: string
  r: Rollup
}

/**
 * The rollup of a region as the rollup table, the print view and the Excel export show it: with
 * a whole county, a row per township; inside a township, a row per project type; and the total.
 */
export function rollupRows(
  summary: ProjectSummary, township: string | null, typeLabel: (type: ProjectLayer) => string,
): { rows: RollupRow[]; total: Rollup | null } {
  if (!township) return { rows: summary.townships.map((x) => ({ key: x.code, label: x.name, r: x.total })), total: summary.total }
  const town = summary.townships.find((x) => x.code === township)
  const rows = PROJECT_LAYERS.flatMap((p) => {
    const r = town?.byType[p]
    return r ? [{ key: p, label: typeLabel(p), r }] : []
  })
  return { rows, total: town?.total ?? null }
}

export interface BuildoutExportText {
  column: (key: string) => string
  sheet: (key: 'projects' | 'rollup') => string
  title: (key: 'projects' | 'rollup') => string
  type: (layer: string) => string
  status: (status: string) => string
  funding: (source: string) => string
  /** A server message (the rollup's notes on how it counts) in the reader's language. */
  notice: (message: WireMessage) => string
  /** A county road without a township. */
  countyRoad: string
  yes: string
}

/** Money as every table shows it: 万元 with two decimals. */
const wan = (yuan: number | null) => (yuan === null ? null : yuanToWan(yuan))
const WAN = `decimal${WAN_TABLE_DECIMALS}` as const
const metresToKm = (m: number | null) => (m === null ? null : m / 1000)

export function projectSheet(rows: readonly ProjectRow[], text: BuildoutExportText): Sheet<ProjectRow> {
  return {
    name: text.sheet('projects'),
    title: text.title('projects'),
    rows: [...rows],
    columns: [
      { header: text.column('code'), value: (r) => r.code, format: 'text' },
      { header: text.column('name'), value: (r) => r.name },
      { header: text.column('layer'), value: (r) => text.type(r.layer) },
      { header: text.column('township'), value: (r) => r.townshipName ?? r.townshipCode ?? text.countyRoad },
      { header: text.column('status'), value: (r) => text.status(r.status) },
      { header: text.column('progress'), value: (r) => (r.progressPct === null ? null : r.progressPct / 100), format: 'percent1' },
      { header: text.column('overdue'), value: (r) => (r.overdue ? text.yes : null) },
      { header: text.column('lengthKm'), value: (r) => metresToKm(r.lengthM), format: 'decimal2' },
      { header: text.column('plannedStart'), value: (r) => r.plannedStart },
      { header: text.column('plannedEnd'), value: (r) => r.plannedEnd },
      { header: text.column('actualStart'), value: (r) => r.actualStart },
      { header: text.column('actualEnd'), value: (r) => r.actualEnd },
      { header: text.column('budgetWan'), value: (r) => wan(r.budgetCny), format: WAN },
      { header: text.column('spentWan'), value: (r) => wan(r.spentCny), format: WAN },
      ...FUNDING_SOURCES.map((source) => ({
        header: `${text.funding(source)}${text.column('wanSuffix')}`,
        value: (r: ProjectRow) => wan(r[FUNDING_FIELDS[source]]),
        format: WAN,
      })),
      { header: text.column('contractor'), value: (r) => r.contractor },
    ],
  }
}

/** By township for a county; by project type inside a township; the region's total last. */
export function rollupSheet(summary: ProjectSummary, township: string | null, text: BuildoutExportText): Sheet<RollupRow> {
  const { rows, total } = rollupRows(summary, township, text.type)
  if (total) rows.push({ key: 'total', label: text.column('total'), r: total })
  return {
    name: text.sheet('rollup'),
    title: text.title('rollup'),
    rows,
    notes: summary.notices.map(text.notice),
    columns: [
      { header: township ? text.column('layer') : text.column(summary.partLevel === 'county' ? 'county' : 'township'), value: (x) => x.label },
      { header: text.column('projects'), value: (x) => x.r.projects, format: 'integer' },
      { header: text.column('started'), value: (x) => x.r.started, format: 'integer' },
      { header: text.column('completed'), value: (x) => x.r.completed, format: 'integer' },
      { header: text.column('startRate'), value: (x) => x.r.startRate, format: 'percent1' },
      { header: text.column('completionRate'), value: (x) => x.r.completionRate, format: 'percent1' },
      { header: text.column('roadKmBuilt'), value: (x) => x.r.roadKmBuilt, format: 'decimal1' },
      { header: text.column('roadKmHardened'), value: (x) => x.r.roadKmHardened, format: 'decimal1' },
      { header: text.column('pipeKmBuilt'), value: (x) => x.r.pipeKmBuilt, format: 'decimal1' },
      { header: text.column('budgetWan'), value: (x) => wan(x.r.budgetCny), format: WAN },
      { header: text.column('spentWan'), value: (x) => wan(x.r.spentCny), format: WAN },
      ...Object.keys(total?.funding ?? {}).map((source) => ({
        header: `${text.funding(source)}${text.column('wanSuffix')}`,
        value: (x: RollupRow) => wan(x.r.funding[source] ?? 0),
        format: WAN,
      })),
      { header: text.column('overdue'), value: (x) => x.r.overdue, format: 'integer' },
    ],
  }
}
