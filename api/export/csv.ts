import Papa from 'papaparse'
import type { LayerName } from '../../core/format/layers.ts'
import type { LayerFeature } from '../../core/contract/layers.ts'
import { cellValue, geometryWkt, layerTable, pointLonLat } from './table.ts'

/**
 * A layer as CSV: UTF-8 with a byte-order mark (Excel then reads Chinese), the exchange format's
 * property names as headers (the import reads them, and their Chinese aliases), points as lon/lat,
 * other geometry as WKT.
 */
export function layerCsv(layer: LayerName, features: readonly LayerFeature[]): string {
  const table = layerTable(layer, features)
  const header = [...table.columns.map((c) => c.property), ...(table.geometry === 'lonlat' ? ['lon', 'lat'] : ['wkt'])]
  const rows = features.map((f) => [
    ...table.columns.map((c) => cellValue(f.properties[c.property])),
    ...(table.geometry === 'lonlat' ? pointLonLat(f.geometry) : [geometryWkt(f.geometry)]),
  ])
  return `\uFEFF${Papa.unparse({ fields: header, data: rows }, { newline: '\r\n' })}\r\n`
}
