import { kml as kmlToGeoJson } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import type { Geometry } from 'geojson'
import { msg } from '../../../core/messages/catalogue.ts'
import { ApiError } from '../../http/errors.ts'
import { decodeText } from './encoding.ts'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import { unzipChecked } from './zip.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// KML (Google Earth, 奥维互动地图) and KMZ (a zipped KML): placemarks through @tmcw/togeojson, their
// ExtendedData as properties, and the two-column table that Ovital and others write into a
// placemark's description (村名 | 龙源村) read as properties too. A KML without placemarks is refused.

/** What togeojson adds for styling: not properties of the exchange format. */
const STYLE_KEYS = new Set(['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'icon-scale', 'icon-color', 'icon-opacity', 'label-scale', 'label-color', 'label-opacity', 'visibility', 'timestamp', 'icon-offset', 'icon-offset-units', 'icon-heading'])

export function readKmz(file: Upload, options: ReadOptions): ReadFile {
  const kind = sniff(file.bytes)
  if (kind !== 'zip') throw mismatch(file.name, 'KMZ', KIND_NAMES[kind])
  const entries = unzipChecked(file.name, file.bytes, options, (name) => /\.kml$/i.test(name))
  const names = Object.keys(entries).sort((a, b) => (a.toLowerCase() === 'doc.kml' ? -1 : b.toLowerCase() === 'doc.kml' ? 1 : a.localeCompare(b)))
  if (!names.length) throw new ApiError(400, 'zip_no_shapefile', msg('import.zip_no_shapefile', { file: file.name }))
  return { ...readKml({ name: names[0], bytes: entries[names[0]] }, options), format: 'kmz' }
}

export function readKml(file: Upload, options: ReadOptions): ReadFile {
  const kind = sniff(file.bytes)
  if (kind !== 'xml') throw mismatch(file.name, 'KML', KIND_NAMES[kind])
  const { text, encoding } = decodeText(file.bytes, options.encoding === 'auto' ? declaredEncoding(file.bytes) : options.encoding)
  let doc: Document
  try {
    const errors: string[] = []
    doc = new DOMParser({ onError: (level: string, message: string) => { if (level !== 'warning') errors.push(message) } })
      .parseFromString(text, 'text/xml') as unknown as Document
    if (errors.length || !doc.documentElement) throw new Error(errors[0] ?? 'no document')
  } catch (error) {
    throw unreadable(file.name, 'KML', (error as Error).message)
  }
  if (doc.documentElement.localName !== 'kml') throw mismatch(file.name, 'KML', `XML <${doc.documentElement.localName}>`)
  if (doc.getElementsByTagName('Placemark').length === 0) throw new ApiError(400, 'kml_no_placemarks', msg('import.kml_no_placemarks'))
  const collection = kmlToGeoJson(doc)
  const features = collection.features.map((f, i) => ({
    properties: placemarkProperties((f.properties ?? {}) as Record<string, unknown>),
    geometry: flatten(f.geometry as Geometry | null),
    row: i + 1,
  }))
  const columns = [...new Set(features.flatMap((f) => Object.keys(f.properties)))]
  return { format: 'kml', rowKind: 'feature', columns, features, crs: 'EPSG:4326', encoding, notes: [], problems: [] }
}

function placemarkProperties(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) if (!STYLE_KEYS.has(k)) out[k] = v
  const description = out.description
  const text = typeof description === 'string' ? description : isObject(description) && typeof description.value === 'string' ? description.value : undefined
  if (text !== undefined) {
    const table = descriptionTable(text)
    if (table.size) {
      for (const [k, v] of table) if (!(k in out)) out[k] = v
      delete out.description
    } else out.description = text
  }
  return out
}

/** The key–value rows of an HTML table in a description (`<tr><td>村名</td><td>龙源村</td></tr>`). */
function descriptionTable(html: string): Map<string, string> {
  const table = new Map<string, string>()
  if (!/<t[dh][\s>]/i.test(html)) return table
  const doc = new DOMParser({ onError: () => {} }).parseFromString(`<html><body>${html}</body></html>`, 'text/html') as unknown as Document
  for (const tr of Array.from(doc.getElementsByTagName('tr'))) {
    const cells = Array.from(tr.childNodes).filter((n) => /^t[dh]$/i.test((n as Element).localName ?? '')).map((n) => (n.textContent ?? '').trim())
    if (cells.length === 2 && cells[0] !== '') table.set(cells[0].replace(/[:：]$/u, ''), cells[1])
  }
  return table
}

/** A MultiGeometry of one kind as its Multi* type; the first member otherwise. */
function flatten(g: Geometry | null): Geometry | null {
  if (!g || g.type !== 'GeometryCollection') return g
  const types = new Set(g.geometries.map((x) => x.type))
  if (types.size === 1) {
    const [t] = types
    if (t === 'Point') return { type: 'MultiPoint', coordinates: g.geometries.map((x: any) => x.coordinates) }
    if (t === 'LineString') return { type: 'MultiLineString', coordinates: g.geometries.map((x: any) => x.coordinates) }
    if (t === 'Polygon') return { type: 'MultiPolygon', coordinates: g.geometries.map((x: any) => x.coordinates) }
  }
  return g
}

/** The encoding an XML declaration names (KML is UTF-8 unless it says otherwise). */
function declaredEncoding(bytes: Uint8Array): 'auto' | 'gbk' | 'gb18030' | 'utf-8' {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200))
  const m = /encoding=["']([^"']+)["']/i.exec(head)
  const name = m?.[1].toLowerCase()
  if (name === 'gbk' || name === 'gb2312') return 'gbk'
  if (name === 'gb18030') return 'gb18030'
  return 'utf-8'
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
