import { section } from './define.ts'

// Build-out: the lifecycle's judgement of a progress entry (core/projects/lifecycle.ts), the rules
// of what a project serves, the notes of the rollup, and the refusals of the project routes.

export const projects = section({
  // A progress entry, judged against the project (field named in details.field)
  future_date: { en: 'The date {date} is in the future (today is {today} in China).', params: { date: 'date', today: 'date' } },
  skip_needs_reason: { en: 'Going from {from} to {to} skips a step: give a reason.', params: { from: 'status', to: 'status' } },
  reverse_needs_reason: { en: 'Going from {from} to {to} goes back: give a reason.', params: { from: 'status', to: 'status' } },
  progress_fixed: { en: 'A project that is {status} must be at {pct}, not {progressPct}.', params: { status: 'status', pct: 'percent', progressPct: 'percent' } },
  progress_range: { en: 'A project that is {status} must be at {min}–{max}, not {progressPct}.', params: { status: 'status', min: 'percent', max: 'percent', progressPct: 'percent' } },
  end_before_start: { en: 'The project would end ({end}) before it started ({start}).', params: { end: 'date', start: 'date' } },
  before_start: { en: 'The date {date} is before the project started ({start}).', params: { date: 'date', start: 'date' } },
  spent_above_budget: { en: 'Spent {spentCny} is above the budget {budgetCny}.', params: { spentCny: 'cny', budgetCny: 'cny' } },
  no_entry_to_correct: { en: "No entry {id} in this project's log to correct.", params: { id: 'count' } },
  // Other refusals
  no_project_layer: { en: 'No project layer {layer}: use sites, roads or water.', params: { layer: 'json' } },
  no_project: { en: 'No project {code} in {layer}.', params: { code: 'code', layer: 'layer' } },
  stale_project: { en: '{code} was changed by someone else since you opened it (version {current}, yours {yours}): reload and try again.', params: { code: 'code', current: 'count', yours: 'count' } },
  use_progress_log: { en: '{properties} change through the progress log (POST …/progress), not here.', params: { properties: 'list' }, lists: { properties: 'property' } },
  code_fixed: { en: 'The code of a project cannot change.' },
  no_funding_line: { en: 'No funding line {id} on {code}.', params: { id: 'text', code: 'code' } },
  code_taken: { en: 'A road {code} already exists: choose newCode.', params: { code: 'code' } },
  split_not_along: { en: 'The point must lie along a single-line road, not at its ends (or the road has no geometry).' },
  split_off_road: { en: 'The point is {offsetM} from the road: click on the road.', params: { offsetM: 'metres' } },
  // What a project serves
  serves_none: { en: 'no geometry yet' },
  serves_road: { en: 'villages within {radiusM} of the road ({setting})', params: { radiusM: 'metres', setting: 'setting' } },
  serves_pipeline: { en: 'villages within {radiusM} of the pipeline ({setting})', params: { radiusM: 'metres', setting: 'setting' } },
  serves_scheme: { en: "villages within the scheme's service radius, {radiusM}", params: { radiusM: 'metres' } },
  serves_site: { en: 'villages whose relocationSiteCode is this site' },
  // Notes of the rollup
  note_county_roads: { en: 'A project without a townshipCode (a county road) counts in every township it crosses, with the length and money of its part there; the region total counts it once.' },
  note_rates: { en: 'Started: under_construction or later. Complete: completed or accepted. Overdue: planned end passed and not complete (China time).' },
})
