import type { SectionTexts } from './types'

export const zhCN: SectionTexts<'export'> = {
  unknown_format: '导出格式须为以下之一:{allowed}。',
  status_not_project: '只有项目图层(安置点、道路、水利设施)可按状态筛选,{layer}不能。',
  unknown_ledger: '没有“{kind}”台账:请选择行政村、项目或搬迁安置台账。',
  unknown_collection: '没有图层“{collection}”。',
  invalid_ogc_limit: 'limit 须为 1 到 {max} 之间的整数。',
  invalid_ogc_offset: 'offset 须为 0 或更大的整数。',
  invalid_ogc_bbox: 'bbox 须为“最小经度,最小纬度,最大经度,最大纬度”(单位为度,EPSG:4326 或 CRS84)。',
  unsupported_bbox_crs: '不支持坐标系 {crs} 的 bbox:请使用 CRS84 或 EPSG:4326。',
  not_acceptable: '此接口只返回 JSON(application/json 或 application/geo+json)。',
}

export const en: SectionTexts<'export'> = {
  unknown_format: 'The export format must be one of {allowed}.',
  status_not_project: 'Only project layers (sites, roads, water) can be filtered by status, not {layer}.',
  unknown_ledger: 'There is no ledger “{kind}”: choose villages, projects or relocation.',
  unknown_collection: 'There is no layer “{collection}”.',
  invalid_ogc_limit: 'limit must be a whole number from 1 to {max}.',
  invalid_ogc_offset: 'offset must be a whole number, 0 or more.',
  invalid_ogc_bbox: 'bbox must be min longitude, min latitude, max longitude, max latitude in degrees (EPSG:4326 or CRS84).',
  unsupported_bbox_crs: 'A bbox in {crs} is not supported: use CRS84 or EPSG:4326.',
  not_acceptable: 'This address answers JSON only (application/json or application/geo+json).',
}
