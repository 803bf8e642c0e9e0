import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import { TARGETS, type Target } from '../../core/contract/analysis.ts'
import { PROJECT_STATUSES } from '../../core/format/layers.ts'
import type { ProjectStatus } from '../../core/format/layers.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { NumberSettingKey } from '../../core/settings/catalogue.ts'
import { badRequest } from '../http/errors.ts'

// The target classes of nearest and coverage: what counts as each, as SQL over the layer tables,
// and which setting gives its default coverage distance.

export { TARGETS, type Target }

/** The setting that holds each class's default coverage distance. Water uses each scheme's own radius. */
export const COVERAGE_SETTING: Readonly<Record<Target, NumberSettingKey | null>> = {
  road_hardened: 'exit.roadAccessM',
  road_any: 'exit.roadAccessM',
  water: null,
  site: 'siting.catchmentRadiusM',
  hazard: 'siting.hazardBufferM',
  township_seat: 'siting.maxTownshipSeatM',
  county_seat: 'coverage.countySeatM',
  school: 'siting.maxSchoolM',
  kindergarten: 'coverage.kindergartenM',
  clinic: 'exit.clinicWithinM',
  hospital: 'coverage.hospitalM',
  market: 'coverage.marketM',
  bus_stop: 'coverage.busStopM',
  service_center: 'coverage.serviceCenterM',
}

export function parseTarget(value: string | undefined): Target {
  if (value === undefined) throw badRequest('missing_target', msg('errors.missing_target'), { parameter: 'target', allowed: TARGETS })
  if (!(TARGETS as readonly string[]).includes(value)) {
    throw badRequest('unknown_target', msg('errors.unknown_target', { target: JSON.stringify(value.slice(0, 40)) }), { parameter: 'target', allowed: TARGETS })
  }
  return value as Target
}

/** What-if: projects from this status on count as built (default: completed, i.e. completed or accepted). */
export function parseBuiltFrom(value: string | undefined): ProjectStatus {
  if (value === undefined) return 'completed'
  if (!(PROJECT_STATUSES as readonly string[]).includes(value)) {
    throw badRequest('unknown_status', msg('errors.unknown_status', { status: JSON.stringify(value.slice(0, 40)) }), { parameter: 'status', allowed: PROJECT_STATUSES })
  }
  return value as ProjectStatus
}

export function builtStatuses(from: ProjectStatus): ProjectStatus[] {
  return PROJECT_STATUSES.slice(PROJECT_STATUSES.indexOf(from))
}

export interface TargetSource {
  /** Table and alias `t`. */
  from: SQL
  /** Conditions on `t` (always including a non-null geometry). */
  where: SQL
  /** Per-feature coverage radius in metres, where the class has one (water). */
  radius?: SQL
  /**
   * At least the largest `radius` of the class, cheaply (an index probe, not a scan): the constant an
   * index-backed ST_DWithin filters with before each feature's own radius is tested.
   */
  largestRadius?: SQL
}

export interface WaterRadii {
  pointServiceRadiusM: number
  pipelineServiceM: number
}

const statusIn = (from: ProjectStatus) =>
  sql`t.status IN (${sql.join(builtStatuses(from).map((s) => sql`${s}`), sql`, `)})`

export function targetSource(target: Target, builtFrom: ProjectStatus, water: WaterRadii): TargetSource {
  switch (target) {
    case 'road_hardened':
      return { from: sql`roads t`, where: sql`t.geom IS NOT NULL AND t.surface = 'hardened' AND ${statusIn(builtFrom)}` }
    case 'road_any':
      return { from: sql`roads t`, where: sql`t.geom IS NOT NULL AND ${statusIn(builtFrom)}` }
    case 'water':
      // Drinking water only: irrigation channels serve fields, not households.
      return {
        from: sql`water t`,
        where: sql`t.geom IS NOT NULL AND t.kind <> 'irrigation_channel' AND ${statusIn(builtFrom)}`,
        radius: sql`CASE WHEN GeometryType(t.geom) IN ('LINESTRING', 'MULTILINESTRING') THEN ${water.pipelineServiceM}::float8
          ELSE coalesce(t.service_radius_m, ${water.pointServiceRadiusM}::float8) END`,
        largestRadius: sql`greatest(${water.pipelineServiceM}::float8, ${water.pointServiceRadiusM}::float8,
          (SELECT max(w.service_radius_m) FROM water w))`,
      }
    case 'site':
      return { from: sql`sites t`, where: sql`t.geom IS NOT NULL AND t.decision = 'selected' AND ${statusIn(builtFrom)}` }
    case 'hazard':
      return { from: sql`hazards t`, where: sql`true` }
    default:
      return { from: sql`facilities t`, where: sql`t.kind = ${target}` }
  }
}
