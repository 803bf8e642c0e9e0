import { section } from './define.ts'

// Siting: a candidate site's evaluation (its checks), scenarios (their warnings) and the refusals of
// both. Distances are metres; the reader's side writes them in m or km.

export const siting = section({
  // Checks of a candidate (api/analysis/site.ts, judged by core/siting/checks.ts)
  check_distance_pass: { en: 'Nearest {factor} at {valueM}; the limit is {limitM}.', params: { factor: 'factor', valueM: 'metres', limitM: 'metres' } },
  check_distance_fail: { en: 'Nearest {factor} at {valueM}; the limit is {limitM}.', params: { factor: 'factor', valueM: 'metres', limitM: 'metres' } },
  check_distance_none: { en: 'No {factor} feature found.', params: { factor: 'factor' } },
  // By road, a service the roads do not reach (core/siting/road_gap.ts): the reason, with the distance and the limit.
  check_distance_off_road: {
    en: 'Nearest {factor} not reachable by road: the candidate is {roadM} from the nearest built road, beyond the connector limit of {maxConnectorM}.',
    params: { factor: 'factor', roadM: 'metres', maxConnectorM: 'metres' },
  },
  check_distance_no_road: { en: 'Nearest {factor} not reachable by road: no road is built.', params: { factor: 'factor' } },
  check_distance_service_off_road: {
    en: 'Nearest {factor} not reachable by road: every {factor} nearby is farther than {maxConnectorM} from a built road.',
    params: { factor: 'factor', maxConnectorM: 'metres' },
  },
  check_distance_not_connected: { en: 'Nearest {factor} not reachable by road: no connected road joins it to the candidate.', params: { factor: 'factor' } },
  check_hazard_none: { en: 'No hazard zone within {bufferM}.', params: { bufferM: 'metres' } },
  check_hazard_found: { en: '{count} hazard zone(s) within {bufferM}: {zones}.', params: { count: 'count', bufferM: 'metres', zones: 'list' }, lists: { zones: 'text' } },
  // Capacity against demand, one set per unit: households, persons, floor area.
  check_households_unknown: { en: 'Capacity in households not given.' },
  check_households_pass: { en: 'Capacity {capacity} households ≥ demand {demand} households.', params: { capacity: 'households', demand: 'households' } },
  check_households_fail: { en: 'Capacity {capacity} households < demand {demand} households: over capacity by {over}.', params: { capacity: 'households', demand: 'households', over: 'households' } },
  check_persons_unknown: { en: 'Capacity in persons not given.' },
  check_persons_pass: { en: 'Capacity {capacity} persons ≥ demand {demand} persons.', params: { capacity: 'persons', demand: 'persons' } },
  check_persons_fail: { en: 'Capacity {capacity} persons < demand {demand} persons: over capacity by {over}.', params: { capacity: 'persons', demand: 'persons', over: 'persons' } },
  check_floor_area_unknown: { en: 'Planned floor area not given.' },
  check_floor_area_pass: { en: 'Floor area {capacity} ≥ {demand} needed.', params: { capacity: 'm2', demand: 'm2' } },
  check_floor_area_fail: { en: 'Floor area {capacity} < {demand} needed: short by {over}.', params: { capacity: 'm2', demand: 'm2', over: 'm2' } },
  // Scenario warnings (api/scenarios/summary.ts)
  over_capacity: { en: '{site}: {households} households / {persons} persons assigned, capacity {capacityHouseholds} / {capacityPopulation}.', params: { site: 'text', households: 'households', persons: 'persons', capacityHouseholds: 'households', capacityPopulation: 'persons' } },
  over_floor_area: { en: '{site}: {neededM2} needed at {perPersonM2} per person, {plannedM2} planned.', params: { site: 'text', neededM2: 'm2', perPersonM2: 'm2', plannedM2: 'm2' } },
  over_assigned: { en: '{village}: {assigned} households assigned, {relocating} relocating.', params: { village: 'text', assigned: 'households', relocating: 'households' } },
  // Refusals
  invalid_geometry: { en: 'Invalid geometry: {reason}.', params: { reason: 'text' } },
  outline_crosses_itself: { en: 'Invalid geometry: the outline crosses itself ({reason}).', params: { reason: 'text' } },
  outside_counties: { en: 'The site lies outside every county in the database.' },
  invalid_weights: { en: 'At least one score weight must be above 0.' },
  unknown_villages: { en: 'Unknown village code(s): {codes}.', params: { codes: 'list' }, lists: { codes: 'code' } },
  no_scenario: { en: 'No scenario {id}.', params: { id: 'text' } },
  scenario_not_yours: { en: 'Scenario {id} belongs to the region {region}, which your account does not cover: copy it to change it.', params: { id: 'text', region: 'code' } },
  hidden_assignments: { en: '{count} assignment(s) of villages outside your region are not shown.', params: { count: 'count' } },
  scenario_out_of_scope: { en: 'Scenario {id} belongs to county {county}, outside your region.', params: { id: 'text', county: 'code' } },
  county_out_of_scope: { en: 'County {county} is outside your region.', params: { county: 'code' } },
  duplicate_name: { en: 'A scenario named {name} already exists in county {county}.', params: { name: 'text', county: 'code' } },
  stale_scenario: { en: 'Scenario {id} was changed by someone else (version {current}, yours {yours}): reload it.', params: { id: 'text', current: 'count', yours: 'count' } },
  no_candidate: { en: 'Scenario {id} has no candidate {key}.', params: { id: 'text', key: 'text' } },
  already_a_site: { en: '{name} is already the site {code}.', params: { name: 'text', code: 'code' } },
  already_promoted: { en: '{name} was promoted to site {code}.', params: { name: 'text', code: 'code' } },
  candidate_outside_county: { en: '{name} lies in no township of county {county}.', params: { name: 'text', county: 'code' } },
  unknown_county: { en: 'No county with code {county}.', params: { county: 'code' } },
  unknown_site: { en: '{field}.siteCode: no site {code} with a location.', params: { field: 'field', code: 'code' } },
  invalid_site_geometry: { en: '{field}.geometry: {reason}.', params: { field: 'field', reason: 'text' } },
  site_outside_county: { en: '{field}: the site {name} lies outside county {county}.', params: { field: 'field', name: 'text', county: 'code' } },
  unknown_village: { en: '{field}: no village {code} in county {county}.', params: { field: 'field', code: 'code', county: 'code' } },
  unknown_village_in_scope: { en: '{field}: no village {code} in county {county} within your region {scope}.', params: { field: 'field', code: 'code', county: 'code', scope: 'code' } },
})
