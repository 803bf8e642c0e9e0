// Backups (db/backup.ts): the whole instance into one file, restored on either backend; a file that
// is not ours, truncated, or of a newer schema is refused with the data untouched; and the move of
// the embedded data to a PostGIS server is a backup on one and a restore on the other.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BackupRefused, restoreBackup, writeBackup } from '../../db/backup.ts'
import { openDatabase } from '../../db/client.ts'
import { ensureDefaultSettings } from '../../db/settings.ts'
import { createUser, harness, request, resetData } from './harness.ts'
import type { Harness } from './harness.ts'

let h: Harness
const dir = mkdtempSync(join(tmpdir(), 'fupin-backup-'))
const file = (name: string) => join(dir, name)

/** What the instance holds, table by table: counts and a fingerprint of the rows. */
async function state(db = h.db) {
  const [row] = await db.rows<Record<string, string>>(sql`
    SELECT (SELECT count(*) FROM villages)::text AS villages, (SELECT count(*) FROM roads)::text AS roads,
      (SELECT count(*) FROM users)::text AS users, (SELECT count(*) FROM audit_log)::text AS audit,
      (SELECT md5(string_agg(code || ':' || population || ':' || ST_AsText(geom), ',' ORDER BY code)) FROM villages) AS village_rows,
      (SELECT md5(string_agg(code || ':' || ST_AsText(geom), ',' ORDER BY code)) FROM roads) AS road_rows,
      (SELECT md5(string_agg(key || scope || value::text, ',' ORDER BY key, scope)) FROM settings) AS settings,
      (SELECT md5(string_agg(concat_ws(':', zoom, cx, cy, county_code, n, code), ',' ORDER BY zoom, cx, cy, county_code)) FROM tile_cells) AS tile_cells`)
  return row
}

beforeAll(async () => {
  h = await harness()
  await resetData(h.db)
  await createUser(h.db, 'clerk', 'viewer', '360729')
  await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 800, scope: '360729' })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe(`backup and restore (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('restores exactly what was backed up, ids and all, and new rows continue after them', async () => {
    const before = await state()
    const manifest = await writeBackup(h.db, file('all.fupin.gz'))
    expect(manifest.tables.villages).toBe(Number(before.villages))
    await h.db.rows(sql`DELETE FROM villages WHERE code LIKE '360729100%'`)
    await h.db.rows(sql`UPDATE settings SET value = '999'::jsonb WHERE key = 'exit.roadAccessM'`)
    expect((await state()).villages).not.toBe(before.villages)
    await restoreBackup(h.db, file('all.fupin.gz'))
    expect(await state()).toEqual(before)
    // The id sequences moved past the restored rows: the next audit row gets a new id.
    await request(h.app, 'PUT', '/api/settings/exit.roadAccessM', { value: 700, scope: '360729' })
    const [{ ids }] = await h.db.rows<{ ids: number }>(sql`SELECT count(DISTINCT id)::int AS ids FROM audit_log`)
    expect(ids).toBe(Number(before.audit) + 1)
  })

  it('refuses a file that is not ours, a truncated one and one of a newer schema, changing nothing', async () => {
    await writeBackup(h.db, file('good.fupin.gz'))
    const before = await state()
    const whole = readFileSync(file('good.fupin.gz'))
    writeFileSync(file('truncated.gz'), whole.subarray(0, Math.floor(whole.length / 2)))
    writeFileSync(file('foreign.gz'), gzipSync('{"hello":"world"}\n'))
    writeFileSync(file('plain.txt'), 'not even gzip')
    const lines = gunzipSync(whole).toString('utf8').split('\n')
    const manifest = JSON.parse(lines[0])
    writeFileSync(file('newer.gz'), gzipSync([JSON.stringify({ ...manifest, schema: manifest.schema + 1e12 }), ...lines.slice(1)].join('\n')))
    writeFileSync(file('short.gz'), gzipSync(lines.filter((l, i) => i !== 3).join('\n')))
    const refused = async (name: string) => {
      const error = await restoreBackup(h.db, file(name)).catch((e: unknown) => e)
      expect(error, name).toBeInstanceOf(BackupRefused)
      return (error as BackupRefused).problem
    }
    expect(await refused('truncated.gz')).toBe('truncated')
    expect(await refused('foreign.gz')).toBe('not_ours')
    expect(await refused('plain.txt')).toBe('not_ours')
    expect(await refused('newer.gz')).toBe('newer_schema')
    expect(await refused('short.gz')).toBe('truncated')
    expect(await state()).toEqual(before)
  })

  it.skipIf(!process.env.DATABASE_URL)('moves the embedded data to a PostGIS server: a backup on one, a restore on the other', async () => {
    const embedded = await openDatabase({ dataDir: 'memory' })
    const url = process.env.DATABASE_URL!
    const name = `fupin_move_${process.pid}`
    const admin = postgres(url, { max: 1, onnotice: () => {} })
    try {
      await ensureDefaultSettings(embedded)
      await embedded.rows(sql`INSERT INTO regions (code, name, level, geom) SELECT code, name, level, geom FROM (VALUES
        ('520999', '示范县', 'county', ST_GeomFromText('POLYGON((106.8 27.3,107.2 27.3,107.2 27.7,106.8 27.7,106.8 27.3))', 4326))) v(code, name, level, geom)`)
      await embedded.rows(sql`INSERT INTO villages (code, name, township_code, households, population, geom, extra)
        VALUES ('520999100201', '示范村', '520999100', 300, 1100, ST_SetSRID(ST_MakePoint(107.01, 27.51), 4326), '{"村主任":"某某"}'::jsonb)`)
      await writeBackup(embedded, file('move.fupin.gz'))
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.unsafe(`CREATE DATABASE ${name}`)
      const target = new URL(url)
      target.pathname = `/${name}`
      const server = await openDatabase({ url: target.toString() })
      try {
        await restoreBackup(server, file('move.fupin.gz'))
        const [village] = await server.rows<{ name: string; extra: unknown; wkt: string }>(sql`SELECT name, extra, ST_AsText(geom) AS wkt FROM villages`)
        expect(village).toEqual({ name: '示范村', extra: { 村主任: '某某' }, wkt: 'POINT(107.01 27.51)' })
        expect((await server.rows(sql`SELECT 1 FROM regions WHERE code = '520999'`))).toHaveLength(1)
      } finally {
        await server.close()
      }
    } finally {
      await embedded.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  }, 120_000)
})
