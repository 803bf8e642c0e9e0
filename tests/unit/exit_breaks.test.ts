import { describe, expect, it } from 'vitest'
import { classBreaks, classOf, classRanges, niceStep } from '../../web/workspaces/exit/breaks'

describe('classBreaks', () => {
  it('gives no breaks for no values, only nulls, or one value repeated', () => {
    expect(classBreaks([])).toEqual([])
    expect(classBreaks([null, undefined, Number.NaN])).toEqual([])
    expect(classBreaks([0.3, 0.3, 0.3])).toEqual([])
  })

  it('cuts equal intervals at nice steps', () => {
    expect(classBreaks([0, 0.013, 0.021, 0.04, 0.1], { method: 'equal', classes: 5 })).toEqual([0.02, 0.04, 0.06, 0.08])
    expect(niceStep(0.0437)).toBe(0.05)
    expect(niceStep(3)).toBe(5)
    expect(niceStep(0)).toBe(0)
  })

  it('cuts quantiles, dropping duplicate thresholds', () => {
    expect(classBreaks([1, 2, 3, 4, 5, 6, 7, 8], { method: 'quantile', classes: 4 })).toEqual([2.75, 4.5, 6.25])
    expect(classBreaks([1, 1, 1, 1, 9], { method: 'quantile', classes: 4 })).toEqual([])
  })

  it('keeps 0 in a class of its own for counts, with whole-number thresholds', () => {
    const breaks = classBreaks([0, 0, 1, 2, 5, 7], { method: 'equal', classes: 4, integer: true, zeroClass: true })
    expect(breaks[0]).toBe(1)
    expect(breaks.every(Number.isInteger)).toBe(true)
    expect(classOf(0, breaks)).toBe(0)
    expect(classOf(1, breaks)).toBe(1)
    expect(classBreaks([0, 0, 0], { integer: true, zeroClass: true })).toEqual([])
    expect(classBreaks([0, 1, 1], { integer: true, zeroClass: true, method: 'equal' })).toEqual([1])
  })

  it('does not mutate its input', () => {
    const values = [5, 1, 3]
    classBreaks(values)
    expect(values).toEqual([5, 1, 3])
  })
})

describe('classOf and classRanges', () => {
  const breaks = [0.25, 0.5, 0.75, 1]
  it('puts a value on a threshold into the upper class, and missing values into -1', () => {
    expect(classOf(0, breaks)).toBe(0)
    expect(classOf(0.25, breaks)).toBe(1)
    expect(classOf(0.99, breaks)).toBe(3)
    expect(classOf(1, breaks)).toBe(4)
    expect(classOf(null, breaks)).toBe(-1)
    expect(classOf(Number.NaN, breaks)).toBe(-1)
    expect(classOf(3, [])).toBe(0)
  })
  it('describes each class as a half-open range', () => {
    expect(classRanges([1, 3])).toEqual([{ from: null, to: 1 }, { from: 1, to: 3 }, { from: 3, to: null }])
    expect(classRanges([])).toEqual([{ from: null, to: null }])
  })
})
