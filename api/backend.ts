import type { Database } from '../db/client.ts'

/**
 * The server answers HTTP from the first moment, while the embedded database may still be
 * loading PostGIS (seconds): routes ask the backend for the database and get a 503 until it is ready.
 */
export interface Backend {
  state: 'starting' | 'ready' | 'failed'
  /** The current start-up stage, shown on the loading screen. */
  stage: string
  kind: 'pglite' | 'postgres'
  db?: Database
  postgis?: string
  error?: string
  /** Resolves when the state leaves 'starting' (ready or failed); GET /api/health?wait= waits on it. */
  settled: Promise<void>
}

/** Waits, at most `ms`, for a starting backend to become ready or fail; at once otherwise. */
export async function untilSettled(backend: Backend, ms: number): Promise<void> {
  if (backend.state !== 'starting' || ms <= 0) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([backend.settled, new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}

export function readyBackend(db: Database, postgis: string): Backend {
  return { state: 'ready', stage: 'ready', kind: db.kind, db, postgis, settled: Promise.resolve() }
}
