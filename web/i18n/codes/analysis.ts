import type { SectionTexts } from './types'

export const zhCN: SectionTexts<'analysis'> = {
  water_rule: '每处工程按自身服务半径(点状工程,缺省见“{pointSetting}”)或“{pipelineSetting}”(管道)计算',
}

export const en: SectionTexts<'analysis'> = {
  water_rule: 'each scheme within its own service radius (points, default “{pointSetting}”) or “{pipelineSetting}” (pipelines)',
}
