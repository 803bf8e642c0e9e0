import { section } from './define.ts'

// A problem with one field of a request body (zod's issues, and the project's own rules written
// into the schemas as these codes), named by its path (`sites.0.name`).

export const fields = section({
  invalid_type: { en: 'expected {expected}', params: { expected: 'text' } },
  required: { en: 'is required' },
  too_small: { en: 'must be at least {minimum}', params: { minimum: 'number' } },
  too_big: { en: 'must be at most {maximum}', params: { maximum: 'number' } },
  too_short: { en: 'must have at least {minimum} characters or items', params: { minimum: 'count' } },
  too_long: { en: 'must have at most {maximum} characters or items', params: { maximum: 'count' } },
  not_integer: { en: 'must be a whole number' },
  not_finite: { en: 'must be a finite number' },
  invalid_format: { en: 'has the wrong format ({format})', params: { format: 'text' } },
  unrecognized_keys: { en: 'unknown field(s) {keys}', params: { keys: 'list' }, lists: { keys: 'field' } },
  invalid_value: { en: 'must be one of {values}', params: { values: 'list' }, lists: { values: 'text' } },
  invalid_union: { en: 'has the wrong form' },
  invalid: { en: 'is not valid' },
  // The project's own rules, named in the schemas (core/contract).
  not_empty: { en: 'must not be empty' },
  more_than_zero: { en: 'must be more than 0' },
  village_code: { en: 'a 12-digit village code' },
  county_code: { en: 'a 6-digit county code' },
  region_code: { en: 'a county or township code (6 or 9 digits), or empty for the whole instance' },
  feature_code: { en: 'a code of letters, digits, "-", "_" or "." (at most 64 characters)' },
  site_key: { en: 'letters, digits, _ or - (at most 20)' },
  iso_date: { en: 'a date YYYY-MM-DD' },
  real_date: { en: 'not a real date' },
  standard_funding_source: { en: 'state, sector, self and other are the project fields fundingState…fundingOther' },
  duplicate_site_key: { en: 'the key {key} appears twice', params: { key: 'text' } },
  site_needs_location: { en: 'a candidate needs a geometry or the siteCode of an existing site' },
  unknown_site_key: { en: 'no candidate site with key {key}', params: { key: 'text' } },
  assigned_twice: { en: 'village {village} is assigned to {key} twice', params: { village: 'code', key: 'text' } },
  poor_above_households: { en: 'cannot exceed the assigned households' },
})
