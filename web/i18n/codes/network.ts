import type { SectionTexts } from './types'

export const zhCN: SectionTexts<'network'> = {
  no_road_nearby: '{maxConnectorM}范围内没有已建道路,无法按道路计算',
  not_connected: '与目的地不在同一道路网上(道路不连通)',
}

export const en: SectionTexts<'network'> = {
  no_road_nearby: 'no built road within {maxConnectorM}: not reachable by road',
  not_connected: 'not on the same road network as the destination (roads not connected)',
}
