import postgres from 'postgres'
import { ensureJudged } from '../api/exit/stored.ts'
import { FACTS_TABLES } from '../api/analysis/village_facts.ts'
import { analyze } from '../db/statistics.ts'
import { sql } from 'drizzle-orm'
import { openDatabase } from '../db/client.ts'
import type { Database } from '../db/client.ts'
import { ensureDefaultSettings } from '../db/settings.ts'
import { loadCountry } from '../api/seed/generated.ts'
import type { CountryOptions } from '../geodata/country.ts'

/**
 * A persistent database holding the generated country (`BENCH_SCALE_DB`): opened (which applies any
 * new migration) and reused when it holds the country with its facts, else created or completed — the
 * load goes on where an earlier one stopped — and kept afterwards, never dropped.
 */
export async function countryDatabase(url: string, name: string, options: CountryOptions, log: (line: string) => void = console.log): Promise<Database> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_SCALE_DB: ${name} is not a plain database name`)
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [{ n }] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`
    if (!n) {
      log(`country database ${name}: created`)
      await admin.unsafe(`CREATE DATABASE ${name}`)
    }
  } finally {
    await admin.end()
  }
  const target = new URL(url)
  target.pathname = `/${name}`
  const db = await openDatabase({ url: target.toString(), onStage: (stage) => log(`[${name}] ${stage}`) })
  await ensureDefaultSettings(db)
  const state = await countryState(db)
  if (state.villages === options.villages && state.withoutFacts === 0) {
    log(`country database ${name}: ${state.villages} villages with their facts, reused`)
    // A database from before the stored exit judgement gets it now, as the API's start does.
    const started = performance.now()
    const judged = await ensureJudged(db)
    if (judged) {
      await analyze(db, FACTS_TABLES)
      log(`country database ${name}: exit judgement stored for ${judged} villages in ${((performance.now() - started) / 1000).toFixed(0)} s`)
    }
    return db
  }
  log(`country database ${name}: ${state.villages} of ${options.villages} villages, ${state.withoutFacts} without facts; loading`)
  const started = performance.now()
  const mib = () => `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`
  const report = await loadCountry(db, options, {
    resume: true,
    onBatch: (b) => log(`  counties ${b.counties}/${b.totalCounties}: ${b.villages} villages, ${b.features} features (${b.skipped} already stored), ` +
      `${(b.ms / 1000).toFixed(1)} s; ${((performance.now() - started) / 1000).toFixed(0)} s in all, ${mib()}`),
    onFacts: (done, total) => {
      if (done % 100 === 0 || done === total) log(`  village facts: county ${done}/${total}, ${((performance.now() - started) / 1000).toFixed(0)} s in all, ${mib()}`)
    },
  })
  log(`country database ${name}: ${report.villages} villages, ${report.features} features loaded through the import path ` +
    `(${report.skipped} already stored, ${report.warnings} warnings) with facts and ANALYZE in ${(report.ms / 1000).toFixed(0)} s, ${mib()}`)
  return db
}

async function countryState(db: Database): Promise<{ villages: number; withoutFacts: number }> {
  const [row] = await db.rows<{ villages: number; without: number }>(sql`
    SELECT (SELECT count(*)::int FROM villages) AS villages,
      (SELECT count(*)::int FROM villages v WHERE NOT EXISTS (SELECT 1 FROM village_facts f WHERE f.village_code = v.code)) AS without`)
  return { villages: row.villages, withoutFacts: row.without }
}
