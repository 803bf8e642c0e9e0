import { PROJECT_STATUSES } from '../format/layers.ts'
import { msg, type Message } from '../messages/catalogue.ts'
import type { ProjectStatus } from '../format/layers.ts'

// The project lifecycle (planned → approved → tendered → under_construction → completed → accepted)
// as pure rules, shared by the progress log and by tests.

export type Step = 'same' | 'next' | 'skip' | 'reverse'

export function step(from: ProjectStatus, to: ProjectStatus): Step {
  const delta = PROJECT_STATUSES.indexOf(to) - PROJECT_STATUSES.indexOf(from)
  return delta === 0 ? 'same' : delta === 1 ? 'next' : delta > 1 ? 'skip' : 'reverse'
}

/** The progress a status allows: nothing before construction, below 100 % during it, 100 % once complete. */
export function progressRange(status: ProjectStatus): [number, number] {
  if (status === 'completed' || status === 'accepted') return [100, 100]
  if (status === 'under_construction') return [0, 99.9]
  return [0, 0]
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
 */
export function checkEntry(
  current: { status: ProjectStatus } & ProjectDates,
  entry: { date: string; status: ProjectStatus; progressPct: number; reason?: string },
  today: string,
): { ok: true; dates: ProjectDates; step: Step } | { ok: false; problem: ProgressProblem } {
  const fail = (field: ProgressProblem['field'], problem: Message) => ({ ok: false as const, problem: { field, msg: problem } })
  if (entry.date > today) return fail('date', msg('projects.future_date', { date: entry.date, today }))
  const kind = step(current.status, entry.status)
  if ((kind === 'skip' || kind === 'reverse') && !entry.reason?.trim()) {
    return fail('reason', msg(kind === 'skip' ? 'projects.skip_needs_reason' : 'projects.reverse_needs_reason', { from: current.status, to: entry.status }))
  }
  const [min, max] = progressRange(entry.status)
  if (entry.progressPct < min || entry.progressPct > max) {
    return fail('progressPct', min === max
      ? msg('projects.progress_fixed', { status: entry.status, pct: min, progressPct: entry.progressPct })
      : msg('projects.progress_range', { status: entry.status, min, max, progressPct: entry.progressPct }))
  }
  const started = PROJECT_STATUSES.indexOf(entry.status) >= PROJECT_STATUSES.indexOf('under_construction')
  const complete = entry.status === 'completed' || entry.status === 'accepted'
  const actualStart = started ? current.actualStart ?? entry.date : null
  const actualEnd = complete ? current.actualEnd ?? entry.date : null
  if (actualStart && actualEnd && actualEnd < actualStart) {
    return fail('date', msg('projects.end_before_start', { end: actualEnd, start: actualStart }))
  }
  if (actualStart && entry.date < actualStart && started && current.actualStart) {
    return fail('date', msg('projects.before_start', { date: entry.date, start: actualStart }))
  }
  return { ok: true, dates: { actualStart, actualEnd }, step: kind }
}

/** Today's date in China, where "in the future" is judged. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
