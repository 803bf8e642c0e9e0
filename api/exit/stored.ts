import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettingsMany } from '../../db/settings.ts'
import type { ResolvedSetting } from '../../core/settings/catalogue.ts'
import { exitRules, judgeVillage, meetsAll } from '../../core/exit/criteria.ts'
import type { ExitRules, VillageFacts } from '../../core/exit/criteria.ts'
import { maskUncounted, storedFactsSql } from './facts.ts'
import { villageCounties } from '../layers/store.ts'

// The stored exit judgement (village_facts.exit_meets, exit_failing, exit_problems): each village
// judged by core/exit/criteria.ts (judgeVillage, the one judgement) from its stored facts and its own
// columns, by its county's rules. It does not depend on the year asked, so it is written beside the
// facts in the transaction of every change that refreshes them (api/analysis/village_facts.ts), and
// again for the villages of a scope whose exit setting changed; the state in a year follows from it
// and the village's exit years (stateInYear), counted in SQL by api/exit/aggregate.ts.

/** Settings whose change alters the judgement but not the measured facts (the water radii alter both). */
const EXIT_SETTINGS = ['exit.criteria', 'exit.incidenceThreshold', 'exit.roadAccessM', 'exit.clinicWithinM']

export const settingChangesJudgement = (key: string) => EXIT_SETTINGS.includes(key)

/** Every criterion the stored facts can answer, so that each county's own rules can be applied to them. */
const EVERY = { criteria: ['road', 'water', 'clinic'] } as ExitRules

/** Judges the villages of one county matching `filter` (alias `t` of villages) and stores the judgement; returns how many. */
export async function judgeCounty(tx: Database, filter: SQL, county: string, settings: Record<string, ResolvedSetting>): Promise<number> {
  const rules = exitRules(county, settings)
  const facts = await tx.rows<VillageFacts>(storedFactsSql(sql`(${filter}) AND t.code LIKE ${`${county}%`}`, EVERY))
  if (!facts.length) return 0
  const judged = facts.map((v) => {
    const { criteria, dataProblems } = judgeVillage(maskUncounted(v, rules), rules)
    return { c: v.code, m: meetsAll(criteria, dataProblems), f: criteria.filter((x) => x.pass === false).map((x) => x.id), p: dataProblems }
  })
  await tx.rows(sql`
    UPDATE village_facts f SET exit_meets = x.m, exit_failing = x.f, exit_problems = x.p
    FROM jsonb_to_recordset(${JSON.stringify(judged)}::jsonb) AS x(c text, m boolean, f text[], p text[])
    WHERE f.village_code = x.c`)
  return judged.length
}

/** Judges again every village of a region's code prefix ('' for all): an exit setting changed there. */
export function rejudge(tx: Database, prefix = ''): Promise<number> {
  return judgeByCounty(tx, prefix ? sql`t.code LIKE ${`${prefix}%`}` : sql`true`, (fn) => fn(tx))
}

/** Villages with facts but no stored judgement (a database from before it): judged now, each county in a transaction of its own. Returns how many. */
export function ensureJudged(db: Database): Promise<number> {
  return judgeByCounty(db, sql`t.code IN (SELECT f.village_code FROM village_facts f WHERE f.exit_meets IS NULL)`, (fn) => db.transaction(fn))
}

/** Judges the villages matching `filter` county by county, each county's work run by `run`. */
async function judgeByCounty(db: Database, filter: SQL, run: (fn: (tx: Database) => Promise<number>) => Promise<number>): Promise<number> {
  const counties = await villageCounties(db, filter)
  if (!counties.length) return 0
  const settings = await resolveSettingsMany(db, counties)
  let judged = 0
  for (const county of counties) judged += await run((tx) => judgeCounty(tx, filter, county, settings.get(county)!))
  return judged
}
