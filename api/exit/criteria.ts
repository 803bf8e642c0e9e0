import { sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { resolveSettings } from '../../db/settings.ts'
import type { ResolvedSetting } from '../../core/settings/catalogue.ts'
import { reaches } from '../analysis/coverage.ts'
import { nearestOne, villagesIn } from '../analysis/nearest.ts'
import { targetSource } from '../analysis/targets.ts'
import type { TargetSource } from '../analysis/targets.ts'
import { inRegion } from '../layers/store.ts'

// Village exit (贫困村退出): the criteria of each village computed from the data, and its state in a
// given year. The SQL gathers the facts of every village of a region in one query (KNN and DWithin as
// in api/analysis, through the same targetSource definitions); the judgement is pure TypeScript.
//
// The year rule ("the state at the end of year Y"):
// - a village has exited when its exitYear ≤ Y;
// - a road or water scheme counts when it is complete (completed/accepted) and, if it has an actualEnd,
//   that date is ≤ Y-12-31; a complete project without actualEnd counts as complete since before the
//   data (existing infrastructure is imported as completed without dates);
// - facilities (clinics) have no dates and always count;
// - poverty figures (population, poorPopulation) are the current ones: the data has no yearly history.

export const EXIT_CRITERIA = ['incidence', 'road', 'water', 'electricity', 'broadband', 'clinic', 'cultural_room'] as const
export type ExitCriterionId = (typeof EXIT_CRITERIA)[number]

export const VILLAGE_STATES = ['not_poor', 'exited', 'ready', 'behind', 'in_progress'] as const
export type VillageState = (typeof VILLAGE_STATES)[number]

export interface Criterion {
  id: string
  /** A ratio (incidence), metres (road, water, clinic), or the village's boolean; null when not known. */
  value: number | boolean | null
  /** The limit the value is judged against (ratio or metres); null for boolean criteria. */
  threshold: number | null
  /** null: not known, which never counts as a pass. */
  pass: boolean | null
  note: string
  /** Code of the feature the value was measured to (road, water scheme, clinic), if any. */
  feature?: string | null
}

export interface ExitRules {
  /** The county these settings were resolved for. */
  county: string
  criteria: string[]
  incidenceThreshold: number
  roadAccessM: number
  clinicWithinM: number
  pointServiceRadiusM: number
  pipelineServiceM: number
}

/** What the database knows about a village, as gathered by exitFactsSql. */
export interface VillageFacts {
  code: string
  name: string
  townshipCode: string
  townshipName: string | null
  households: number
  population: number
  poorPopulation: number | null
  isPoorVillage: boolean | null
  plannedExitYear: number | null
  exitYear: number | null
  hasElectricity: boolean | null
  hasBroadband: boolean | null
  hasClinic: boolean | null
  hasCulturalRoom: boolean | null
  /** Nearest hardened road complete by the year. */
  road: string | null
  roadM: number | null
  /** The nearest covering drinking-water scheme, else the nearest one. */
  water: string | null
  waterM: number | null
  waterRadiusM: number | null
  waterCovers: boolean
  /** Nearest clinic facility. */
  clinic: string | null
  clinicM: number | null
}

export interface ExitVillage {
  code: string
  name: string
  townshipCode: string
  townshipName: string | null
  population: number
  poorPopulation: number | null
  isPoorVillage: boolean | null
  plannedExitYear: number | null
  exitYear: number | null
  state: VillageState
  criteria: Criterion[]
  dataProblems: string[]
}

export function exitRules(county: string, settings: Record<string, ResolvedSetting>): ExitRules {
  const number = (key: string) => settings[key].value as number
  const listed = settings['exit.criteria'].value
  const criteria = Array.isArray(listed) && listed.every((v) => typeof v === 'string')
    ? listed as string[]
    : settings['exit.criteria'].default as string[]
  return {
    county,
    criteria,
    incidenceThreshold: number('exit.incidenceThreshold'),
    roadAccessM: number('exit.roadAccessM'),
    clinicWithinM: number('exit.clinicWithinM'),
    pointServiceRadiusM: number('water.pointServiceRadiusM'),
    pipelineServiceM: number('water.pipelineServiceM'),
  }
}

/** The notes every exit answer carries about what the year means. */
export function yearNotes(year: number): string[] {
  return [
    `State at the end of ${year}: a village has exited when its exitYear ≤ ${year}.`,
    `Roads and water schemes count when complete (completed/accepted) with actualEnd ≤ ${year}-12-31; complete projects without actualEnd count as complete since before the data.`,
    'Poverty figures (population, poorPopulation, incidence) are the current ones: the data has no yearly history.',
  ]
}

const flag = (on: boolean) => (on ? sql`true` : sql`false`)

/**
 * One query over the villages matching `filter` (a condition on alias `t` of the villages table): the
 * village attributes and, for the spatial criteria that count, the nearest hardened complete road, the
 * covering (else nearest) drinking-water scheme and the nearest clinic.
 */
export function exitFactsSql(filter: SQL, rules: ExitRules, year: number): SQL {
  const radii = { pointServiceRadiusM: rules.pointServiceRadiusM, pipelineServiceM: rules.pipelineServiceM }
  // Complete by the end of the year; undated complete projects predate the data.
  const builtBy = sql`(t.actual_end IS NULL OR t.actual_end <= ${`${year}-12-31`}::date)`
  const asOf = (source: TargetSource): TargetSource => ({ ...source, where: sql`${source.where} AND ${builtBy}` })
  const road = asOf(targetSource('road_hardened', 'completed', radii))
  const water = asOf(targetSource('water', 'completed', radii))
  const clinic = targetSource('clinic', 'completed', radii)
  const counts = (id: ExitCriterionId) => rules.criteria.includes(id)
  // Covered as in coverage (each scheme's own radius, inclusive); the nearest scheme is looked up only for villages not covered.
  return sql`
    SELECT v.code, v.name, v.township_code AS "townshipCode", r.name AS "townshipName",
      v.households, v.population, v.poor_population AS "poorPopulation", v.is_poor_village AS "isPoorVillage",
      v.planned_exit_year AS "plannedExitYear", v.exit_year AS "exitYear",
      v.has_electricity AS "hasElectricity", v.has_broadband AS "hasBroadband", v.has_clinic AS "hasClinic",
      v.has_cultural_room AS "hasCulturalRoom",
      rd.code AS road, rd.distance AS "roadM",
      coalesce(wc.code, wn.code) AS water, coalesce(wc.distance, wn.distance) AS "waterM",
      coalesce(wc.radius, wn.radius) AS "waterRadiusM", (wc.code IS NOT NULL) AS "waterCovers",
      cl.code AS clinic, cl.distance AS "clinicM"
    FROM ${villagesIn(filter)} v
    LEFT JOIN regions r ON r.code = v.township_code
    LEFT JOIN LATERAL (${nearestOne(road, sql`v.geom`, flag(counts('road')))}) rd ON true
    LEFT JOIN LATERAL (
      SELECT t.code, ST_Distance(t.geom::geography, v.geom::geography) AS distance, ${water.radius!} AS radius
      FROM ${water.from}
      WHERE ${flag(counts('water'))} AND ${water.where} AND ${reaches(water, sql`v.geom`, null)}
      ORDER BY distance, t.code LIMIT 1) wc ON true
    LEFT JOIN LATERAL (${nearestOne(water, sql`v.geom`, sql`${flag(counts('water'))} AND wc.code IS NULL`)}) wn ON true
    LEFT JOIN LATERAL (${nearestOne(clinic, sql`v.geom`, flag(counts('clinic')))}) cl ON true
    ORDER BY v.code`
}

const BOOLEAN_CRITERIA = {
  electricity: { property: 'hasElectricity', label: 'electricity' },
  broadband: { property: 'hasBroadband', label: 'broadband' },
  cultural_room: { property: 'hasCulturalRoom', label: 'a cultural activity room' },
} as const

/** One criterion of a village, judged against the rules. */
export function criterion(id: string, v: VillageFacts, rules: ExitRules): Criterion {
  switch (id) {
    case 'incidence': {
      const threshold = rules.incidenceThreshold
      if (v.population <= 0) {
        return { id, value: null, threshold, pass: null, note: 'Population is 0: the incidence is not defined.' }
      }
      if (v.poorPopulation === null) {
        return { id, value: null, threshold, pass: null, note: 'poorPopulation is not known.' }
      }
      const value = v.poorPopulation / v.population
      return {
        id, value, threshold, pass: value < threshold,
        note: 'poorPopulation ÷ population, must be below the threshold; current figures (no yearly history).',
      }
    }
    case 'road': {
      const pass = v.roadM !== null && v.roadM <= rules.roadAccessM
      return {
        id, value: v.roadM, threshold: rules.roadAccessM, pass, feature: v.road,
        note: v.roadM === null ? 'No hardened, complete road.' : 'Distance to the nearest hardened, complete road.',
      }
    }
    case 'water':
      return {
        id, value: v.waterM, threshold: v.waterRadiusM, pass: v.waterCovers, feature: v.water,
        note: v.water === null ? 'No complete drinking-water scheme.'
          : v.waterCovers ? 'Within the service radius of a complete drinking-water scheme.'
            : 'Distance to the nearest complete drinking-water scheme, beyond its service radius.',
      }
    case 'clinic': {
      const threshold = rules.clinicWithinM
      const near = v.clinicM !== null && v.clinicM <= threshold
      const pass = v.hasClinic === true || near ? true : v.hasClinic === false ? false : null
      return {
        id, value: v.clinicM, threshold, pass, feature: v.clinic,
        note: v.hasClinic === true ? 'The village has its own clinic (hasClinic).'
          : near ? 'A clinic lies within reach.'
            : v.hasClinic === false ? 'No village clinic and none within reach.'
              : 'hasClinic is not known and no clinic lies within reach.',
      }
    }
    case 'electricity':
    case 'broadband':
    case 'cultural_room': {
      const { property, label } = BOOLEAN_CRITERIA[id]
      const value = v[property]
      return {
        id, value, threshold: null, pass: value,
        note: value === null ? `${property} is not known.` : value ? `The village has ${label}.` : `The village lacks ${label}.`,
      }
    }
    default:
      // Settings accept only the known ids; anything else cannot be judged, so it never passes.
      return { id, value: null, threshold: null, pass: null, note: `The criterion ${id} cannot be computed from the data.` }
  }
}

const PROBLEM_OF: Record<string, string> = {
  electricity: 'unknown_electricity',
  broadband: 'unknown_broadband',
  clinic: 'unknown_clinic',
  cultural_room: 'unknown_cultural_room',
}

/** Data problems of a village: population 0, an unknown poor-village flag, and every criterion not known. */
export function dataProblems(v: VillageFacts, criteria: Criterion[]): string[] {
  const problems: string[] = []
  if (v.population <= 0) problems.push('population_zero')
  if (v.isPoorVillage === null) problems.push('unknown_poor_village')
  for (const c of criteria) {
    if (c.pass !== null) continue
    if (c.id === 'incidence') {
      if (v.poorPopulation === null) problems.push('unknown_poor_population')
    } else {
      problems.push(PROBLEM_OF[c.id] ?? `unsupported_${c.id}`)
    }
  }
  return problems
}

/** The state of a village at the end of `year`. A village with data problems is never ready. */
export function villageState(
  v: Pick<VillageFacts, 'isPoorVillage' | 'exitYear' | 'plannedExitYear'>, criteria: Criterion[], problems: string[], year: number,
): VillageState {
  if (v.isPoorVillage !== true) return 'not_poor'
  if (v.exitYear !== null && v.exitYear <= year) return 'exited'
  if (problems.length === 0 && criteria.every((c) => c.pass === true)) return 'ready'
  if (v.plannedExitYear !== null && v.plannedExitYear <= year) return 'behind'
  return 'in_progress'
}

export function evaluateVillage(v: VillageFacts, rules: ExitRules, year: number): ExitVillage {
  const criteria = rules.criteria.map((id) => criterion(id, v, rules))
  const problems = dataProblems(v, criteria)
  return {
    code: v.code,
    name: v.name,
    townshipCode: v.townshipCode,
    townshipName: v.townshipName,
    population: v.population,
    poorPopulation: v.poorPopulation,
    isPoorVillage: v.isPoorVillage,
    plannedExitYear: v.plannedExitYear,
    exitYear: v.exitYear,
    state: villageState(v, criteria, problems, year),
    criteria,
    dataProblems: problems,
  }
}

export interface ExitQuery {
  /** A region code (membership rule), or undefined for every village. */
  region?: string
  /** The caller's village scope (readScope), if limited. */
  scope?: string
  year: number
}

/**
 * The exit state of every village of a region within the caller's scope. Settings are per county, so
 * the facts are gathered with one query per county (one for any region, since a region lies in a county).
 */
export async function exitVillages(db: Database, query: ExitQuery): Promise<{ villages: ExitVillage[]; rules: ExitRules[] }> {
  const conditions: SQL[] = []
  if (query.region) conditions.push(inRegion('villages', query.region))
  if (query.scope) conditions.push(inRegion('villages', query.scope))
  const filter = conditions.length ? sql.join(conditions, sql` AND `) : sql`true`
  const counties = query.region
    ? [query.region.slice(0, 6)]
    : (await db.rows<{ county: string }>(sql`
        SELECT DISTINCT left(t.code, 6) AS county FROM villages t WHERE ${filter} ORDER BY county`)).map((r) => r.county)
  const villages: ExitVillage[] = []
  const rules: ExitRules[] = []
  for (const county of counties) {
    const countyRules = exitRules(county, await resolveSettings(db, county))
    rules.push(countyRules)
    const facts = await db.rows<VillageFacts>(exitFactsSql(sql`${filter} AND t.code LIKE ${`${county}%`}`, countyRules, query.year))
    for (const v of facts) villages.push(evaluateVillage(v, countyRules, query.year))
  }
  return { villages, rules }
}
