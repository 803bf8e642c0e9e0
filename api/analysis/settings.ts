import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import type { SettingLookup } from '../../core/siting/factors.ts'

/** The number settings in force for a region (its county's, else its province's, else the defaults). */
export async function numberSettings(db: Database, regionCode?: string): Promise<SettingLookup> {
  const resolved = await resolveSettings(db, regionCode)
  return (key) => resolved[key].value as number
}
