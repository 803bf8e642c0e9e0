import { describe, expect, it } from 'vitest'
import { stateProblems } from '../../core/projects/state.ts'

const today = '2026-12-01'

describe('a project state as an import gives it', () => {
  it('takes what the progress log would take', () => {
    expect(stateProblems({ status: 'completed', progressPct: 100, actualStart: '2019-03-01', actualEnd: '2020-06-30' }, today)).toEqual([])
    expect(stateProblems({ status: 'under_construction', progressPct: 45, actualStart: '2026-12-01' }, today)).toEqual([])
    expect(stateProblems({ status: 'planned' }, today)).toEqual([])
  })

  it('refuses a progress outside its status, a date after today, dates a status cannot have yet', () => {
    const problems = stateProblems({ status: 'completed', progressPct: 10, actualEnd: '2099-01-01' }, today)
    expect(problems.map((p) => [p.property, p.msg.code])).toEqual([
      ['progressPct', 'projects.progress_fixed'], ['actualEnd', 'import.date_in_future'],
    ])
    expect(stateProblems({ status: 'under_construction', progressPct: 100 }, today)[0].msg)
      .toEqual({ code: 'projects.progress_range', params: { status: 'under_construction', min: 0, max: 99.9, progressPct: 100 } })
    expect(stateProblems({ status: 'tendered', actualStart: '2020-01-01', actualEnd: '2020-02-01' }, today).map((p) => p.msg.code))
      .toEqual(['import.start_before_construction', 'import.end_before_completion'])
    expect(stateProblems({ status: 'planned', progressPct: 0.5 }, today)[0].property).toBe('progressPct')
  })
})
