import postgres from 'postgres'
import { openDatabase } from '../db/client.ts'
import type { Database } from '../db/client.ts'
import { loadSampleCounty } from '../api/seed/seed.ts'
import { ensureDefaultSettings } from '../db/settings.ts'

/**
 * A database with the sample county for one benchmark: PGlite in memory, or on PostgreSQL a
 * scratch database beside the one DATABASE_URL names (never that one), dropped by `drop()`.
 */
export async function benchDatabase(url: string | undefined): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (!url) {
    const db = await openDatabase({ dataDir: 'memory' })
    await prepare(db)
    return { db, drop: () => db.close() }
  }
  const name = `fupin_bench_${process.pid}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`)
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const scratch = new URL(url)
  scratch.pathname = `/${name}`
  const db = await openDatabase({ url: scratch.toString() })
  await prepare(db)
  return {
    db,
    drop: async () => {
      await db.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

async function prepare(db: Database): Promise<void> {
  await ensureDefaultSettings(db)
  await loadSampleCounty(db)
}
