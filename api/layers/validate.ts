import type { Geometry, Position } from 'geojson'
import { CODE_LENGTH, LAYER_SPECS } from '../../core/format/layers.ts'
import type { LayerName, LayerSpec, PropertySpec } from '../../core/format/layers.ts'

// Validation of an import file against the exchange format, in TypeScript, before anything is
// written: every bad row is reported at once, and no SQL error can abort a half-done transaction.
// Checks that need the database (geometry validity by GEOS, references) live in store.ts.

/** One problem in an import, naming the feature (0-based index), the property and the reason. */
export interface Issue {
  index: number | null
  code?: string
  property: string
  reason: string
  message: string
}

/** A validated feature: known properties typed, unknown ones kept in `extra`. */
export interface ImportRow {
  index: number
  code: string
  properties: Record<string, unknown>
  extra: Record<string, unknown>
  geometry: Geometry | null
}

export type FileCheck =
  | { ok: true; rows: ImportRow[]; warnings: Issue[] }
  | { ok: false; status: 400 | 422; code: string; message: string; errors: Issue[] }

const ACCEPTED_CRS = [
  /^EPSG:(4326|4490)$/i,
  /^urn:ogc:def:crs:EPSG:[0-9.]*:(4326|4490)$/i,
  /^urn:ogc:def:crs:OGC:1\.3:CRS84$/i,
]

const FEATURE_CODE = /^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$/
const DIGITS = /^[0-9]+$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MAX_TEXT = 500

export function checkImportFile(layer: LayerName, body: unknown): FileCheck {
  if (!isObject(body) || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    return fileError(400, 'invalid_geojson', 'The body must be a GeoJSON FeatureCollection with a "features" array.')
  }
  const crsIssue = checkCrs(body.crs)
  if (crsIssue) return fileError(400, 'unsupported_crs', crsIssue.message, [crsIssue])
  if (body.features.length === 0) {
    return fileError(400, 'empty_collection', 'The FeatureCollection has no features.')
  }

  const spec = LAYER_SPECS[layer]
  const errors: Issue[] = []
  const rows: ImportRow[] = []
  const seen = new Map<string, number>()
  body.features.forEach((feature: unknown, index: number) => {
    const row = checkFeature(spec, feature, index, errors)
    if (!row) return
    const first = seen.get(row.code)
    if (first !== undefined) {
      errors.push(issue(index, 'code', 'duplicate_code', `Code ${row.code} already appears in feature ${first}.`, row.code))
      return
    }
    seen.set(row.code, index)
    rows.push(row)
  })
  if (errors.length > 0) {
    return fileError(422, 'invalid_features',
      `${errors.length} problem(s) in ${new Set(errors.map((e) => e.index)).size} feature(s); nothing was imported.`, errors)
  }
  return { ok: true, rows, warnings: [] }
}

function checkCrs(crs: unknown): Issue | null {
  if (crs === undefined || crs === null) return null
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined
  if (typeof name === 'string' && ACCEPTED_CRS.some((pattern) => pattern.test(name))) return null
  return issue(null, 'crs', 'unsupported_crs',
    `Unsupported CRS ${JSON.stringify(typeof name === 'string' ? name : crs)}: use EPSG:4326 or EPSG:4490 (CGCS2000) longitude/latitude.`)
}

function checkFeature(spec: LayerSpec, feature: unknown, index: number, errors: Issue[]): ImportRow | null {
  if (!isObject(feature) || feature.type !== 'Feature') {
    errors.push(issue(index, 'type', 'not_a_feature', `Feature ${index} is not a GeoJSON Feature.`))
    return null
  }
  const input = feature.properties
  if (!isObject(input)) {
    errors.push(issue(index, 'properties', 'missing_properties', `Feature ${index} has no properties object.`))
    return null
  }
  const before = errors.length
  const properties: Record<string, unknown> = {}
  const known = new Set(spec.properties.map((p) => p.name))
  for (const property of spec.properties) {
    const value = checkProperty(property, input[property.name], index, errors)
    if (value !== undefined) properties[property.name] = value
  }
  const extra: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) if (!known.has(key)) extra[key] = value

  const code = typeof properties.code === 'string' ? properties.code : ''
  if (code) checkCodeForm(spec.name, properties, index, errors)
  checkConsistency(properties, index, errors)
  const geometry = checkFeatureGeometry(spec, feature.geometry, properties, index, errors)
  for (const e of errors.slice(before)) e.code ??= code || undefined
  if (errors.length > before) return null
  return { index, code, properties, extra, geometry: geometry ?? null }
}

function checkProperty(spec: PropertySpec, raw: unknown, index: number, errors: Issue[]): unknown {
  const value = raw === null ? undefined : raw
  if (value === undefined) {
    if (spec.required) {
      errors.push(issue(index, spec.name, 'required', `Property ${spec.name} is required.`))
      return undefined
    }
    return spec.default
  }
  const wrong = (expected: string) => {
    errors.push(issue(index, spec.name, 'wrong_type', `Property ${spec.name} must be ${expected}, got ${JSON.stringify(value)?.slice(0, 80)}.`))
    return undefined
  }
  switch (spec.type) {
    case 'code':
      if (typeof value !== 'string' || !FEATURE_CODE.test(value)) {
        return wrong('a code of letters, digits, "-", "_" or "." (at most 64 characters)')
      }
      return value
    case 'text':
      if (typeof value !== 'string') return wrong('a string')
      if (value.length > MAX_TEXT) return wrong(`a string of at most ${MAX_TEXT} characters`)
      if (spec.required && value.trim() === '') {
        errors.push(issue(index, spec.name, 'required', `Property ${spec.name} must not be empty.`))
        return undefined
      }
      return value
    case 'enum':
      if (typeof value !== 'string' || !spec.values!.includes(value)) {
        errors.push(issue(index, spec.name, 'invalid_enum',
          `Property ${spec.name} must be one of ${spec.values!.join(', ')}, got ${JSON.stringify(value)?.slice(0, 80)}.`))
        return undefined
      }
      return value
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong('true or false')
    case 'int':
    case 'number':
    case 'year': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong('a number')
      if ((spec.type === 'int' || spec.type === 'year') && !Number.isInteger(value)) return wrong('a whole number')
      const [min, max] = spec.type === 'year' ? [1949, 2100] : [spec.min, spec.max]
      if (min !== undefined && value < min) {
        errors.push(issue(index, spec.name, min === 0 ? 'negative' : 'out_of_range',
          `Property ${spec.name} must be at least ${min}, got ${value}.`))
        return undefined
      }
      if (max !== undefined && value > max) {
        errors.push(issue(index, spec.name, 'out_of_range', `Property ${spec.name} must be at most ${max}, got ${value}.`))
        return undefined
      }
      return value
    }
    case 'date': {
      if (typeof value !== 'string') return wrong('a date YYYY-MM-DD')
      const match = ISO_DATE.exec(value)
      const date = match ? new Date(`${value}T00:00:00Z`) : null
      if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
        return wrong('a date YYYY-MM-DD')
      }
      return value
    }
  }
}

/** Statistical division codes: a village 12 digits under its township, a township 9 under its county. */
function checkCodeForm(layer: LayerName, p: Record<string, unknown>, index: number, errors: Issue[]): void {
  const code = p.code as string
  const township = p.townshipCode as string | undefined
  const fail = (property: string, message: string) => errors.push(issue(index, property, 'invalid_code', message))
  if (township !== undefined && !(township.length === CODE_LENGTH.township && DIGITS.test(township))) {
    fail('townshipCode', `townshipCode ${township} must be a 9-digit township code.`)
  }
  if (layer === 'villages') {
    if (!(code.length === CODE_LENGTH.village && DIGITS.test(code))) {
      fail('code', `Village code ${code} must have 12 digits.`)
    } else if (township && !code.startsWith(township)) {
      fail('code', `Village code ${code} must start with its townshipCode ${township}.`)
    }
  }
  if (layer === 'regions' && typeof p.level === 'string') {
    const level = p.level as keyof typeof CODE_LENGTH
    const parent = p.parentCode as string | undefined
    if (!(code.length === CODE_LENGTH[level] && DIGITS.test(code))) {
      fail('code', `A ${level} code must have ${CODE_LENGTH[level]} digits, got ${code}.`)
    } else if (parent !== undefined && level !== 'county' && !code.startsWith(parent)) {
      fail('code', `Region code ${code} must start with its parentCode ${parent}.`)
    }
  }
}

function checkConsistency(p: Record<string, unknown>, index: number, errors: Issue[]): void {
  const above = (part: string, whole: string, label: string) => {
    const a = p[part]
    const b = p[whole]
    if (typeof a === 'number' && typeof b === 'number' && a > b) {
      errors.push(issue(index, part, 'exceeds_total', `${part} (${a}) is above ${label} ${whole} (${b}).`))
    }
  }
  above('poorHouseholds', 'households', 'its total')
  above('poorPopulation', 'population', 'its total')
  above('relocationHouseholds', 'households', 'the village total')
  above('relocationPopulation', 'population', 'the village total')
  above('relocationPoorHouseholds', 'relocationHouseholds', 'the relocating')
  above('spentCny', 'budgetCny', 'the')
  const ends: [string, string][] = [['plannedStart', 'plannedEnd'], ['actualStart', 'actualEnd']]
  for (const [start, end] of ends) {
    const s = p[start]
    const e = p[end]
    if (typeof s === 'string' && typeof e === 'string' && e < s) {
      errors.push(issue(index, end, 'end_before_start', `${end} (${e}) is before ${start} (${s}).`))
    }
  }
}

function checkFeatureGeometry(
  spec: LayerSpec, geometry: unknown, p: Record<string, unknown>, index: number, errors: Issue[],
): Geometry | null | undefined {
  if (geometry === null || geometry === undefined) {
    if (spec.project && (p.status === 'planned' || p.status === 'approved')) return null
    errors.push(issue(index, 'geometry', 'missing_geometry', spec.project
      ? 'Geometry is required unless the project is planned or approved.'
      : 'Geometry is required.'))
    return undefined
  }
  if (!isObject(geometry) || typeof geometry.type !== 'string') {
    errors.push(issue(index, 'geometry', 'invalid_geometry', 'Geometry must be a GeoJSON geometry object.'))
    return undefined
  }
  if (!(spec.geometry as readonly string[]).includes(geometry.type)) {
    errors.push(issue(index, 'geometry', 'wrong_geometry_type',
      `Layer ${spec.name} takes ${spec.geometry.join(' or ')}, got ${String(geometry.type).slice(0, 40)}.`))
    return undefined
  }
  const problem = checkCoordinates(geometry.type, geometry.coordinates)
  if (problem) {
    errors.push(issue(index, 'geometry', problem.reason, problem.message))
    return undefined
  }
  return { type: geometry.type, coordinates: geometry.coordinates } as Geometry
}

type Problem = { reason: string; message: string }

/** Structure and range of coordinates, so that PostGIS is only ever given well-formed GeoJSON. */
export function checkCoordinates(type: string, coordinates: unknown): Problem | null {
  const depth: Record<string, number> = {
    Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3,
  }
  const positions: Position[] = []
  const collect = (value: unknown, level: number): Problem | null => {
    if (!Array.isArray(value)) return { reason: 'invalid_coordinates', message: `${type} coordinates are not nested arrays of the right depth.` }
    if (level === 0) {
      positions.push(value as Position)
      return null
    }
    for (const item of value) {
      const p = collect(item, level - 1)
      if (p) return p
    }
    return null
  }
  const structural = collect(coordinates, depth[type])
  if (structural) return structural
  for (const position of positions) {
    const problem = checkPosition(position)
    if (problem) return problem
  }
  const c = coordinates as unknown[]
  if (type === 'LineString' && c.length < 2) return tooFew('A LineString needs at least 2 positions.')
  if (type === 'MultiLineString' && (c.length === 0 || c.some((l) => (l as unknown[]).length < 2))) {
    return tooFew('Each line of a MultiLineString needs at least 2 positions.')
  }
  if (type === 'MultiPoint' && c.length === 0) return tooFew('A MultiPoint needs at least one position.')
  const rings = type === 'Polygon' ? [c] : type === 'MultiPolygon' ? c : []
  if (type === 'MultiPolygon' && c.length === 0) return tooFew('A MultiPolygon needs at least one polygon.')
  for (const polygon of rings as Position[][][]) {
    if (polygon.length === 0) return tooFew('A polygon needs an outer ring.')
    for (const ring of polygon) {
      if (ring.length < 4) return tooFew('A polygon ring needs at least 4 positions (closed).')
      const first = ring[0]
      const last = ring[ring.length - 1]
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return { reason: 'unclosed_ring', message: `Polygon ring is not closed: it starts at [${first}] and ends at [${last}].` }
      }
    }
  }
  return null
}

function checkPosition(position: Position): Problem | null {
  if (position.length < 2 || position.length > 3) {
    return { reason: 'invalid_coordinates', message: `A position needs [lon, lat], got ${JSON.stringify(position).slice(0, 60)}.` }
  }
  if (!position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return { reason: 'invalid_coordinates', message: `Coordinates must be finite numbers, got ${JSON.stringify(position).slice(0, 60)}.` }
  }
  const [lon, lat] = position
  if (Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180) {
    return { reason: 'coordinates_swapped', message: `Position [${lon}, ${lat}] looks like [lat, lon]: GeoJSON wants [longitude, latitude].` }
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    return { reason: 'coordinates_out_of_range', message: `Position [${lon}, ${lat}] is outside longitude ±180 / latitude ±90.` }
  }
  return null
}

const tooFew = (message: string): Problem => ({ reason: 'invalid_geometry', message })

export function issue(index: number | null, property: string, reason: string, message: string, code?: string): Issue {
  return code === undefined ? { index, property, reason, message } : { index, code, property, reason, message }
}

function fileError(status: 400 | 422, code: string, message: string, errors: Issue[] = []): FileCheck {
  return { ok: false, status, code, message, errors }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
