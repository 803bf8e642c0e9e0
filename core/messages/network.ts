import { section } from './define.ts'

// Why a place has no distance along the roads (api/analysis/network.ts), and why an item of a site
// evaluation by road (its catchment, a nearest service) is not reachable.
export const network = section({
  no_road_nearby: { en: 'No built road within {maxConnectorM} of the place.', params: { maxConnectorM: 'metres' } },
  not_connected: { en: 'The places lie on parts of the road network that are not connected.' },
  site_off_road: {
    en: 'The candidate is {roadM} from the nearest built road, beyond the connector limit of {maxConnectorM}.',
    params: { roadM: 'metres', maxConnectorM: 'metres' },
  },
  no_road: { en: 'There is no built road to measure along.' },
  service_off_road: { en: 'Every {factor} nearby is farther than {maxConnectorM} from a built road.', params: { factor: 'factor', maxConnectorM: 'metres' } },
  service_not_connected: { en: 'No connected road joins the candidate to a {factor}.', params: { factor: 'factor' } },
})
