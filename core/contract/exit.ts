import type { Message } from '../messages/catalogue.ts'
import type { Criterion, DataProblem, ExitRules, ExitVillage, VillageState } from '../exit/criteria.ts'
import type { ExitSummary, GroupBy, RegionRollup, Rollup, YearCount } from '../exit/rollup.ts'
import { endpoint } from './endpoint.ts'

// Village exit for the leaders' dashboard: each village's criteria and state at the end of a year
// (?region=&year=), and the rollup by region, planned against actual.

export type { Criterion, DataProblem, ExitRules, ExitSummary, ExitVillage, GroupBy, RegionRollup, Rollup, VillageState, YearCount }

/** The summary of a region in a year, with the rules it was judged by and what the year means. */
export interface ExitSummaryAnswer extends ExitSummary {
  /** The caller's region when the account is limited to one; only its villages are counted. */
  scope: string | null
  /** The rules of each county counted (one for a county or anything inside it). */
  rules: ExitRules[]
  /** What the year means, in English for scripts (the English of `notices`). */
  notes: string[]
  /** The same as codes of the exit section (year_state, year_projects, year_figures, scope_only). */
  notices: Message[]
}

/** The dashboard's one request: the summary and the villages it counts, judged once. */
export interface ExitDashboard {
  summary: ExitSummaryAnswer
  villages: ExitVillage[]
}

export const exitRoutes = {
  'GET /api/exit/villages': endpoint<ExitVillage[]>(),
  'GET /api/exit/summary': endpoint<ExitSummaryAnswer>(),
  'GET /api/exit/dashboard': endpoint<ExitDashboard>(),
}
