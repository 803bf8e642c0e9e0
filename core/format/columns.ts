import { LAYERS, LAYER_SPECS } from './layers.ts'
import type { LayerName, PropertySpec } from './layers.ts'
import { SHAPEFILE_FIELD_NAMES } from '../export/shapefile_fields.ts'
import { VILLAGE_LEDGER_HEADERS } from '../ledgers/words_zh.ts'

// The columns of a table (CSV, Excel, a Shapefile's attribute table, KML data, a GeoPackage) as
// properties of the exchange format: by name, by the Chinese header GEODATA_FORMAT.md gives as its
// alias, or by a Shapefile's 10-character cut of the name; the coordinate columns; the values as
// the types the format wants ("1,200" a number, 是/否 a boolean, a code Excel kept as a number a code).
// Pure: the server reads files with it, the web guesses a file's layer with it.

export type CoordinateRole = 'lon' | 'lat' | 'wkt'

export interface ColumnMatch {
  /** The header as the file has it. */
  header: string
  /** The exchange-format property it fills, or a coordinate role; neither: kept as an unknown property. */
  property?: string
  role?: CoordinateRole
}

const ROLE_HEADERS: Record<CoordinateRole, readonly string[]> = {
  lon: ['lon', 'lng', 'long', 'longitude', 'x', '经度', '东经', 'x坐标', '横坐标'],
  lat: ['lat', 'latitude', 'y', '纬度', '北纬', 'y坐标', '纵坐标'],
  wkt: ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '空间位置'],
}

/** A header as compared: no spaces or line breaks, no unit in brackets after it, lower case. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/[\s\u3000]+/g, '')
    .replace(/[(（\[【][^)）\]】]*[)）\]】]$/u, '')
    .replace(/[*＊]$/u, '')
    .toLowerCase()
}

/** Which property or coordinate role each header is, for one layer. */
export function matchColumns(layer: LayerName, headers: readonly string[]): ColumnMatch[] {
  const properties = LAYER_SPECS[layer].properties
  const taken = new Set<string>()
  return headers.map((header) => {
    const key = normaliseHeader(header)
    const property = propertyFor(properties, key) ?? (layer === 'villages' ? LEDGER_HEADERS.get(key) : undefined)
    if (property && !taken.has(property)) {
      taken.add(property)
      return { header, property }
    }
    for (const role of ['lon', 'lat', 'wkt'] as const) {
      if (ROLE_HEADERS[role].includes(key) && !taken.has(`:${role}`)) {
        taken.add(`:${role}`)
        return { header, role }
      }
    }
    return { header }
  })
}

/** The village ledger's own headers (GET /api/ledgers/villages), read back as the properties they show. */
const LEDGER_HEADERS = new Map(Object.entries(VILLAGE_LEDGER_HEADERS).map(([header, property]) => [normaliseHeader(header), property]))

function propertyFor(properties: readonly PropertySpec[], key: string): string | undefined {
  if (key === '') return undefined
  const exact = properties.find((p) => p.name.toLowerCase() === key || (p.alias !== undefined && normaliseHeader(p.alias) === key))
  if (exact) return exact.name
  // A Shapefile's field as our own export names it (the exporter's table, read back).
  const field = properties.find((p) => SHAPEFILE_FIELD_NAMES[p.name]?.toLowerCase() === key)
  if (field) return field.name
  // A Shapefile keeps 10 characters of a field name: the one property that begins so.
  if (key.length === 10) {
    const cut = properties.filter((p) => p.name.toLowerCase().startsWith(key))
    if (cut.length === 1) return cut[0].name
  }
  return undefined
}

/** How many headers a layer recognises, its required properties counting double. */
function score(layer: LayerName, headers: readonly string[]): number {
  const spec = LAYER_SPECS[layer]
  return matchColumns(layer, headers).reduce((sum, m) => {
    if (!m.property || m.property === 'code') return sum
    const p = spec.properties.find((q) => q.name === m.property)!
    return sum + (p.required ? 2 : 1)
  }, 0)
}

/** The layer a file's columns fit best (the web preselects it; the user may choose another), or null. */
export function guessLayer(headers: readonly string[]): LayerName | null {
  let best: LayerName | null = null
  let bestScore = 0
  for (const layer of LAYERS) {
    const s = score(layer, headers)
    if (s > bestScore) {
      best = layer
      bestScore = s
    }
  }
  return best
}

/** Whether a row of a spreadsheet is a header: at least two cells a layer recognises, one of them its code. */
export function looksLikeHeader(layer: LayerName, cells: readonly string[]): boolean {
  const matches = matchColumns(layer, cells)
  return matches.some((m) => m.property === 'code') && matches.filter((m) => m.property || m.role).length >= 2
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't', '是', '有', '√', '✓', '已通', '通'])
const FALSE = new Set(['false', '0', 'no', 'n', 'f', '否', '无', '×', '✗', '未通', '不通'])

/**
 * A cell's value as the property's type wants it; a value that cannot be read so is returned as it
 * came, for validation to name. Empty cells are missing values.
 */
export function coerceValue(spec: PropertySpec | undefined, raw: unknown): unknown {
  if (raw === null || raw === undefined) return undefined
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return undefined
    return spec?.type === 'year' ? raw.getUTCFullYear() : raw.toISOString().slice(0, 10)
  }
  if (typeof raw === 'string') {
    const text = raw.trim()
    if (text === '') return undefined
    if (!spec) return text
    switch (spec.type) {
      case 'int':
      case 'number':
      case 'year': {
        const n = Number(text.replace(/[,，\s]/g, '').replace(/年$/u, ''))
        return text !== '' && Number.isFinite(n) ? n : text
      }
      case 'boolean': {
        const key = text.toLowerCase()
        return TRUE.has(key) ? true : FALSE.has(key) ? false : text
      }
      case 'date': {
        const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(text)
        return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : text
      }
      case 'code':
        return text.replace(/\.0+$/, '')
      default:
        return text
    }
  }
  if (typeof raw === 'number') {
    if (!spec) return raw
    if (spec.type === 'code' || spec.type === 'text') return String(raw)
    if (spec.type === 'boolean' && (raw === 0 || raw === 1)) return raw === 1
    return raw
  }
  return raw
}

/** A number from a coordinate cell ("114.52", 114.52, "114°31′12″" is not read), or undefined. */
export function coordinateValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined
  if (typeof raw === 'string' && raw.trim() !== '') {
    const n = Number(raw.trim().replace(/[,，]/g, ''))
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

/** A row's cells as the layer's properties: matched columns typed, the others kept under their header. */
export function rowProperties(layer: LayerName, matches: readonly ColumnMatch[], cells: readonly unknown[]): Record<string, unknown> {
  const specs = new Map(LAYER_SPECS[layer].properties.map((p) => [p.name, p]))
  const out: Record<string, unknown> = {}
  matches.forEach((m, i) => {
    if (m.role) return
    const name = m.property ?? m.header.trim()
    if (name === '') return
    const value = coerceValue(m.property ? specs.get(m.property) : undefined, cells[i])
    if (value !== undefined) out[name] = value
  })
  return out
}

/**
 * The properties a layer does not know, typed by their column where the file has no types (CSV,
 * KML data): a column whose every value is a number as JavaScript writes it (`12.5`, not `007` or
 * `1,200`) is numbers, one of only `true`/`false` booleans; anything else stays text.
 */
export function typeUnknownColumns(layer: LayerName, rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const known = new Set(LAYER_SPECS[layer].properties.map((p) => p.name))
  const columns = new Map<string, 'number' | 'boolean' | 'text'>()
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (known.has(key) || columns.get(key) === 'text') continue
      const kind = typeof value !== 'string' ? 'text'
        : value !== '' && String(Number(value)) === value ? 'number'
          : value === 'true' || value === 'false' ? 'boolean' : 'text'
      const was = columns.get(key)
      columns.set(key, was === undefined || was === kind ? kind : 'text')
    }
  }
  const typed = [...columns].filter(([, kind]) => kind !== 'text')
  if (!typed.length) return rows
  return rows.map((row) => {
    const out = { ...row }
    for (const [key, kind] of typed) {
      if (typeof out[key] === 'string') out[key] = kind === 'number' ? Number(out[key]) : out[key] === 'true'
    }
    return out
  })
}
