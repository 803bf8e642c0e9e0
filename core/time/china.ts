// Dates as China reckons them (Asia/Shanghai), whatever the time zone of the server or the browser:
// "in the future", "overdue" and "the current year" are judged here.

/** Today's date in China, YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** The current year in China. */
export function yearInChina(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now))
}

/** When a file is made, for its source line: 2026-11-28 09:15, China time. */
export function exportedAtInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(now)
}
