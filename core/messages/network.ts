import { section } from './define.ts'

// Why a place has no distance along the roads (api/analysis/network.ts).
export const network = section({
  no_road_nearby: { en: 'No built road within {maxConnectorM} of the place.', params: { maxConnectorM: 'metres' } },
  not_connected: { en: 'The places lie on parts of the road network that are not connected.' },
})
