// The file formats a layer is exported in (GET /api/layers/:layer/export), and what a download is
// called. Pure: the API writes the files, the web offers the choice.
import type { LayerName } from '../format/layers.ts'

export const EXPORT_FORMATS = ['geojson', 'csv', 'xlsx', 'shp', 'kml'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value)
}

/** File extension and media type of each format (a zipped Shapefile is one .zip). */
export const FORMAT_FILES: Record<ExportFormat, { extension: string; mediaType: string }> = {
  geojson: { extension: 'geojson', mediaType: 'application/geo+json' },
  csv: { extension: 'csv', mediaType: 'text/csv; charset=utf-8' },
  xlsx: { extension: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  shp: { extension: 'zip', mediaType: 'application/zip' },
  kml: { extension: 'kml', mediaType: 'application/vnd.google-earth.kml+xml' },
}

/** Layer names as a county office writes them, for file and sheet names of the server's files. */
export const LAYER_TITLES_ZH: Record<LayerName, string> = {
  regions: '行政区划',
  villages: '行政村',
  sites: '安置点',
  roads: '道路',
  water: '水利设施',
  facilities: '公共服务设施',
  hazards: '地质灾害隐患区',
}

/** A download's name: 行政村_360729_20261202.csv (the region, if any, and the day in China). */
export function exportFileName(title: string, region: string | undefined, day: string, extension: string): string {
  const parts = [title, region, day.replaceAll('-', '')].filter(Boolean)
  return `${parts.join('_').replace(/[\\/:*?"<>|\s]+/g, '_')}.${extension}`
}
