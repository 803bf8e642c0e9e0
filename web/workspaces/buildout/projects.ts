// Build-out tracking in the browser: pure helpers for the table (filter, sort), the progress log
// (corrections, chart series), new project codes and the rollup's rows. No Vue, MapLibre or HTTP
// here. The answers' types are the contract's (core/contract/projects.ts); the lifecycle rules are
// core/projects/lifecycle.ts, the server's own.
import type { Geometry } from 'geojson'
import type { LogEntry, ProjectRow, ProjectSummary, Rollup } from '../../../core/contract/projects'
import { PROJECT_STATUSES, type ProjectStatus } from '../../../core/format/layers'
import { FUNDING_FIELDS, FUNDING_SOURCES, PROJECT_LAYERS, type FundingSource, type ProjectLayer } from '../../../core/projects/layers'
import { isComplete } from '../../../core/projects/lifecycle'

// ---- the table -------------------------------------------------------------------------------

export interface ProjectFilter {
  type?: ProjectLayer | ''
  township?: string
  status?: ProjectStatus | ''
  overdueOnly?: boolean
  /** Matched against name, code and contractor. */
  text?: string
}

export function filterProjects(rows: readonly ProjectRow[], filter: ProjectFilter = {}): ProjectRow[] {
  const text = filter.text?.trim().toLowerCase() ?? ''
  return rows.filter((r) =>
    (!filter.type || r.layer === filter.type)
    && (!filter.township || r.townshipCode === filter.township)
    && (!filter.status || r.status === filter.status)
    && (!filter.overdueOnly || r.overdue)
    && (!text || [r.name, r.code, r.contractor].some((s) => s?.toLowerCase().includes(text))))
}

/**
 * The region the list opens on in a county: the account's township when the account is limited to
 * one there (or to a village of it), else the whole county.
 */
export function homeRegion(county: string, accountRegion: string): string {
  return accountRegion.length > 6 && county !== '' && accountRegion.startsWith(county) ? accountRegion.slice(0, 9) : county
}

/**
 * The county a project is listed under above the county: its township's, else the county its code
 * begins with; null for one that belongs by geometry only (a county road without a township).
 */
export function countyOf(row: Pick<ProjectRow, 'townshipCode' | 'code'>): string | null {
  return row.townshipCode?.slice(0, 6) ?? /^(\d{6})/.exec(row.code)?.[1] ?? null
}

export const SORT_KEYS = ['name', 'layer', 'county', 'township', 'status', 'progress', 'overdue', 'budget', 'spent', 'funding', 'contractor'] as const
export type SortKey = (typeof SORT_KEYS)[number]

/** The funding source that gives most of a project's money, or null when none is recorded. */
export function mainFunding(row: ProjectRow): FundingSource | null {
  const amounts = FUNDING_SOURCES.map((source): [FundingSource, number] => [source, row[FUNDING_FIELDS[source]] ?? 0])
  const best = amounts.reduce((a, b) => (b[1] > a[1] ? b : a))
  return best[1] > 0 ? best[0] : null
}

function sortValue(row: ProjectRow, key: SortKey): string | number | null {
  switch (key) {
    case 'name': return row.name ?? row.code
    case 'layer': return PROJECT_LAYERS.indexOf(row.layer)
    case 'county': return countyOf(row)
    case 'township': return row.townshipName ?? row.townshipCode
    case 'status': return PROJECT_STATUSES.indexOf(row.status)
    case 'progress': return row.progressPct
    case 'overdue': return row.overdue ? 1 : 0
    case 'budget': return row.budgetCny
    case 'spent': return row.spentCny
    case 'funding': { const f = mainFunding(row); return f === null ? null : FUNDING_SOURCES.indexOf(f) }
    case 'contractor': return row.contractor
  }
}

/** A new sorted array; missing values last in either direction, ties by code. */
export function sortProjects(rows: readonly ProjectRow[], key: SortKey, direction: 'asc' | 'desc' = 'asc'): ProjectRow[] {
  const sign = direction === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key)
    const vb = sortValue(b, key)
    if (va === null || va === '') return vb === null || vb === '' ? a.code.localeCompare(b.code) : 1
    if (vb === null || vb === '') return -1
    const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'zh-CN')
    return order !== 0 ? sign * order : a.code.localeCompare(b.code)
  })
}

// ---- the progress log ------------------------------------------------------------------------

/** The log as it stands: an entry that was corrected gives way to its correction (entries are never edited). */
export function effectiveLog(log: readonly LogEntry[]): LogEntry[] {
  const corrected = new Set(log.map((e) => e.corrects).filter((id): id is number => id !== null))
  return log.filter((e) => !corrected.has(e.id))
}

export interface ProgressPoint {
  date: string
  progressPct: number
  status: ProjectStatus
}

/**
 * The progress over time for the chart: one point per day (the last entry of the day wins), in date
 * order. An imported entry that named no progress gives no point.
 */
export function progressSeries(log: readonly LogEntry[]): ProgressPoint[] {
  const byDate = new Map<string, ProgressPoint>()
  const sorted = [...effectiveLog(log)].sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)
  for (const e of sorted) if (e.progressPct !== null) byDate.set(e.date, { date: e.date, progressPct: e.progressPct, status: e.status })
  return [...byDate.values()]
}

/** Days since 1970 of an ISO date (UTC), for placing dates on a chart's axis. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000)
}

export interface ChartSpan {
  /** First and last day shown (days since 1970). */
  min: number
  max: number
  /** The day the actual line runs to: today while the project is not complete, else its last entry. */
  lineEnd: number
}

/**
 * The days the progress chart spans: its entries and the planned period, and today while the work is
 * not complete (the line holds until today, showing how long it has stood still). A complete project's
 * chart ends with its last entry or its planned end, so that its history is not squeezed to the left.
 */
export function chartSpan(series: readonly ProgressPoint[], plannedStart: string | null, plannedEnd: string | null, today: string): ChartSpan {
  const last = series[series.length - 1]
  const done = last !== undefined && isComplete(last.status)
  const lineEnd = done ? dayNumber(last.date) : dayNumber(today)
  const days = [...series.map((p) => dayNumber(p.date)), lineEnd]
  if (plannedStart) days.push(dayNumber(plannedStart))
  if (plannedEnd) days.push(dayNumber(plannedEnd))
  const min = Math.min(...days)
  const max = Math.max(...days)
  return { min, max: max === min ? min + 1 : max, lineEnd }
}

/** The years to label on a time axis from one day to another: every year, or every second, fifth… so that at most `most` show. */
export function axisYears(min: number, max: number, most = 6): number[] {
  const first = new Date(min * 86_400_000).getUTCFullYear()
  const last = new Date(max * 86_400_000).getUTCFullYear()
  const step = [1, 2, 5, 10, 20].find((s) => Math.ceil((last - first + 1) / s) <= most) ?? 50
  const out: number[] = []
  for (let year = Math.ceil(first / step) * step; year <= last; year += step) out.push(year)
  return out
}

/** Index of each lifecycle step against a status: done, current or to come. */
export function lifecycleSteps(status: ProjectStatus): { status: ProjectStatus; state: 'done' | 'current' | 'todo' }[] {
  const at = PROJECT_STATUSES.indexOf(status)
  return PROJECT_STATUSES.map((s, i) => ({ status: s, state: i < at ? 'done' : i === at ? 'current' : 'todo' }))
}

// ---- new projects ----------------------------------------------------------------------------

const CODE_PART: Record<ProjectLayer, string> = { roads: 'RD', water: 'WS', sites: 'ST' }

/** A code for a project drawn on the map: `<county>-RD-NEW-001`, the first number not taken. */
export function suggestCode(type: ProjectLayer, county: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  for (let n = 1; ; n++) {
    const code = `${county}-${CODE_PART[type]}-NEW-${String(n).padStart(3, '0')}`
    if (!used.has(code)) return code
  }
}

/** The [min, max] lon/lat box of a geometry, or null for none. */
export function geometryBBox(geometry: Geometry | null): [number, number, number, number] | null {
  if (!geometry) return null
  const box = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number]
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1] as number)
      box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1] as number)
    } else if (Array.isArray(c)) c.forEach(visit)
  }
  if (geometry.type === 'GeometryCollection') geometry.geometries.forEach((g) => visit('coordinates' in g ? g.coordinates : null))
  else visit(geometry.coordinates)
  return Number.isFinite(box[0]) ? box : null
}

/** A rate (0–1) as a percentage number with one decimal place kept, or null. */
export function ratePct(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10
}

// Shared with the ledgers (core/ledgers/projects.ts).
export { rollupRows, type RollupRow } from '../../../core/ledgers/projects'
