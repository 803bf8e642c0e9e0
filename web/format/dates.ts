// Dates and times of the server (ISO 8601, UTC or with an offset) as county staff read them: local time, 24 h.

const pad = (n: number) => String(n).padStart(2, '0')

/** PostgreSQL writes `2024-05-03 06:07:00.12+00`; Date wants `2024-05-03T06:07:00.12+00:00`. */
export function parseTimestamp(text: string): Date {
  return new Date(text.trim().replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))
}

/** 2024-05-03 14:07 in the browser's time zone; the text as it came when it is not a date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = parseTimestamp(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A calendar date (2024-05-03) as it is: entry dates have no time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso
}

/** The start of the day after a yyyy-mm-dd date in local time, as ISO: an exclusive upper bound. */
export function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(y, m - 1, d + 1).toISOString()
}

/** The start of a yyyy-mm-dd date in local time, as ISO. */
export function startOfDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(y, m - 1, d).toISOString()
}
