import type { ProjectStatus } from '../format/layers.ts'
import type { ProjectLayer } from './layers.ts'

// A project's dated history as an import may bring it beside the project's fields (the sample
// county's, geodata/quannan/progress_log.json): the progress-log entries of the steps it went
// through, oldest first, the last one in the state the fields describe. Each entry obeys the
// lifecycle (core/projects/lifecycle.ts) as if it had been made on its date.

export interface HistoryEntry {
  /** The day of the step (ISO date). */
  date: string
  status: ProjectStatus
  progressPct: number | null
  /** Spent so far (yuan), where the project has a budget. */
  spentCny: number | null
}

export interface ProjectHistory {
  layer: ProjectLayer
  code: string
  entries: HistoryEntry[]
}

/** Whether a history ends in the state a project's fields describe (else an import records that state as well). */
export function endsIn(entries: readonly HistoryEntry[], state: Omit<HistoryEntry, 'date'>): boolean {
  const last = entries.at(-1)
  return last !== undefined && last.status === state.status && last.progressPct === state.progressPct && last.spentCny === state.spentCny
}
