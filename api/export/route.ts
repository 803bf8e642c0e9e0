import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { readScope } from '../auth/actor.ts'
import { badRequest } from '../http/errors.ts'
import { parseLayer, parseRegion } from '../http/params.ts'
import { featureCollection, readLayer } from '../layers/store.ts'
import { LAYER_SPECS, PROJECT_STATUSES } from '../../core/format/layers.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { EXPORT_FORMATS, exportFileName, FORMAT_FILES, isExportFormat, LAYER_TITLES_ZH, type ExportFormat } from '../../core/export/formats.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { todayInChina } from '../../core/time/china.ts'
import type { LayerFeature } from '../../core/contract/layers.ts'
import { attachment } from './disposition.ts'
import { layerCsv } from './csv.ts'
import { layerKml } from './kml.ts'
import { layerShapefileZip } from './shapefile.ts'
import { layerXlsx } from './xlsx.ts'

// GET /api/layers/:layer/export?format=&region=&status=: a layer as a file, with the reader's
// scope applied as for GET /api/layers/:layer (a township account exports its own villages).

export function parseFormat(value: string | undefined): ExportFormat {
  const format = value ?? 'geojson'
  if (!isExportFormat(format)) {
    throw badRequest('unknown_format', msg('export.unknown_format', { allowed: EXPORT_FORMATS.join(', ') }), { parameter: 'format', allowed: EXPORT_FORMATS })
  }
  return format
}

/** `status=planned,approved`: project layers only, each a lifecycle status. */
export function parseStatuses(layer: LayerName, value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined
  if (!LAYER_SPECS[layer].project) {
    throw badRequest('status_not_project', msg('export.status_not_project', { layer }), { parameter: 'status' })
  }
  const statuses = value.split(',').map((s) => s.trim())
  const unknown = statuses.find((s) => !(PROJECT_STATUSES as readonly string[]).includes(s))
  if (unknown !== undefined) {
    throw badRequest('unknown_status', msg('errors.unknown_status', { status: JSON.stringify(unknown.slice(0, 40)) }), { parameter: 'status', allowed: PROJECT_STATUSES })
  }
  return statuses
}

export async function layerFile(layer: LayerName, format: ExportFormat, features: LayerFeature[], title: string): Promise<Uint8Array | string> {
  switch (format) {
    case 'geojson': return JSON.stringify(featureCollection(features))
    case 'csv': return layerCsv(layer, features)
    case 'xlsx': return layerXlsx(layer, features, title)
    case 'shp': return layerShapefileZip(layer, features)
    case 'kml': return layerKml(features, title)
  }
}

export function exportRoute() {
  return new Hono<AppEnv>()
    .get('/:layer/export', async (c) => {
      const db = c.get('db')
      const layer = parseLayer(c.req.param('layer'))
      const format = parseFormat(c.req.query('format'))
      const region = await parseRegion(db, c.req.query('region'))
      const statuses = parseStatuses(layer, c.req.query('status'))
      const features = await readLayer(db, layer, { region, statuses, scope: readScope(c.get('actor'), layer) })
      const title = LAYER_TITLES_ZH[layer]
      const body = await layerFile(layer, format, features, title)
      const { extension, mediaType } = FORMAT_FILES[format]
      c.header('Content-Type', mediaType)
      c.header('Content-Disposition', attachment(exportFileName(title, region, todayInChina(), extension)))
      c.header('X-Feature-Count', String(features.length))
      return c.body(body as string | Uint8Array<ArrayBuffer>)
    })
}
