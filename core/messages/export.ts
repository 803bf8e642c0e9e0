import { section } from './define.ts'

// Why an export, a ledger or a request of the OGC API – Features was refused.

export const exporting = section({
  unknown_format: { en: 'format must be one of {allowed}.', params: { allowed: 'text' } },
  status_not_project: { en: 'status filters project layers (sites, roads, water) only, not {layer}.', params: { layer: 'layer' } },
  unknown_ledger: { en: 'No ledger {kind}: use villages, projects or relocation.', params: { kind: 'text' } },
  unknown_collection: { en: 'No collection {collection}.', params: { collection: 'text' } },
  invalid_ogc_limit: { en: 'limit must be a whole number from 1 to {max}.', params: { max: 'count' } },
  invalid_ogc_offset: { en: 'offset must be a whole number, 0 or more.' },
  invalid_ogc_bbox: { en: 'bbox must be minLon,minLat,maxLon,maxLat in degrees (EPSG:4326 or CRS84).' },
  unsupported_bbox_crs: { en: 'bbox-crs {crs} is not supported: use CRS84 or EPSG:4326.', params: { crs: 'text' } },
  not_acceptable: { en: 'This answer is JSON (application/json, application/geo+json) only.' },
})
