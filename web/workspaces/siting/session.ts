// The unsaved siting session kept in the browser (localStorage, one per account and county): the
// candidates, the assignments, the parameters, the open scenario and whether it was changed, so that
// a reload or a closed tab loses nothing. Evaluations are not kept: they are asked for again.
import type { DistanceMetric } from '../../../core/contract/analysis'
import type { ScenarioDetail } from '../../../core/contract/scenarios'
import type { Factor, LimitKey } from '../../../core/siting/factors'
import type { SiteGeometry } from './types'

export const SESSION_VERSION = 1

export interface StoredCandidate {
  key: string
  name: string
  geometry: SiteGeometry
  siteCode: string | null
  radiusM: number
  capacity: { households: number | null; population: number | null; floorAreaM2: number | null }
}

export interface StoredAssignment {
  villageCode: string
  siteKey: string
  households: number
  persons: number
  poorHouseholds: number
}

export interface StoredSession {
  version: typeof SESSION_VERSION
  candidates: StoredCandidate[]
  activeKey: string | null
  assignments: StoredAssignment[]
  metric: DistanceMetric
  weightOverrides: Partial<Record<Factor, number>>
  limitOverrides: Partial<Record<LimitKey, number>>
  /** The scenario open when the session was left (as it was read or saved), or null. */
  scenario: ScenarioDetail | null
  /** Changed since that scenario was saved or opened (or never saved). */
  dirty: boolean
  /** The scenario name as typed. */
  draftName: string
}

/** One session per account and county. */
export function sessionKey(userId: number, county: string): string {
  return `fupin.siting.session.${userId}.${county}`
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v))
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0

function isGeometry(v: unknown): v is SiteGeometry {
  if (!isObject(v) || !Array.isArray(v.coordinates)) return false
  return v.type === 'Point' ? v.coordinates.length >= 2 && v.coordinates.every((n) => typeof n === 'number')
    : v.type === 'Polygon' && v.coordinates.every((ring) => Array.isArray(ring) && ring.length >= 4)
}

function isCandidate(v: unknown): v is StoredCandidate {
  return isObject(v) && typeof v.key === 'string' && typeof v.name === 'string' && isGeometry(v.geometry)
    && (v.siteCode === null || typeof v.siteCode === 'string') && typeof v.radiusM === 'number' && Number.isFinite(v.radiusM)
    && isObject(v.capacity) && isNumberOrNull(v.capacity.households) && isNumberOrNull(v.capacity.population) && isNumberOrNull(v.capacity.floorAreaM2)
}

function isAssignment(v: unknown): v is StoredAssignment {
  return isObject(v) && typeof v.villageCode === 'string' && typeof v.siteKey === 'string'
    && isCount(v.households) && isCount(v.persons) && isCount(v.poorHouseholds)
}

const isNumbers = (v: unknown) => isObject(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n))

/** A session as stored by this version of the app; anything else is dropped, never half read. */
export function isStoredSession(v: unknown): v is StoredSession {
  return isObject(v) && v.version === SESSION_VERSION
    && Array.isArray(v.candidates) && v.candidates.every(isCandidate)
    && (v.activeKey === null || typeof v.activeKey === 'string')
    && Array.isArray(v.assignments) && v.assignments.every(isAssignment)
    && (v.metric === 'straight' || v.metric === 'road')
    && isNumbers(v.weightOverrides) && isNumbers(v.limitOverrides)
    && (v.scenario === null || (isObject(v.scenario) && typeof v.scenario.id === 'number' && typeof v.scenario.version === 'number'))
    && typeof v.dirty === 'boolean' && typeof v.draftName === 'string'
}

/** Nothing worth keeping: no candidate, no assignment, no scenario open. */
export function isEmptySession(s: StoredSession): boolean {
  return !s.candidates.length && !s.assignments.length && !s.scenario && !s.draftName.trim()
}
