import type { Point, Polygon } from 'geojson'
import { z } from 'zod'
import { badRequest } from '../http/errors.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { checkCoordinates } from '../../core/format/coordinates.ts'

// The body of a scenario save: its candidate sites and its village assignments, validated at the door.

const MAX_DISTANCE_M = 500_000
const count = z.number().int().min(0).max(10_000_000)

const siteSchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'letters, digits, _ or - (at most 20)'),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  siteCode: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$/).optional(),
  geometry: z.object({ type: z.enum(['Point', 'Polygon']), coordinates: z.unknown() }).optional(),
  radiusM: z.number().finite().gt(0, 'must be more than 0').max(MAX_DISTANCE_M).optional(),
  capacityHouseholds: count.optional(),
  capacityPopulation: count.optional(),
  floorAreaM2: z.number().finite().min(0).optional(),
}).strict()

const assignmentSchema = z.object({
  villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code'),
  siteKey: z.string().min(1).max(20),
  households: count,
  persons: count,
  poorHouseholds: count.optional(),
}).strict()

const contentSchema = {
  name: z.string().trim().min(1, 'must not be empty').max(100),
  description: z.string().max(2000).nullable().optional(),
  sites: z.array(siteSchema).max(50).default([]),
  assignments: z.array(assignmentSchema).max(5000).default([]),
}

export const createSchema = z.object({ ...contentSchema, countyCode: z.string().regex(/^\d{6}$/, 'a 6-digit county code') }).strict()
export const updateSchema = z.object({ ...contentSchema, version: z.number().int().positive() }).strict()

export type ScenarioSiteInput = z.infer<typeof siteSchema> & { geometry?: Point | Polygon }
export type AssignmentInput = z.infer<typeof assignmentSchema>
export interface ScenarioContent {
  name: string
  description?: string | null
  sites: ScenarioSiteInput[]
  assignments: AssignmentInput[]
}

/** Checks across fields that zod does not express: geometry form, unique keys, known site keys. */
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
