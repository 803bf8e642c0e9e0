import type { SectionTexts } from './types'

export const zhCN: SectionTexts<'network'> = {
  no_road_nearby: '{maxConnectorM}范围内没有已建道路,无法按道路计算',
  not_connected: '与目的地不在同一道路网上(道路不连通)',
  site_off_road: '候选点距最近已建道路 {roadM},超过 {maxConnectorM} 接入限制',
  no_road: '没有已建道路,无法按道路计算',
  service_off_road: '附近的{factor}距已建道路都超过 {maxConnectorM}',
  service_not_connected: '与{factor}之间没有连通的道路',
}

export const en: SectionTexts<'network'> = {
  no_road_nearby: 'no built road within {maxConnectorM}: not reachable by road',
  not_connected: 'not on the same road network as the destination (roads not connected)',
  site_off_road: 'the candidate is {roadM} from the nearest built road, beyond the connector limit of {maxConnectorM}',
  no_road: 'no road is built: nothing to measure along',
  service_off_road: '{factor}: every one nearby is farther than {maxConnectorM} from a built road',
  service_not_connected: '{factor}: no connected road joins it to the candidate',
}
