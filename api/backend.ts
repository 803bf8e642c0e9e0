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

export function readyBackend(db: Database, postgis: string): Backend {
  return { state: 'ready', stage: 'ready', kind: db.kind, db, postgis, settled: Promise.resolve() }
}
