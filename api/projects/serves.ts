import { sql } from 'drizzle-orm'
import type { LayerFeature } from '../../core/contract/layers.ts'
import type { ServedVillage, Serves } from '../../core/contract/projects.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import type { ProjectLayer } from '../../core/projects/layers.ts'
import type { NumberSettingKey } from '../../core/settings/catalogue.ts'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import { inRegion } from '../layers/store.ts'

// The villages a project serves: those within the access distance of a road, within a water
// scheme's reach, or relocated to a site. The rule is judged here once and said with its code.

export type ServesRule =
  /** Villages within radiusM of the project's geometry. */
  | { by: 'distance'; radiusM: number; msg: Message }
  /** Villages whose relocationSiteCode is the site's code. */
  | { by: 'site'; msg: Message }
  /** A road or water scheme not drawn yet serves nobody. */
  | { by: 'none'; msg: Message }

/** Which villages a project serves, with `setting` giving the value of a distance setting where it applies. */
export function servesRule(layer: ProjectLayer, feature: LayerFeature, setting: (key: NumberSettingKey) => number): ServesRule {
  if (layer === 'sites') return { by: 'site', msg: msg('projects.serves_site') }
  if (!feature.geometry) return { by: 'none', msg: msg('projects.serves_none') }
  if (layer === 'roads') {
    const radiusM = setting('exit.roadAccessM')
    return { by: 'distance', radiusM, msg: msg('projects.serves_road', { radiusM, setting: 'exit.roadAccessM' }) }
  }
  if (feature.geometry.type.includes('LineString')) {
    const radiusM = setting('water.pipelineServiceM')
    return { by: 'distance', radiusM, msg: msg('projects.serves_pipeline', { radiusM, setting: 'water.pipelineServiceM' }) }
  }
  const own = feature.properties.serviceRadiusM
  const radiusM = typeof own === 'number' ? own : setting('water.pointServiceRadiusM')
  return { by: 'distance', radiusM, msg: msg('projects.serves_scheme', { radiusM }) }
}

/** `villageScope`: the reader's region; villages outside it are not shown (a neighbouring township's counts stay theirs). */
export async function servedVillages(db: Database, layer: ProjectLayer, feature: LayerFeature, villageScope?: string): Promise<Serves> {
  const township = typeof feature.properties.townshipCode === 'string' ? feature.properties.townshipCode : undefined
  // Settings only where a distance applies (they are resolved for the project's township).
  const settings = layer === 'sites' || !feature.geometry ? null : await resolveSettings(db, township)
  const rule = servesRule(layer, feature, (key) => settings![key].value as number)
  const said = { ruleMsg: rule.msg, rule: english(rule.msg) }
  if (rule.by === 'none') return { ...said, villages: [], population: 0 }
  const code = feature.properties.code
  const inScope = villageScope ? inRegion('villages', villageScope, 'v') : sql`true`
  const villages = await db.rows<ServedVillage>(rule.by === 'site'
    ? sql`SELECT v.code, v.name, v.population, v.poor_population AS "poorPopulation", NULL::float8 AS "distanceM"
        FROM villages v WHERE v.relocation_site_code = ${code} AND ${inScope} ORDER BY v.code`
    : sql`SELECT v.code, v.name, v.population, v.poor_population AS "poorPopulation",
          ST_Distance(v.geom::geography, t.geom::geography) AS "distanceM"
        FROM villages v, ${sql.identifier(layer)} t
        WHERE t.code = ${code} AND ST_DWithin(v.geom::geography, t.geom::geography, ${rule.radiusM}) AND ${inScope}
        ORDER BY "distanceM", v.code`)
  return { ...said, villages, population: villages.reduce((s, v) => s + v.population, 0) }
}
