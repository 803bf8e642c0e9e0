import { msg, type Message } from '../../core/messages/catalogue.ts'
import { checkCoordinates } from '../../core/format/coordinates.ts'
import type { ScenarioContent } from '../../core/contract/scenarios.ts'
import { badRequest } from '../http/errors.ts'

// A scenario save's checks across fields, which its schema (core/contract/scenarios.ts) does not
// express: geometry form, unique keys, known site keys.

export type { ScenarioContent }

export function checkContent(content: ScenarioContent): void {
  const fail = (field: string, problem: Message, code = 'invalid_body') => {
    throw badRequest(code, msg('errors.invalid_body', { field, problem }), { field })
  }
  const keys = new Set<string>()
  content.sites.forEach((site, i) => {
    if (keys.has(site.key)) fail(`sites.${i}.key`, msg('fields.duplicate_site_key', { key: site.key }))
    keys.add(site.key)
    if (!site.geometry && !site.siteCode) fail(`sites.${i}`, msg('fields.site_needs_location'))
    if (site.geometry) {
      const problem = checkCoordinates(site.geometry.type, site.geometry.coordinates)
      if (problem) fail(`sites.${i}.geometry`, problem.msg, problem.reason)
    }
  })
  const pairs = new Set<string>()
  content.assignments.forEach((a, i) => {
    if (!keys.has(a.siteKey)) fail(`assignments.${i}.siteKey`, msg('fields.unknown_site_key', { key: a.siteKey }), 'unknown_site')
    const pair = `${a.villageCode}/${a.siteKey}`
    if (pairs.has(pair)) fail(`assignments.${i}`, msg('fields.assigned_twice', { village: a.villageCode, key: a.siteKey }))
    pairs.add(pair)
    if (a.poorHouseholds !== undefined && a.poorHouseholds > a.households) {
      fail(`assignments.${i}.poorHouseholds`, msg('fields.poor_above_households'))
    }
  })
}
