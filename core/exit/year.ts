import { msg, type Message } from '../messages/catalogue.ts'

// The year an exit answer is about ("the state at the end of year Y", core/exit/criteria.ts): the
// years a request may ask for, and what every answer says the year means. Without a year, the
// server takes the current year in China (core/time/china.ts yearInChina).

export const MIN_EXIT_YEAR = 2000
export const MAX_EXIT_YEAR = 2100

/** What an answer's year means, and whom it counts when the caller's account is limited to a region. */
export function exitNotices(year: number, scope: string | null = null): Message[] {
  return [
    msg('exit.year_state', { year }),
    msg('exit.year_projects', { endDate: `${year}-12-31` }),
    msg('exit.year_figures'),
    ...(scope ? [msg('exit.scope_only', { scope })] : []),
  ]
}
