import { sql } from 'drizzle-orm'
import { defaultSettingRows, settingScopes, SETTING_SPECS } from '../core/settings/catalogue.ts'
import type { ResolvedSetting } from '../core/settings/catalogue.ts'
import type { Database } from './client.ts'

// Settings in the database: the defaults written at start-up and the values in force for a region.

export async function ensureDefaultSettings(db: Database): Promise<void> {
  await db.rows(sql`
    INSERT INTO settings (key, scope, value)
    SELECT r->>'key', r->>'scope', r->'value' FROM jsonb_array_elements(${JSON.stringify(defaultSettingRows())}::jsonb) r
    ON CONFLICT (key, scope) DO NOTHING`)
}

export async function resolveSettings(db: Database, regionCode?: string): Promise<Record<string, ResolvedSetting>> {
  const scopes = settingScopes(regionCode)
  const rows = await db.rows<SettingRow>(sql`
    SELECT DISTINCT ON (key) key, scope, value FROM settings
    WHERE scope IN ${sql`(${sql.join(scopes.map((s) => sql`${s}`), sql`, `)})`}
    ORDER BY key, length(scope) DESC`)
  return resolveFrom(rows)
}

interface SettingRow {
  key: string
  scope: string
  value: unknown
}

/** The settings in force for each of many regions (the counties of a province), from one query. */
export async function resolveSettingsMany(db: Database, regionCodes: readonly string[]): Promise<Map<string, Record<string, ResolvedSetting>>> {
  const scopes = [...new Set(regionCodes.flatMap((r) => settingScopes(r)))]
  const rows = await db.rows<SettingRow>(sql`
    SELECT key, scope, value FROM settings WHERE scope IN (SELECT jsonb_array_elements_text(${JSON.stringify(scopes)}::jsonb))`)
  return new Map(regionCodes.map((region) => {
    const own = settingScopes(region)
    // As resolveSettings: of the region's scopes, the longest (most specific) that has the key.
    const best = new Map<string, SettingRow>()
    for (const r of rows) {
      if (!own.includes(r.scope)) continue
      const held = best.get(r.key)
      if (!held || r.scope.length > held.scope.length) best.set(r.key, r)
    }
    return [region, resolveFrom([...best.values()])]
  }))
}

function resolveFrom(rows: SettingRow[]): Record<string, ResolvedSetting> {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const resolved: Record<string, ResolvedSetting> = {}
  for (const spec of SETTING_SPECS) {
    const row = byKey.get(spec.key)
    resolved[spec.key] = {
      key: spec.key,
      value: row ? row.value : spec.default,
      scope: row ? row.scope : '',
      default: spec.default,
      unit: spec.unit,
      description: spec.description,
    }
  }
  return resolved
}

export async function settingNumber(db: Database, key: string, regionCode?: string): Promise<number> {
  const value = (await resolveSettings(db, regionCode))[key]?.value
  if (typeof value !== 'number') throw new Error(`Setting ${key} is not a number`)
  return value
}
