import type { SQL } from 'drizzle-orm'
import type { Database } from './client.ts'

/** A database handle that records every query it runs, to replay an endpoint's raw SQL without the API. */
export function recording(db: Database): { db: Database; queries: SQL[] } {
  const queries: SQL[] = []
  const wrap = (inner: Database): Database => ({
    ...inner,
    rows(query) {
      queries.push(query)
      return inner.rows(query)
    },
    transaction(fn) {
      return inner.transaction((tx) => fn(wrap(tx)))
    },
  })
  return { db: wrap(db), queries }
}
