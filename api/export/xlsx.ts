import ExcelJS from 'exceljs'
import type { LayerName } from '../../core/format/layers.ts'
import type { LayerFeature } from '../../core/contract/layers.ts'
import { cellValue, geometryWkt, layerTable, pointLonLat } from './table.ts'

/**
 * A layer as an Excel workbook: one sheet, the header in the first row with the exchange format's
 * Chinese names (its aliases; 经度/纬度 for points, wkt otherwise), one row per feature. Numbers
 * stay numbers, dates stay ISO text (as the exchange format writes them).
 */
export async function layerXlsx(layer: LayerName, features: readonly LayerFeature[], sheetName: string): Promise<Buffer> {
  const table = layerTable(layer, features)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '扶贫规划一张图'
  const ws = workbook.addWorksheet(sheetName.slice(0, 31))
  const header = ws.addRow([...table.columns.map((c) => c.alias), ...(table.geometry === 'lonlat' ? ['经度', '纬度'] : ['wkt'])])
  header.font = { bold: true }
  for (const f of features) {
    ws.addRow([
      ...table.columns.map((c) => cellValue(f.properties[c.property])),
      ...(table.geometry === 'lonlat' ? pointLonLat(f.geometry) : [geometryWkt(f.geometry)]),
    ])
  }
  table.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1)
    column.width = Math.min(40, Math.max(8, c.alias.length * 2 + 2))
    // Codes are text: a 12-digit village code must not become 3.60729E+11.
    if (c.type === 'code' || c.type === 'text' || c.type === 'date') column.numFmt = '@'
  })
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
