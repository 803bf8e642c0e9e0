import type { Database } from '../db/client.ts'
import type { Actor } from './auth/actor.ts'
import type { NetworkOptions } from './http/origin.ts'

/** What every request carries once past the door: the database and the caller. */
export type AppEnv = {
  Variables: {
    db: Database
    actor: Actor
    network: NetworkOptions
    /** A tile request's read of the tile cache's changes, started before the caller is authenticated (api/tiles/route.ts). */
    tileChanges?: Promise<void>
  }
}
