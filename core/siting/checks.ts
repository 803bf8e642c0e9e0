import { msg, type Message, type MessageCode } from '../messages/catalogue.ts'
import { english } from '../messages/english.ts'
import type { ServiceFactor } from './factors.ts'
import type { ServiceGap } from './road_gap.ts'

// The pass/fail checks of a candidate site: a service within its limit, no hazard zone within the
// buffer, capacity at least the demand. Each check says why in a catalogue message (code and
// parameters, said in the reader's language by the web app) and in English for scripts (`reason`).
// By road, a service the roads do not reach fails for that reason (its gap), never as a missing one.

/** One message of a set of codes, its parameters matching its code. */
export type MessageOf<C extends MessageCode> = C extends MessageCode ? Message<C> : never

export type DistanceCheckCode = 'pass' | 'fail' | 'none' | 'off_road' | 'no_road' | 'service_off_road' | 'not_connected'

export interface DistanceCheck {
  id: ServiceFactor
  pass: boolean
  /** Metres to the nearest feature; null when there is none, or none the roads reach. */
  valueM: number | null
  limitM: number
  /** By road: why the roads reach no feature of the service (the candidate off the network, the service, no connection). */
  gap?: ServiceGap
  reason: string
  msg: MessageOf<`siting.check_distance_${DistanceCheckCode}`>
}

export interface HazardCheck {
  id: 'hazard'
  pass: boolean
  /** Metres to the nearest zone within the buffer; null when there is none. */
  valueM: number | null
  limitM: number
  reason: string
  msg: MessageOf<'siting.check_hazard_none' | 'siting.check_hazard_found'>
}

export const CAPACITY_CHECKS = ['capacityHouseholds', 'capacityPopulation', 'floorArea'] as const
export type CapacityCheckId = (typeof CAPACITY_CHECKS)[number]

type CapacityCode = 'households' | 'persons' | 'floor_area'
type CapacityMessage = MessageOf<`siting.check_${CapacityCode}_${'unknown' | 'pass' | 'fail'}`>

export interface CapacityCheck {
  id: CapacityCheckId
  /** null: no capacity given, nothing to judge. */
  pass: boolean | null
  value: number | null
  demand: number
  reason: string
  msg: CapacityMessage
}

export type SiteCheck = DistanceCheck | HazardCheck | CapacityCheck

/** `gap`: by road, why no feature of the service is reached (valueM is then null). */
export function distanceCheck(factor: ServiceFactor, valueM: number | null, limitM: number, gap?: ServiceGap): DistanceCheck {
  if (valueM === null && gap) {
    const message = gapCheckMessage(factor, gap)
    return { id: factor, pass: false, valueM, limitM, gap, reason: english(message), msg: message }
  }
  if (valueM === null) {
    return { id: factor, pass: false, valueM, limitM, reason: `No ${factor} feature found.`, msg: msg('siting.check_distance_none', { factor }) }
  }
  const pass = valueM <= limitM
  return {
    id: factor, pass, valueM, limitM,
    reason: `Nearest ${factor} at ${Math.round(valueM)} m; the limit is ${limitM} m.`,
    msg: msg(pass ? 'siting.check_distance_pass' : 'siting.check_distance_fail', { factor, valueM, limitM }),
  }
}

function gapCheckMessage(factor: ServiceFactor, gap: ServiceGap): DistanceCheck['msg'] {
  switch (gap.kind) {
    case 'site_off_road': return msg('siting.check_distance_off_road', { factor, roadM: gap.roadM, maxConnectorM: gap.maxConnectorM })
    case 'no_road': return msg('siting.check_distance_no_road', { factor })
    case 'service_off_road': return msg('siting.check_distance_service_off_road', { factor, maxConnectorM: gap.maxConnectorM })
    case 'not_connected': return msg('siting.check_distance_not_connected', { factor })
  }
}

export interface HazardNear {
  code: string
  name: string | null
  distanceM: number
  intersects: boolean
}

/** `hazards`: the zones within the buffer, nearest first. */
export function hazardCheck(hazards: readonly HazardNear[], bufferM: number): HazardCheck {
  const valueM = hazards[0]?.distanceM ?? null
  if (!hazards.length) {
    return { id: 'hazard', pass: true, valueM, limitM: bufferM, reason: `No hazard zone within ${bufferM} m.`, msg: msg('siting.check_hazard_none', { bufferM }) }
  }
  const listed = hazards.map((h) => `${h.name ?? h.code}${h.intersects ? ' (overlaps the site)' : ` (${Math.round(h.distanceM)} m)`}`)
  return {
    id: 'hazard', pass: false, valueM, limitM: bufferM,
    reason: `${hazards.length} hazard zone(s) within ${bufferM} m: ${listed.join(', ')}.`,
    msg: msg('siting.check_hazard_found', { count: hazards.length, bufferM, zones: hazards.map((h) => h.name ?? h.code) }),
  }
}

const UNIT: Record<CapacityCheckId, { code: CapacityCode; english: string }> = {
  capacityHouseholds: { code: 'households', english: '户 households' },
  capacityPopulation: { code: 'persons', english: '人 persons' },
  floorArea: { code: 'floor_area', english: 'm² floor area' },
}

/** Capacity (households, persons or m² of floor area) against the demand; unjudged when no capacity is given. */
export function capacityCheck(id: CapacityCheckId, capacity: number | null, demand: number): CapacityCheck {
  const { code, english } = UNIT[id]
  if (capacity === null) {
    return { id, pass: null, value: null, demand, reason: `Capacity in ${english} not given.`, msg: { code: `siting.check_${code}_unknown`, params: {} } }
  }
  const pass = capacity >= demand
  return pass
    ? { id, pass, value: capacity, demand, reason: `Capacity ${capacity} ≥ demand ${demand} ${english}.`,
      msg: { code: `siting.check_${code}_pass`, params: { capacity, demand } } }
    : { id, pass, value: capacity, demand, reason: `Capacity ${capacity} < demand ${demand} ${english}: over capacity by ${demand - capacity}.`,
      msg: { code: `siting.check_${code}_fail`, params: { capacity, demand, over: demand - capacity } } }
}
