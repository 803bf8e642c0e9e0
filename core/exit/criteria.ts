import { english } from '../messages/english.ts'
import { msg, type Message } from '../messages/catalogue.ts'
import type { NumberSettingKey, ResolvedSetting } from '../settings/catalogue.ts'

// Village exit (贫困村退出): the judgement of each criterion from what the database knows about a
// village (its facts, gathered by one query in api/exit/facts.ts), the village's data problems and
// its state at the end of a year. Pure: the server judges with it, and nothing else judges.
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

/** What a village's data lacks for the judgement; `unsupported_<id>` for a criterion the data cannot judge. */
export const DATA_PROBLEMS = [
  'population_zero', 'unknown_poor_village', 'unknown_poor_population', 'unknown_electricity', 'unknown_broadband',
  'unknown_clinic', 'unknown_cultural_room',
] as const
export type DataProblem = (typeof DATA_PROBLEMS)[number] | `unsupported_${string}`

export interface Criterion {
  id: string
  /** A ratio (incidence), metres (road, water, clinic), or the village's boolean; null when not known. */
  value: number | boolean | null
  /** The limit the value is judged against (ratio or metres); null for boolean criteria. */
  threshold: number | null
  /** null: not known, which never counts as a pass. */
  pass: boolean | null
  /** How the value was judged, in English for scripts (the English of noteMsg). */
  note: string
  /** The same as a code of the exit section, for the web app to say in the reader's language. */
  noteMsg: Message
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

/** What the database knows about a village, as api/exit/facts.ts gathers it. */
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
  dataProblems: DataProblem[]
}

/** The settings each criterion's threshold comes from (the web app names them on hover). */
export const CRITERION_SETTINGS: Readonly<Record<string, readonly NumberSettingKey[]>> = {
  incidence: ['exit.incidenceThreshold'],
  road: ['exit.roadAccessM'],
  water: ['water.pointServiceRadiusM', 'water.pipelineServiceM'],
  clinic: ['exit.clinicWithinM'],
  electricity: [],
  broadband: [],
  cultural_room: [],
} satisfies Record<ExitCriterionId, readonly NumberSettingKey[]>

/** The rules of a county from its resolved settings (db/settings.ts resolveSettings). */
export function exitRules(county: string, settings: Record<string, ResolvedSetting>): ExitRules {
  const number = (key: NumberSettingKey) => settings[key].value as number
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

/** The note of a criterion: the code, and its English for scripts. */
const noted = (noteMsg: Message) => ({ note: english(noteMsg), noteMsg })

const BOOLEAN_CRITERIA = {
  electricity: { property: 'hasElectricity', yes: 'exit.electricity_yes', no: 'exit.electricity_no', unknown: 'exit.electricity_unknown' },
  broadband: { property: 'hasBroadband', yes: 'exit.broadband_yes', no: 'exit.broadband_no', unknown: 'exit.broadband_unknown' },
  cultural_room: { property: 'hasCulturalRoom', yes: 'exit.cultural_room_yes', no: 'exit.cultural_room_no', unknown: 'exit.cultural_room_unknown' },
} as const

/** One criterion of a village, judged against the rules. */
export function criterion(id: string, v: VillageFacts, rules: ExitRules): Criterion {
  switch (id) {
    case 'incidence': {
      const threshold = rules.incidenceThreshold
      if (v.population <= 0) return { id, value: null, threshold, pass: null, ...noted(msg('exit.incidence_population_zero')) }
      if (v.poorPopulation === null) return { id, value: null, threshold, pass: null, ...noted(msg('exit.incidence_unknown')) }
      const value = v.poorPopulation / v.population
      return { id, value, threshold, pass: value < threshold, ...noted(msg('exit.incidence')) }
    }
    case 'road': {
      const pass = v.roadM !== null && v.roadM <= rules.roadAccessM
      return {
        id, value: v.roadM, threshold: rules.roadAccessM, pass, feature: v.road,
        ...noted(v.roadM === null ? msg('exit.road_none') : msg('exit.road_distance')),
      }
    }
    case 'water':
      return {
        id, value: v.waterM, threshold: v.waterRadiusM, pass: v.waterCovers, feature: v.water,
        ...noted(v.water === null ? msg('exit.water_none') : v.waterCovers ? msg('exit.water_covered') : msg('exit.water_beyond')),
      }
    case 'clinic': {
      const threshold = rules.clinicWithinM
      const near = v.clinicM !== null && v.clinicM <= threshold
      const pass = v.hasClinic === true || near ? true : v.hasClinic === false ? false : null
      return {
        id, value: v.clinicM, threshold, pass, feature: v.clinic,
        ...noted(v.hasClinic === true ? msg('exit.clinic_own')
          : near ? msg('exit.clinic_near')
            : v.hasClinic === false ? msg('exit.clinic_none') : msg('exit.clinic_unknown')),
      }
    }
    case 'electricity':
    case 'broadband':
    case 'cultural_room': {
      const spec = BOOLEAN_CRITERIA[id]
      const value = v[spec.property]
      return { id, value, threshold: null, pass: value, ...noted(msg(value === null ? spec.unknown : value ? spec.yes : spec.no)) }
    }
    default:
      // Settings accept only the known ids; anything else cannot be judged, so it never passes.
      return { id, value: null, threshold: null, pass: null, ...noted(msg('exit.unsupported', { criterion: id })) }
  }
}

const PROBLEM_OF: Record<string, DataProblem> = {
  electricity: 'unknown_electricity',
  broadband: 'unknown_broadband',
  clinic: 'unknown_clinic',
  cultural_room: 'unknown_cultural_room',
}

/** Data problems of a village: population 0, an unknown poor-village flag, and every criterion not known. */
export function dataProblems(v: VillageFacts, criteria: Criterion[]): DataProblem[] {
  const problems: DataProblem[] = []
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

/** Whether a village meets every criterion with nothing missing: what makes it ready, in any year. */
export const meetsAll = (criteria: readonly Pick<Criterion, 'pass'>[], problems: readonly string[]): boolean =>
  problems.length === 0 && criteria.every((c) => c.pass === true)

/**
 * Where a village stands against the end of `year`: exited by then (exitYear ≤ year), planned to have
 * exited by then (plannedExitYear ≤ year). api/exit/aggregate.ts asks the same two questions in SQL.
 */
export function yearPosition(v: Pick<VillageFacts, 'exitYear' | 'plannedExitYear'>, year: number): { exitedBy: boolean; plannedBy: boolean } {
  return {
    exitedBy: v.exitYear !== null && v.exitYear <= year,
    plannedBy: v.plannedExitYear !== null && v.plannedExitYear <= year,
  }
}

/** The state of a village from whether it is registered poor, where it stands against the year and whether it meets every criterion. */
export function stateOf(isPoorVillage: boolean | null, position: { exitedBy: boolean; plannedBy: boolean }, meets: boolean): VillageState {
  if (isPoorVillage !== true) return 'not_poor'
  if (position.exitedBy) return 'exited'
  if (meets) return 'ready'
  if (position.plannedBy) return 'behind'
  return 'in_progress'
}

/**
 * The state of a village at the end of `year`, from its year fields and whether it meets every
 * criterion (meetsAll: the criteria do not depend on the year asked, so a stored judgement can say it).
 */
export function stateInYear(
  v: Pick<VillageFacts, 'isPoorVillage' | 'exitYear' | 'plannedExitYear'>, meets: boolean, year: number,
): VillageState {
  return stateOf(v.isPoorVillage, yearPosition(v, year), meets)
}

/** The state of a village at the end of `year`. A village with data problems is never ready. */
export function villageState(
  v: Pick<VillageFacts, 'isPoorVillage' | 'exitYear' | 'plannedExitYear'>, criteria: Criterion[], problems: string[], year: number,
): VillageState {
  return stateInYear(v, meetsAll(criteria, problems), year)
}

/** What the judgement of a village is whatever the year: its criteria and data problems (evaluateVillage adds the state). */
export function judgeVillage(v: VillageFacts, rules: ExitRules): { criteria: Criterion[]; dataProblems: DataProblem[] } {
  const criteria = rules.criteria.map((id) => criterion(id, v, rules))
  return { criteria, dataProblems: dataProblems(v, criteria) }
}

/** A village's criteria (in the rules' order), data problems and state at the end of `year`. */
export function evaluateVillage(v: VillageFacts, rules: ExitRules, year: number): ExitVillage {
  const { criteria, dataProblems: problems } = judgeVillage(v, rules)
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
