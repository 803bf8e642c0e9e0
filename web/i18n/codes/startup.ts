import type { SectionTexts } from './types'

export const zhCN: SectionTexts<'startup'> = {
  opening: '正在打开数据库…',
  creating_database: '正在创建数据库(首次启动)…',
  loading_postgis: '正在加载 PostGIS(WebAssembly,需要几秒钟)…',
  enabling_postgis: '正在启用 PostGIS…',
  migrating: '正在更新数据库结构…',
  loading_sample: '正在载入示例县(全南县)…',
  other_stage: '正在启动数据库({stage})…',
  failed: '数据库启动失败:{reason}',
}

export const en: SectionTexts<'startup'> = {
  opening: 'Opening the database…',
  creating_database: 'Creating the database (first start)…',
  loading_postgis: 'Loading PostGIS in WebAssembly (a few seconds)…',
  enabling_postgis: 'Enabling PostGIS…',
  migrating: 'Bringing the database schema up to date…',
  loading_sample: 'Loading the sample county…',
  other_stage: 'Starting the database ({stage})…',
  failed: 'The database failed to start: {reason}',
}
