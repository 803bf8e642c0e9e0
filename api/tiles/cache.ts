import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { boxesMeet } from '../../core/tiles/tiles.ts'

// The in-process cache of built tiles. What changed is written by the database itself (triggers of
// migration 0007 record the extent of every statement's rows in tile_changes), so every write path
// invalidates the tiles it touches. Before a tile is served, the changes not yet seen are read (one
// indexed query) and the cached tiles they meet are dropped.
//
// On PostgreSQL an id is taken when the change is made and becomes visible when its transaction
// commits, so a smaller id can appear after a larger one: the changes of the last RECENT_MS are
// read again each time, and each is applied once.

const RECENT_MS = 5 * 60_000
const MAX_TILES = 5000
const MAX_BYTES = 256 * 1024 * 1024

export interface CachedTile {
  body: Uint8Array
  etag: string
}

interface Entry extends CachedTile {
  layer: LayerName
  bounds: [number, number, number, number]
}

interface Change {
  id: number
  layer: string
  bounds: [number, number, number, number] | null
}

export class TileCache {
  private tiles = new Map<string, Entry>()
  private bytes = 0
  private applied = new Map<number, number>()
  private newest = 0
  /** Changes applied, newest last: a tile built before one of them that it meets is not stored. */
  private recent: (Change & { seenAt: number })[] = []
  /** How many changes were applied; a tile built remembers the count it started from. */
  generation = 0

  constructor(private readonly db: Database) {}

  /** Read the changes not yet seen and drop the tiles they meet. */
  async refresh(): Promise<void> {
    const rows = await this.db.rows<{ id: number; layer: string; w: number | null; s: number | null; e: number | null; n: number | null }>(sql`
      SELECT id::float8 AS id, layer, w, s, e, n FROM tile_changes
      WHERE id > ${this.newest} OR at > clock_timestamp() - make_interval(secs => ${RECENT_MS / 1000})
      ORDER BY id`)
    const now = Date.now()
    for (const row of rows) {
      if (this.applied.has(row.id)) continue
      const change: Change = { id: row.id, layer: row.layer, bounds: row.w === null ? null : [row.w, row.s!, row.e!, row.n!] }
      this.applied.set(row.id, now)
      this.newest = Math.max(this.newest, row.id)
      this.apply(change)
      this.recent.push({ ...change, seenAt: now })
      this.generation++
    }
    for (const [id, at] of this.applied) if (at < now - 2 * RECENT_MS && id < this.newest) this.applied.delete(id)
    while (this.recent.length > 10_000 || (this.recent.length && this.recent[0].seenAt < now - 2 * RECENT_MS)) this.recent.shift()
  }

  get(key: string): CachedTile | undefined {
    const entry = this.tiles.get(key)
    if (!entry) return undefined
    this.tiles.delete(key)
    this.tiles.set(key, entry)
    return entry
  }

  /**
   * Keep a tile built from the data as of `generation`, unless a change seen since then meets it
   * (the tile may hold the data before that change).
   */
  set(key: string, layer: LayerName, bounds: [number, number, number, number], tile: CachedTile, generation: number): void {
    const since = this.generation - generation
    if (since > 0 && this.recent.slice(-since).some((c) => meets(c, layer, bounds))) return
    if (since > this.recent.length) return
    this.drop(key)
    this.tiles.set(key, { ...tile, layer, bounds })
    this.bytes += tile.body.byteLength
    for (const oldest of this.tiles.keys()) {
      if (this.tiles.size <= MAX_TILES && this.bytes <= MAX_BYTES) break
      this.drop(oldest)
    }
  }

  get size(): number {
    return this.tiles.size
  }

  private apply(change: Change) {
    for (const [key, entry] of this.tiles) if (meets(change, entry.layer, entry.bounds)) this.drop(key)
  }

  private drop(key: string) {
    const entry = this.tiles.get(key)
    if (!entry) return
    this.bytes -= entry.body.byteLength
    this.tiles.delete(key)
  }
}

const meets = (change: Change, layer: LayerName, bounds: readonly number[]) =>
  change.layer === layer && (change.bounds === null || boxesMeet(change.bounds, bounds))

const caches = new WeakMap<Database, TileCache>()

/** The cache of one database (one per open database, so tests on separate databases stay apart). */
export function tileCache(db: Database): TileCache {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new TileCache(db)))
  return cache
}
