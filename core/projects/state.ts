import type { ProjectStatus } from '../format/layers.ts'
import { msg, type Message } from '../messages/catalogue.ts'
import { isComplete, isStarted, progressRange } from './lifecycle.ts'

// The state of a project as a file or a form gives it (status, progress, actual dates), judged by
// the same lifecycle rules the progress log applies to each entry (lifecycle.ts): an import cannot
// set what the log would refuse.

export interface ProjectStateInput {
  status: ProjectStatus
  progressPct?: number
  actualStart?: string
  actualEnd?: string
}

export interface StateProblem {
  property: 'progressPct' | 'actualStart' | 'actualEnd'
  msg: Message
}

export function stateProblems(state: ProjectStateInput, today: string): StateProblem[] {
  const problems: StateProblem[] = []
  const [min, max] = progressRange(state.status)
  if (state.progressPct !== undefined && (state.progressPct < min || state.progressPct > max)) {
    problems.push({ property: 'progressPct', msg: min === max
      ? msg('projects.progress_fixed', { status: state.status, pct: min, progressPct: state.progressPct })
      : msg('projects.progress_range', { status: state.status, min, max, progressPct: state.progressPct }) })
  }
  for (const property of ['actualStart', 'actualEnd'] as const) {
    const date = state[property]
    if (date !== undefined && date > today) problems.push({ property, msg: msg('import.date_in_future', { property, date, today }) })
  }
  if (state.actualStart !== undefined && !isStarted(state.status)) {
    problems.push({ property: 'actualStart', msg: msg('import.start_before_construction', { status: state.status }) })
  }
  if (state.actualEnd !== undefined && !isComplete(state.status)) {
    problems.push({ property: 'actualEnd', msg: msg('import.end_before_completion', { status: state.status }) })
  }
  return problems
}
