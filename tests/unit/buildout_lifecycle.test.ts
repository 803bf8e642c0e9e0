// The project lifecycle (core/projects/lifecycle.ts): the one set of rules the server judges a
// progress entry with and the progress form proposes and explains with.
import { describe, expect, it } from 'vitest'
import { PROJECT_STATUSES } from '../../core/format/layers'
import {
  checkEntry, isComplete, isStarted, needsReason, progressRange, proposedProgress, step,
} from '../../core/projects/lifecycle'
import { todayInChina } from '../../core/time/china'

const TODAY = '2024-06-01'
const tendered = { status: 'tendered' as const, actualStart: null, actualEnd: null }
const building = { status: 'under_construction' as const, actualStart: '2024-03-15', actualEnd: null }

describe('steps of the lifecycle', () => {
  it('names each step between two statuses', () => {
    expect(step('planned', 'approved')).toBe('next')
    expect(step('planned', 'tendered')).toBe('skip')
    expect(step('completed', 'under_construction')).toBe('reverse')
    expect(step('accepted', 'accepted')).toBe('same')
  })

  it('counts started from under construction on, complete at completed or accepted', () => {
    expect(PROJECT_STATUSES.filter(isStarted)).toEqual(['under_construction', 'completed', 'accepted'])
    expect(PROJECT_STATUSES.filter(isComplete)).toEqual(['completed', 'accepted'])
  })
})

describe('progress bounds', () => {
  it('allows 0 % before construction, 0–99.9 % during it and 100 % once complete', () => {
    expect(Object.fromEntries(PROJECT_STATUSES.map((s) => [s, progressRange(s)]))).toEqual({
      planned: [0, 0], approved: [0, 0], tendered: [0, 0], under_construction: [0, 99.9], completed: [100, 100], accepted: [100, 100],
    })
  })

  it('proposes the nearest allowed progress when the status changes', () => {
    expect(proposedProgress('tendered', 35)).toBe(0)
    expect(proposedProgress('under_construction', 99.9)).toBe(99.9)
    expect(proposedProgress('under_construction', 100)).toBe(99)
    expect(proposedProgress('accepted', 0)).toBe(100)
  })

  it('refuses 100 % under construction and 90 % when completed, naming the field and the figures', () => {
    expect(checkEntry(building, { date: TODAY, status: 'under_construction', progressPct: 100 }, TODAY)).toEqual({
      ok: false,
      problem: { field: 'progressPct', msg: { code: 'projects.progress_range', params: { status: 'under_construction', min: 0, max: 99.9, progressPct: 100 } } },
    })
    expect(checkEntry(building, { date: TODAY, status: 'completed', progressPct: 90 }, TODAY)).toEqual({
      ok: false,
      problem: { field: 'progressPct', msg: { code: 'projects.progress_fixed', params: { status: 'completed', pct: 100, progressPct: 90 } } },
    })
  })
})

describe('reasons', () => {
  it('needs a reason to skip a step', () => {
    expect(needsReason('tendered', 'completed')).toBe(true)
    const entry = { date: TODAY, status: 'completed' as const, progressPct: 100 }
    expect(checkEntry(tendered, entry, TODAY)).toMatchObject({
      ok: false, problem: { field: 'reason', msg: { code: 'projects.skip_needs_reason', params: { from: 'tendered', to: 'completed' } } },
    })
    expect(checkEntry(tendered, { ...entry, reason: '   ' }, TODAY)).toMatchObject({ ok: false, problem: { field: 'reason' } })
    expect(checkEntry(tendered, { ...entry, reason: '应急工程,当年开工当年完工' }, TODAY)).toMatchObject({ ok: true, step: 'skip' })
  })

  it('needs a reason to go back', () => {
    expect(needsReason('under_construction', 'tendered')).toBe(true)
    expect(checkEntry(building, { date: TODAY, status: 'tendered', progressPct: 0 }, TODAY)).toMatchObject({
      ok: false, problem: { field: 'reason', msg: { code: 'projects.reverse_needs_reason', params: { from: 'under_construction', to: 'tendered' } } },
    })
  })

  it('needs none for the next step or the same status', () => {
    expect(needsReason('tendered', 'under_construction')).toBe(false)
    expect(needsReason('under_construction', 'under_construction')).toBe(false)
  })
})

describe('dates', () => {
  it('sets the actual start when construction begins and the end when it completes, keeping an earlier start', () => {
    expect(checkEntry(tendered, { date: '2024-04-02', status: 'under_construction', progressPct: 5 }, TODAY))
      .toEqual({ ok: true, step: 'next', dates: { actualStart: '2024-04-02', actualEnd: null } })
    expect(checkEntry(building, { date: '2024-05-30', status: 'completed', progressPct: 100 }, TODAY))
      .toEqual({ ok: true, step: 'next', dates: { actualStart: '2024-03-15', actualEnd: '2024-05-30' } })
  })

  it('clears both dates when a project goes back before construction', () => {
    expect(checkEntry(building, { date: TODAY, status: 'tendered', progressPct: 0, reason: '施工合同解除' }, TODAY))
      .toEqual({ ok: true, step: 'reverse', dates: { actualStart: null, actualEnd: null } })
  })

  it('refuses a date after today, and one before the project started', () => {
    expect(checkEntry(building, { date: '2024-06-02', status: 'under_construction', progressPct: 50 }, TODAY)).toEqual({
      ok: false, problem: { field: 'date', msg: { code: 'projects.future_date', params: { date: '2024-06-02', today: TODAY } } },
    })
    expect(checkEntry(building, { date: '2024-03-14', status: 'under_construction', progressPct: 50 }, TODAY)).toEqual({
      ok: false, problem: { field: 'date', msg: { code: 'projects.before_start', params: { date: '2024-03-14', start: '2024-03-15' } } },
    })
    expect(checkEntry(building, { date: '2024-03-01', status: 'completed', progressPct: 100 }, TODAY)).toEqual({
      ok: false, problem: { field: 'date', msg: { code: 'projects.end_before_start', params: { end: '2024-03-01', start: '2024-03-15' } } },
    })
  })

  it('judges "today" in China: 16:30 UTC on 31 May is already 1 June there', () => {
    const today = todayInChina(new Date('2024-05-31T16:30:00Z'))
    expect(today).toBe('2024-06-01')
    expect(checkEntry(building, { date: '2024-06-01', status: 'under_construction', progressPct: 50 }, today)).toMatchObject({ ok: true })
  })
})
