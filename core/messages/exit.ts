import { section } from './define.ts'

// Village exit: the note of each criterion (core/exit/criteria.ts) and the notes of every answer.

export const exit = section({
  incidence: { en: 'poorPopulation ÷ population, must be below the threshold; current figures (no yearly history).' },
  incidence_population_zero: { en: 'Population is 0: the incidence is not defined.' },
  incidence_unknown: { en: 'poorPopulation is not known.' },
  road_distance: { en: 'Distance to the nearest hardened, complete road.' },
  road_none: { en: 'No hardened, complete road.' },
  water_covered: { en: 'Within the service radius of a complete drinking-water scheme.' },
  water_beyond: { en: 'Distance to the nearest complete drinking-water scheme, beyond its service radius.' },
  water_none: { en: 'No complete drinking-water scheme.' },
  clinic_own: { en: 'The village has its own clinic (hasClinic).' },
  clinic_near: { en: 'A clinic lies within reach.' },
  clinic_none: { en: 'No village clinic and none within reach.' },
  clinic_unknown: { en: 'hasClinic is not known and no clinic lies within reach.' },
  electricity_yes: { en: 'The village has electricity.' },
  electricity_no: { en: 'The village lacks electricity.' },
  electricity_unknown: { en: 'hasElectricity is not known.' },
  broadband_yes: { en: 'The village has broadband.' },
  broadband_no: { en: 'The village lacks broadband.' },
  broadband_unknown: { en: 'hasBroadband is not known.' },
  cultural_room_yes: { en: 'The village has a cultural activity room.' },
  cultural_room_no: { en: 'The village lacks a cultural activity room.' },
  cultural_room_unknown: { en: 'hasCulturalRoom is not known.' },
  unsupported: { en: 'The criterion {criterion} cannot be computed from the data.', params: { criterion: 'text' } },
  // Notes of every exit answer
  year_state: { en: 'State at the end of {year}: a village has exited when its exitYear ≤ {year}.', params: { year: 'year' } },
  year_projects: { en: 'Roads and water schemes count when complete (completed/accepted) with actualEnd ≤ {endDate}; complete projects without actualEnd count as complete since before the data.', params: { endDate: 'date' } },
  year_figures: { en: 'Poverty figures (population, poorPopulation, incidence) are the current ones: the data has no yearly history.' },
  scope_only: { en: 'Only the villages of your region {scope} are counted.', params: { scope: 'code' } },
})
