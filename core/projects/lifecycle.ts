import { PROJECT_STATUSES } from '../format/layers.ts'
import { msg, type Message } from '../messages/catalogue.ts'
import type { ProjectStatus } from '../format/layers.ts'

// The project lifecycle (planned → approved → tendered → under_construction → completed → accepted)
// as pure rules: the server judges a progress entry with them, the progress form proposes and
// explains with the same ones, and the rollup counts started and complete projects by them.

export type Step = 'same' | 'next' | 'skip' | 'reverse'

export function step(from: ProjectStatus, to: ProjectStatus): Step {
  const delta = PROJECT_STATUSES.indexOf(to) - PROJECT_STATUSES.indexOf(from)
  return delta === 0 ? 'same' : delta === 1 ? 'next' : delta > 1 ? 'skip' : 'reverse'
}

/** Whether an entry going from one status to another must say why (a skipped or reversed step). */
export function needsReason(from: ProjectStatus, to: ProjectStatus): boolean {
  const kind = step(from, to)
  return kind === 'skip' || kind === 'reverse'
}

/** A project counts as started from under_construction on. */
export function isStarted(status: ProjectStatus): boolean {
  return PROJECT_STATUSES.indexOf(status) >= PROJECT_STATUSES.indexOf('under_construction')
}

/** A project counts as complete once completed or accepted. */
export function isComplete(status: ProjectStatus): boolean {
  return status === 'completed' || status === 'accepted'
}

/** The progress a status allows: nothing before construction, below 100 % during it, 100 % once complete. */
export function progressRange(status: ProjectStatus): [number, number] {
  if (isComplete(status)) return [100, 100]
  if (status === 'under_construction') return [0, 99.9]
  return [0, 0]
}

/** The progress a form proposes when the status changes: kept if allowed, else the nearest allowed value. */
export function proposedProgress(status: ProjectStatus, current: number): number {
  const [min, max] = progressRange(status)
  if (current < min) return min
  if (current > max) return status === 'under_construction' ? Math.min(current, 99) : max
  return current
}

export interface ProgressProblem {
  field: 'date' | 'reason' | 'progressPct'
  msg: Message
}

export interface ProjectDates {
  actualStart: string | null
  actualEnd: string | null
}

/**
 * Check a progress entry against the project's current state; returns the dates the new status
 * implies (actual start when construction begins, actual end when it completes), or the problem.
 * `today` is China's date (core/time/china.ts).
 */
export function checkEntry(
  current: { status: ProjectStatus } & ProjectDates,
  entry: { date: string; status: ProjectStatus; progressPct: number; reason?: string },
  today: string,
): { ok: true; dates: ProjectDates; step: Step } | { ok: false; problem: ProgressProblem } {
  const fail = (field: ProgressProblem['field'], problem: Message) => ({ ok: false as const, problem: { field, msg: problem } })
  if (entry.date > today) return fail('date', msg('projects.future_date', { date: entry.date, today }))
  const kind = step(current.status, entry.status)
  if (needsReason(current.status, entry.status) && !entry.reason?.trim()) {
    return fail('reason', msg(kind === 'skip' ? 'projects.skip_needs_reason' : 'projects.reverse_needs_reason', { from: current.status, to: entry.status }))
  }
  const [min, max] = progressRange(entry.status)
  if (entry.progressPct < min || entry.progressPct > max) {
    return fail('progressPct', min === max
      ? msg('projects.progress_fixed', { status: entry.status, pct: min, progressPct: entry.progressPct })
      : msg('projects.progress_range', { status: entry.status, min, max, progressPct: entry.progressPct }))
  }
  const started = isStarted(entry.status)
  const actualStart = started ? current.actualStart ?? entry.date : null
  const actualEnd = isComplete(entry.status) ? current.actualEnd ?? entry.date : null
  if (actualStart && actualEnd && actualEnd < actualStart) {
    return fail('date', msg('projects.end_before_start', { end: actualEnd, start: actualStart }))
  }
  if (actualStart && entry.date < actualStart && started && current.actualStart) {
    return fail('date', msg('projects.before_start', { date: entry.date, start: actualStart }))
  }
  return { ok: true, dates: { actualStart, actualEnd }, step: kind }
}
