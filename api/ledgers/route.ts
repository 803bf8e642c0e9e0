import { Hono } from 'hono'
import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import type { AppEnv } from '../env.ts'
import type { Database } from '../../db/client.ts'
import { readScope } from '../auth/actor.ts'
import { numberSettings } from '../analysis/settings.ts'
import { exitSummary } from '../exit/summary.ts'
import { parseYear } from '../exit/route.ts'
import { attachment } from '../export/disposition.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { parseRegion } from '../http/params.ts'
import { inRegion } from '../layers/store.ts'
import { listProjects } from '../projects/store.ts'
import { projectSummary } from '../projects/summary.ts'
import { LEDGER_KINDS, type LedgerKind } from '../../core/contract/export.ts'
import { exportFileName, FORMAT_FILES } from '../../core/export/formats.ts'
import { projectSheet, rollupSheet } from '../../core/ledgers/projects.ts'
import { relocationFigures, relocationLedgerBook, type RelocationMove } from '../../core/ledgers/relocation.ts'
import type { Sheet } from '../../core/ledgers/sheet.ts'
import { villageLedgerBook, type LedgerVillage } from '../../core/ledgers/villages.ts'
import { writeWorkbook } from '../../core/ledgers/workbook.ts'
import { LEDGER_TITLES_ZH, projectLedgerWords, relocationLedgerWords, villageLedgerWords } from '../../core/ledgers/words_zh.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { PROJECT_LAYERS } from '../../core/projects/layers.ts'
import { relocationStandards } from '../../core/siting/standards.ts'
import { exportedAtInChina, todayInChina } from '../../core/time/china.ts'
import type { RegionRollup } from '../../core/contract/exit.ts'

// GET /api/ledgers/:kind?region=: the county's (or a township's) ledgers as Excel with Chinese
// headers, a summary sheet and one sheet per township, built by the same core/ledgers builders as
// the browser's exports. Villages and what derives from them stay in the reader's scope.

function parseKind(value: string): LedgerKind {
  if (!(LEDGER_KINDS as readonly string[]).includes(value)) {
    throw notFound(msg('export.unknown_ledger', { kind: value.slice(0, 40) }), { kinds: LEDGER_KINDS })
  }
  return value as LedgerKind
}

async function regionName(db: Database, code: string): Promise<string> {
  const [row] = await db.rows<{ name: string }>(sql`SELECT name FROM regions WHERE code = ${code}`)
  return row?.name ?? code
}

export async function villageLedger(db: Database, region: string, scope: string | undefined, year: number): Promise<Sheet[]> {
  const { summary, villages } = await exitSummary(db, { region, scope, year, byVillage: true })
  const counts = new Map((await db.rows<{ code: string; households: number; poorHouseholds: number | null }>(sql`
    SELECT v.code, v.households, v.poor_households AS "poorHouseholds" FROM villages v
    WHERE ${inRegion('villages', region, 'v')} ${scope ? sql`AND ${inRegion('villages', scope, 'v')}` : sql``}`)).map((r) => [r.code, r]))
  const rows: LedgerVillage[] = villages.map((v) => ({ ...v, households: counts.get(v.code)?.households ?? null, poorHouseholds: counts.get(v.code)?.poorHouseholds ?? null }))
  // A county's summary lists its townships; a township's, the township itself.
  const townships: RegionRollup[] = summary.groupBy === 'township'
    ? summary.groups
    : [{ ...summary.region, code: summary.region.code ?? region, name: summary.region.name ?? region, level: 'township' } as RegionRollup]
  const words = villageLedgerWords(await regionName(db, region), year)
  return villageLedgerBook(rows, townships, words)
}

export async function projectLedger(db: Database, region: string): Promise<Sheet[]> {
  const name = await regionName(db, region)
  const words = projectLedgerWords(name)
  const township = region.length === 9 ? region : null
  const summary = await projectSummary(db, region, undefined)
  const rows = await listProjects(db, PROJECT_LAYERS, region, todayInChina())
  const sheets: Sheet[] = [{ ...rollupSheet(summary, township, words), notes: [] }]
  const groups = new Map<string, typeof rows>()
  for (const r of rows) {
    const key = r.townshipCode ?? ''
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  for (const [code, members] of [...groups].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))) {
    const town = code === '' ? words.countyRoad : members[0].townshipName ?? code
    sheets.push({ ...projectSheet(members, words), name: town, title: words.townshipTitle(town) })
  }
  return sheets
}

export async function relocationLedger(db: Database, region: string, scope: string | undefined): Promise<Sheet[]> {
  const moves = await db.rows<RelocationMove>(sql`
    SELECT v.code AS "villageCode", v.name AS "villageName", v.township_code AS "townshipCode", r.name AS "townshipName",
      v.relocation, v.relocation_site_code AS "siteCode", s.name AS "siteName",
      coalesce(v.relocation_households, 0) AS households, coalesce(v.relocation_population, 0) AS persons,
      coalesce(v.relocation_poor_households, 0) AS "poorHouseholds"
    FROM villages v
    LEFT JOIN regions r ON r.code = v.township_code
    LEFT JOIN sites s ON s.code = v.relocation_site_code
    WHERE (v.relocation IN ('partial', 'whole') OR v.relocation_households > 0 OR v.relocation_population > 0)
      AND ${inRegion('villages', region, 'v')} ${scope ? sql`AND ${inRegion('villages', scope, 'v')}` : sql``}
    ORDER BY v.township_code, v.code`)
  const standards = relocationStandards(await numberSettings(db, region.slice(0, 6)))
  return relocationLedgerBook(relocationFigures(moves, standards), relocationLedgerWords(await regionName(db, region)))
}

export function ledgersRoute() {
  return new Hono<AppEnv>()
    .get('/:kind', async (c) => {
      const db = c.get('db')
      const kind = parseKind(c.req.param('kind'))
      const actor = c.get('actor')
      const region = await parseRegion(db, c.req.query('region') ?? (actor.regionCode || undefined))
      if (!region || region.length > 9) throw badRequest('invalid_region', msg('errors.invalid_region_level'), { parameter: 'region' })
      const scope = readScope(actor, 'villages')
      const year = parseYear(c.req.query('year'))
      const sheets = kind === 'villages' ? await villageLedger(db, region, scope, year)
        : kind === 'projects' ? await projectLedger(db, region)
          : await relocationLedger(db, region, scope)
      const source = `数据来源:扶贫规划一张图 · 导出于 ${exportedAtInChina()}`
      const bytes = await writeWorkbook(ExcelJS.Workbook, sheets, { source })
      c.header('Content-Type', FORMAT_FILES.xlsx.mediaType)
      c.header('Content-Disposition', attachment(exportFileName(LEDGER_TITLES_ZH[kind], region, todayInChina(), 'xlsx')))
      return c.body(new Uint8Array(bytes))
    })
}
