import { msg } from '../messages/catalogue.ts'
import type { MessageOf } from './checks.ts'
import type { ServiceFactor } from './factors.ts'

// Why an item of a site evaluation by road (the catchment as a whole, a nearest service) has no
// distance along the roads: the candidate itself lies off the network (farther than
// network.maxConnectorM from every built road), every feature of the service does, or no connected
// road joins them. Each gap is said as a message of its own, with the distance and the limit where
// they are the reason; the checks say the same in codes of their own (core/siting/checks.ts).

/** The candidate's own gap: nothing is reachable from it by road. */
export type SiteGap =
  /** Farther than maxConnectorM from every built road. */
  | { kind: 'site_off_road'; roadM: number; maxConnectorM: number }
  /** No road is built at all (for the what-if status). */
  | { kind: 'no_road' }

/** Why one service has no road distance from the candidate. */
export type ServiceGap =
  | SiteGap
  /** Every feature of the service near the candidate lies farther than maxConnectorM from the roads. */
  | { kind: 'service_off_road'; maxConnectorM: number }
  /** Both ends are near roads, but no road path joins them. */
  | { kind: 'not_connected' }

/** The route reasons of the network (UnreachableReason of core/contract/analysis.ts). */
export type RoadGapReason = 'no_road_nearby' | 'not_connected'

export type SiteGapMessage = MessageOf<'network.site_off_road' | 'network.no_road'>
export type ServiceGapMessage = SiteGapMessage | MessageOf<'network.service_off_road' | 'network.service_not_connected'>

export function roadGapReason(gap: ServiceGap): RoadGapReason {
  return gap.kind === 'not_connected' ? 'not_connected' : 'no_road_nearby'
}

/** The gap of a service the roads do not reach: the candidate's own when it is off the network, else the service's. */
export function serviceGap(site: SiteGap | null, anyServiceOnNetwork: boolean, maxConnectorM: number): ServiceGap {
  if (site) return site
  return anyServiceOnNetwork ? { kind: 'not_connected' } : { kind: 'service_off_road', maxConnectorM }
}

export function siteGapMessage(gap: SiteGap): SiteGapMessage {
  return gap.kind === 'site_off_road'
    ? msg('network.site_off_road', { roadM: gap.roadM, maxConnectorM: gap.maxConnectorM })
    : msg('network.no_road')
}

export function serviceGapMessage(gap: ServiceGap, factor: ServiceFactor): ServiceGapMessage {
  switch (gap.kind) {
    case 'service_off_road': return msg('network.service_off_road', { factor, maxConnectorM: gap.maxConnectorM })
    case 'not_connected': return msg('network.service_not_connected', { factor })
    default: return siteGapMessage(gap)
  }
}
