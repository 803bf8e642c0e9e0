// Class breaks for the township choropleth (pure: no Vue, no MapLibre).
// Breaks are ascending thresholds t1 < t2 < … < tk; class 0 holds values below t1, class i values in
// [t_i, t_{i+1}), class k values from tk up. k thresholds make k + 1 classes.

export type BreakMethod = 'quantile' | 'equal'

export interface BreakOptions {
  /** Classes wanted (at most; fewer when the values do not allow them). Default 5. */
  classes?: number
  method?: BreakMethod
  /** Counts: thresholds are whole numbers. */
  integer?: boolean
  /** 0 is a class of its own (e.g. "no village behind plan"). */
  zeroClass?: boolean
}

const finite = (values: readonly (number | null | undefined)[]) =>
  values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))

/** Rounds a step to 1, 2 or 5 × 10^n, so legends read 0–5 %, 5–10 % rather than 0–4.37 %. */
export function niceStep(step: number): number {
  if (!(step > 0)) return 0
  const magnitude = 10 ** Math.floor(Math.log10(step))
  const f = step / magnitude
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude
}

/** Value at quantile q (0…1) of sorted values, by linear interpolation. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

/** Removes the floating-point noise of `i * step` (0.30000000000000004). */
const tidy = (n: number) => Number(n.toPrecision(12))

/** Ascending unique thresholds for the values; [] when every value is the same or there are none. */
export function classBreaks(values: readonly (number | null | undefined)[], options: BreakOptions = {}): number[] {
  const { classes = 5, method = 'quantile', integer = false, zeroClass = false } = options
  let data = finite(values).sort((a, b) => a - b)
  const thresholds: number[] = []
  let wanted = Math.max(1, Math.floor(classes))
  if (zeroClass) {
    if (data.some((v) => v > 0)) thresholds.push(integer ? 1 : Number.MIN_VALUE)
    data = data.filter((v) => v > 0)
    wanted -= 1
  }
  if (data.length > 0 && wanted > 1) {
    const min = data[0]
    const max = data[data.length - 1]
    if (max > min) {
      let cuts: number[]
      if (method === 'equal') {
        const step = integer ? Math.max(1, Math.ceil((max - min) / wanted)) : niceStep((max - min) / wanted)
        const start = integer ? min : Math.floor(min / step) * step
        cuts = Array.from({ length: wanted - 1 }, (_, i) => tidy(start + (i + 1) * step))
      } else {
        cuts = Array.from({ length: wanted - 1 }, (_, i) => quantile(data, (i + 1) / wanted))
      }
      for (let cut of cuts) {
        if (integer) cut = Math.ceil(cut)
        if (cut > min && cut <= max) thresholds.push(cut)
      }
    }
  }
  return [...new Set(thresholds)].sort((a, b) => a - b)
}

/** The class of a value (0 … breaks.length); -1 when the value is missing. */
export function classOf(value: number | null | undefined, breaks: readonly number[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return -1
  let i = 0
  while (i < breaks.length && value >= breaks[i]) i++
  return i
}

export interface ClassRange {
  /** Inclusive lower bound; null for the first class (open below). */
  from: number | null
  /** Exclusive upper bound; null for the last class (open above). */
  to: number | null
}

/** The range of each class, for the legend. */
export function classRanges(breaks: readonly number[]): ClassRange[] {
  return Array.from({ length: breaks.length + 1 }, (_, i) => ({
    from: i === 0 ? null : breaks[i - 1],
    to: i === breaks.length ? null : breaks[i],
  }))
}
