import { section } from './define.ts'

// Location–allocation (core/siting/optimise, api/optimise): refusals of a problem, why an answer is
// infeasible, and why an answer is not proved optimal.
export const optimise = section({
  no_origins: { en: 'No origin villages: choose a region or list villages.' },
  no_candidates: { en: 'No candidate sites given.' },
  locked_and_excluded: { en: 'Candidate {key} is both locked in and excluded.', params: { key: 'text' } },
  p_too_small: { en: 'The number of sites to choose must be a whole number of at least 1.' },
  p_too_large: { en: 'Cannot choose {p} sites out of {candidates} candidates that may be chosen.', params: { p: 'count', candidates: 'count' } },
  too_many_locked: { en: '{locked} candidates are locked in, more than the {p} sites to choose.', params: { locked: 'count', p: 'count' } },
  within_needed: { en: 'The coverage distance must be given (more than 0 m) for this model.' },
  capacity_missing: { en: 'Candidate {key} has no capacity in persons, which the capacitated model needs.', params: { key: 'text' } },
  no_origin_in_reach: { en: 'None of the {count} villages has a candidate in reach.', params: { count: 'count' } },
  not_coverable: {
    en: '{count} village(s) have no candidate within {withinM}: {villages}.',
    params: { count: 'count', withinM: 'metres', villages: 'list' }, lists: { villages: 'code' },
  },
  capacity_short: {
    en: 'Total capacity of the best {p} sites is {capacity} persons, below the demand of {demand}: short by {shortfall} persons.',
    params: { p: 'count', capacity: 'persons', demand: 'persons', shortfall: 'persons' },
  },
  villages_do_not_fit: { en: 'No choice of {p} sites holds every village whole within the capacities and limits.', params: { p: 'count' } },
  no_solution_within_limits: { en: 'No choice of {p} sites serves every village within the limits.', params: { p: 'count' } },
  not_all_served: { en: '{count} village(s), {persons} persons, could not be given a site.', params: { count: 'count', persons: 'persons' } },
  stopped_at_limit: { en: 'The proof stopped at the time limit of {timeLimitS}; the gap is what remains unproved.', params: { timeLimitS: 'seconds' } },
  restricted_gap: { en: 'The exact model was limited to each village\'s {nearestK} nearest candidates; the gap is what that leaves unproved.', params: { nearestK: 'count' } },
  time_limit_invalid: { en: 'The time limit must be more than 0 and at most {maxS}.', params: { maxS: 'seconds' } },
  too_many_candidates: { en: '{count} candidates, more than the limit of {max}.', params: { count: 'count', max: 'count' } },
  too_many_origins: { en: '{count} origin villages, more than the limit of {max}.', params: { count: 'count', max: 'count' } },
  unknown_key: { en: 'No candidate has the key {key}.', params: { key: 'text' } },
  duplicate_key: { en: 'The key {key} is used by more than one candidate.', params: { key: 'text' } },
  candidate_place_needed: { en: 'Candidate {key} needs a point or an existing site code.', params: { key: 'text' } },
  unknown_site: { en: 'No site {code}.', params: { code: 'code' } },
  unknown_village: { en: 'No village {code} in your region.', params: { code: 'code' } },
  locked_in_hazard: { en: 'Candidate {key} is locked in but lies within {bufferM} of a hazard zone.', params: { key: 'text', bufferM: 'metres' } },
  too_many_jobs: { en: '{count} optimisations are running already; wait for one to finish or cancel one.', params: { count: 'count' } },
  job_not_found: { en: 'No optimisation job {id}.', params: { id: 'text' } },
  job_failed: { en: 'The optimisation failed: {reason}.', params: { reason: 'text' } },
})
