import wkx from 'wkx'
import type { Geometry } from 'geojson'
import { LAYERS, LAYER_SPECS } from '../../../core/format/layers.ts'
import type { LayerName } from '../../../core/format/layers.ts'
import { coordinateValue, looksLikeHeader, matchColumns, rowProperties } from '../../../core/format/columns.ts'
import { msg } from '../../../core/messages/catalogue.ts'
import { ApiError } from '../../http/errors.ts'
import { issue, type Issue } from '../validate.ts'
import type { ReadFeature } from './types.ts'

// A table (CSV lines, Excel rows) as features: the header found below any title rows, a totals row
// (合计/总计) skipped and reported, each row's cells typed by the exchange format, its position from
// lon/lat (经度/纬度) or a WKT column.

/** Rows looked at for the header. */
export const HEADER_SCAN_ROWS = 30
const TOTALS = /^\s*(?:(?:合|总|小|累|共)\s*计|(?:total|sum)(?![a-z]))/iu

export interface TableRow {
  /** The row as the clerk sees it (Excel row, CSV line). */
  row: number
  cells: unknown[]
}

export interface Table {
  headers: string[]
  rows: TableRow[]
  headerRow: number
}

const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim())

/** Find the header (for the layer, else for any layer) and the rows under it; 400 when there is none. */
export function findHeader(layer: LayerName, rows: TableRow[], sheet: string): Table {
  const scan = rows.slice(0, HEADER_SCAN_ROWS)
  const at = scan.findIndex((r) => looksLikeHeader(layer, Array.from(r.cells, cellText)))
  const found = at >= 0 ? at : scan.findIndex((r) => LAYERS.some((l) => looksLikeHeader(l, Array.from(r.cells, cellText))))
  if (found < 0) {
    const example = LAYER_SPECS[layer].properties.filter((p) => p.required && p.alias).map((p) => p.alias!)
    throw new ApiError(400, 'no_header', msg('import.no_header', { rows: Math.min(rows.length, HEADER_SCAN_ROWS), sheet, example }))
  }
  const headers = Array.from(scan[found].cells, cellText)
  return { headers, rows: rows.slice(found + 1), headerRow: rows[found].row }
}

/** The rows as features of a layer, with what was skipped. */
export function tableFeatures(layer: LayerName, table: Table, options: { allowEmpty?: boolean } = {}): { features: ReadFeature[]; notes: Issue[]; problems: Issue[] } {
  const matches = matchColumns(layer, table.headers)
  const lon = matches.findIndex((m) => m.role === 'lon')
  const lat = matches.findIndex((m) => m.role === 'lat')
  const wkt = matches.findIndex((m) => m.role === 'wkt')
  const features: ReadFeature[] = []
  const notes: Issue[] = []
  const problems: Issue[] = []
  for (const r of table.rows) {
    // A row may end before the last columns (Excel keeps no empty cells at the end: a feature without geometry).
    const texts = Array.from({ length: Math.max(r.cells.length, table.headers.length) }, (_, i) => cellText(r.cells[i]))
    if (texts.every((t) => t === '')) continue
    const label = texts.slice(0, 4).find((t) => TOTALS.test(t))
    if (label !== undefined) {
      notes.push({ ...issue(null, 'row', 'totals_row_skipped', msg('import.totals_row_skipped', { row: r.row, label: label.slice(0, 20) })), row: r.row })
      continue
    }
    const properties = rowProperties(layer, matches, r.cells)
    let geometry: Geometry | null = null
    const index = features.length
    const fail = (reason: string, said: Issue['msg']) => problems.push({ ...issue(index, 'geometry', reason, said), row: r.row })
    if (wkt >= 0 && texts[wkt] !== '') {
      try {
        geometry = wkx.Geometry.parse(texts[wkt]).toGeoJSON() as Geometry
      } catch {
        fail('invalid_geometry', msg('import.bad_wkt', { value: texts[wkt].slice(0, 60) }))
      }
    } else if (lon >= 0 && lat >= 0 && (texts[lon] !== '' || texts[lat] !== '')) {
      const x = coordinateValue(r.cells[lon])
      const y = coordinateValue(r.cells[lat])
      if (x === undefined || y === undefined) fail('invalid_coordinates', msg('import.bad_coordinates', { value: `${texts[lon]}, ${texts[lat]}`.slice(0, 60) }))
      else geometry = { type: 'Point', coordinates: [x, y] }
    }
    features.push({ properties, geometry, row: r.row })
  }
  if (features.length === 0 && problems.length === 0 && !options.allowEmpty) throw new ApiError(400, 'no_rows', msg('import.no_rows'))
  return { features, notes, problems }
}
