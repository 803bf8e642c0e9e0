// Pure helpers of the Build-out workspace: table filter and sort, the log with corrections, codes.
import { describe, expect, it } from 'vitest'
import type { LogEntry, ProjectRow } from '../../core/contract/projects'
import { needsReason, proposedProgress } from '../../core/projects/lifecycle'
import {
  axisYears, chartSpan, countyOf, dayNumber, effectiveLog, filterProjects, geometryBBox, homeRegion, lifecycleSteps, mainFunding, progressSeries,
  ratePct, sortProjects, suggestCode,
} from '../../web/workspaces/buildout/projects'
import { formatWanYuan, formatWanYuanTable } from '../../web/format/numbers'

const row = (over: Partial<ProjectRow>): ProjectRow => ({
  layer: 'roads', code: 'R1', name: 'A', townshipCode: '360729100', townshipName: '城厢镇', status: 'planned', progressPct: 0,
  plannedStart: null, plannedEnd: null, actualStart: null, actualEnd: null, budgetCny: null, spentCny: null,
  fundingState: null, fundingSector: null, fundingSelf: null, fundingOther: null, contractor: null, version: 1,
  noGeometry: false, lengthM: null, overdue: false, ...over,
})

const entry = (over: Partial<LogEntry>): LogEntry => ({
  id: 1, date: '2024-01-01', status: 'planned', progressPct: 0, spentCny: null, note: null, reason: null, corrects: null,
  source: 'manual', createdBy: 'admin', createdAt: '2024-01-01T00:00:00Z', ...over,
})

describe('filterProjects', () => {
  const rows = [
    row({ code: 'R1', name: '北路', contractor: '赣南路桥' }),
    row({ code: 'W1', layer: 'water', townshipCode: '360729101', overdue: true }),
    row({ code: 'S1', layer: 'sites', status: 'under_construction' }),
  ]
  it('filters by type, township, status, overdue and text', () => {
    expect(filterProjects(rows, { type: 'water' }).map((r) => r.code)).toEqual(['W1'])
    expect(filterProjects(rows, { township: '360729100' }).map((r) => r.code)).toEqual(['R1', 'S1'])
    expect(filterProjects(rows, { status: 'under_construction' }).map((r) => r.code)).toEqual(['S1'])
    expect(filterProjects(rows, { overdueOnly: true }).map((r) => r.code)).toEqual(['W1'])
    expect(filterProjects(rows, { text: '路桥' }).map((r) => r.code)).toEqual(['R1'])
  })
  it('does not mutate its input', () => {
    const copy = JSON.stringify(rows)
    sortProjects(rows, 'status', 'desc')
    filterProjects(rows, { type: 'roads' })
    expect(JSON.stringify(rows)).toBe(copy)
  })
})

describe('countyOf', () => {
  it('is the county of the township, else of the code, else none (a county road by geometry)', () => {
    expect(countyOf(row({ townshipCode: '520999100', code: 'R9' }))).toBe('520999')
    expect(countyOf(row({ townshipCode: null, code: '360729100201-R' }))).toBe('360729')
    expect(countyOf(row({ townshipCode: null, code: 'XD-01' }))).toBeNull()
  })
  it('sorts the table by county, those without one last', () => {
    const rows = [row({ code: 'A', townshipCode: null }), row({ code: 'B', townshipCode: '520999100' }), row({ code: 'C', townshipCode: '360729100' })]
    expect(sortProjects(rows, 'county').map((r) => r.code)).toEqual(['C', 'B', 'A'])
    expect(sortProjects(rows, 'county', 'desc').map((r) => r.code)).toEqual(['B', 'C', 'A'])
  })
})

describe('sortProjects', () => {
  it('sorts by lifecycle order, missing values last in both directions', () => {
    const rows = [row({ code: 'a', status: 'completed', budgetCny: null }), row({ code: 'b', status: 'planned', budgetCny: 5 }), row({ code: 'c', status: 'tendered', budgetCny: 9 })]
    expect(sortProjects(rows, 'status').map((r) => r.code)).toEqual(['b', 'c', 'a'])
    expect(sortProjects(rows, 'budget', 'desc').map((r) => r.code)).toEqual(['c', 'b', 'a'])
    expect(sortProjects(rows, 'budget', 'asc').map((r) => r.code)).toEqual(['b', 'c', 'a'])
  })
})

describe('mainFunding', () => {
  it('names the largest source, or null', () => {
    expect(mainFunding(row({ fundingState: 10, fundingSelf: 20 }))).toBe('self')
    expect(mainFunding(row({}))).toBeNull()
  })
})

describe('the progress log', () => {
  const log = [
    entry({ id: 1, date: '2024-01-01', status: 'approved' }),
    entry({ id: 2, date: '2024-03-01', status: 'under_construction', progressPct: 40 }),
    entry({ id: 3, date: '2024-03-02', status: 'under_construction', progressPct: 30, corrects: 2 }),
  ]
  it('drops corrected entries', () => {
    expect(effectiveLog(log).map((e) => e.id)).toEqual([1, 3])
  })
  it('gives one point per day in date order', () => {
    const same = [...log, entry({ id: 4, date: '2024-03-02', status: 'under_construction', progressPct: 35 })]
    expect(progressSeries(same)).toEqual([
      { date: '2024-01-01', progressPct: 0, status: 'approved' },
      { date: '2024-03-02', progressPct: 35, status: 'under_construction' },
    ])
  })
})

describe('lifecycle helpers', () => {
  it('needs a reason when a step is skipped or reversed', () => {
    expect(needsReason('planned', 'approved')).toBe(false)
    expect(needsReason('planned', 'under_construction')).toBe(true)
    expect(needsReason('completed', 'under_construction')).toBe(true)
    expect(needsReason('tendered', 'tendered')).toBe(false)
  })
  it('proposes progress the status allows', () => {
    expect(proposedProgress('completed', 40)).toBe(100)
    expect(proposedProgress('under_construction', 100)).toBe(99)
    expect(proposedProgress('under_construction', 20)).toBe(20)
    expect(proposedProgress('approved', 20)).toBe(0)
  })
  it('marks steps done, current and to come', () => {
    expect(lifecycleSteps('tendered').map((s) => s.state)).toEqual(['done', 'done', 'current', 'todo', 'todo', 'todo'])
  })
})

describe('codes, boxes and rates', () => {
  it('suggests the first free code', () => {
    expect(suggestCode('roads', '360729', ['360729-RD-NEW-001'])).toBe('360729-RD-NEW-002')
    expect(suggestCode('water', '360729', [])).toBe('360729-WS-NEW-001')
  })
  it('boxes a line and refuses no geometry', () => {
    expect(geometryBBox({ type: 'LineString', coordinates: [[114, 24], [115, 25.5]] })).toEqual([114, 24, 115, 25.5])
    expect(geometryBBox(null)).toBeNull()
  })
  it('turns a rate into a one-decimal percentage', () => {
    expect(ratePct(1 / 3)).toBe(33.3)
    expect(ratePct(null)).toBeNull()
  })
})

describe('the region the project list opens on', () => {
  it('is a township account’s own township, a village account’s township, else the county', () => {
    expect(homeRegion('360729', '360729103')).toBe('360729103')
    expect(homeRegion('360729', '360729103201')).toBe('360729103')
    expect(homeRegion('360729', '360729')).toBe('360729')
    expect(homeRegion('360729', '')).toBe('360729')
    // An account of another county looking at this one sees the whole county.
    expect(homeRegion('360729', '360730101')).toBe('360729')
  })
})

describe('the progress chart’s span', () => {
  const point = (date: string, status: 'under_construction' | 'completed' | 'accepted', progressPct: number) => ({ date, status, progressPct })
  it('ends a complete project with its last entry or planned end, not today', () => {
    const series = [point('2010-10-12', 'under_construction', 0), point('2011-05-04', 'completed', 100), point('2011-06-20', 'accepted', 100)]
    expect(chartSpan(series, '2010-09-14', '2011-02-23', '2026-12-02')).toEqual({
      min: dayNumber('2010-09-14'), max: dayNumber('2011-06-20'), lineEnd: dayNumber('2011-06-20'),
    })
  })
  it('runs the line of work still under way up to today', () => {
    const span = chartSpan([point('2017-03-20', 'under_construction', 0), point('2018-12-20', 'under_construction', 62)], '2017-03-01', '2018-05-01', '2026-12-02')
    expect(span).toEqual({ min: dayNumber('2017-03-01'), max: dayNumber('2026-12-02'), lineEnd: dayNumber('2026-12-02') })
  })
  it('labels at most six years', () => {
    expect(axisYears(dayNumber('2016-03-01'), dayNumber('2018-12-31'))).toEqual([2016, 2017, 2018])
    expect(axisYears(dayNumber('2010-09-14'), dayNumber('2026-12-02'))).toEqual([2010, 2015, 2020, 2025])
    expect(axisYears(dayNumber('2015-11-10'), dayNumber('2026-12-02'))).toEqual([2016, 2018, 2020, 2022, 2024, 2026])
  })
})

describe('money in tables', () => {
  it('is 万元 with two decimals in every row (the figures the issue found: 17 / 10.21 / 11,461.1 / 2,426)', () => {
    expect([170_000, 102_100, 114_611_000, 24_260_000].map((y) => formatWanYuanTable(y, 'zh-CN'))).toEqual(['17.00', '10.21', '11,461.10', '2,426.00'])
    expect(formatWanYuanTable(5, 'en')).toBe('0.00')
    // Running text keeps the short form.
    expect(formatWanYuan(170_000, 'zh-CN')).toBe('17')
  })
})
