import type { Geometry } from 'geojson'
import { checkCoordinates } from '../../core/format/coordinates.ts'
import { contradictsTownship } from '../../core/format/membership.ts'
import { stateProblems, type ProjectStateInput } from '../../core/projects/state.ts'
import { todayInChina } from '../../core/time/china.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { settingDefault } from '../../core/settings/catalogue.ts'
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
  /** The stable reason (GEODATA_FORMAT.md's error list), e.g. `required`. */
  reason: string
  /** What the web app says (a catalogue code and its parameters). */
  msg: Message
  /** The same in English, for scripts. */
  message: string
  /** The row as the clerk finds it in an uploaded file (the Excel row, the CSV line, the feature from 1). */
  row?: number
  /** The sheet of a workbook the row is on, where the file has several. */
  sheet?: string
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
  | { ok: false; status: 400 | 413 | 422; code: string; msg: Message; errors: Issue[]; rows?: ImportRow[] }

const ACCEPTED_CRS = [
  /^EPSG:(4326|4490)$/i,
  /^urn:ogc:def:crs:EPSG:[0-9.]*:(4326|4490)$/i,
  /^urn:ogc:def:crs:OGC:1\.3:CRS84$/i,
]

const FEATURE_CODE = /^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$/
const DIGITS = /^[0-9]+$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MAX_TEXT = 500

/** What one import may hold (settings import.maxFeatures, import.maxVertices, import.maxPropertyBytes). */
export interface ImportLimits {
  maxFeatures: number
  maxVertices: number
  maxPropertyBytes: number
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFeatures: settingDefault('import.maxFeatures'),
  maxVertices: settingDefault('import.maxVertices'),
  maxPropertyBytes: settingDefault('import.maxPropertyBytes'),
}

/** Whole numbers go into integer columns: at most PostgreSQL's integer. */
const MAX_INT = 2_147_483_647
const utf8 = new TextEncoder()

export function checkImportFile(layer: LayerName, body: unknown, limits: ImportLimits = DEFAULT_LIMITS): FileCheck {
  if (!isObject(body) || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    return fileError(400, 'invalid_geojson', msg('import.not_geojson'))
  }
  const crsIssue = checkCrs(body.crs)
  if (crsIssue) return fileError(400, 'unsupported_crs', crsIssue.msg, [crsIssue])
  if (body.features.length === 0) {
    return fileError(400, 'empty_collection', msg('import.empty_collection'))
  }
  if (body.features.length > limits.maxFeatures) {
    return fileError(413, 'too_many_features',
      msg('import.too_many_features', { count: body.features.length, max: limits.maxFeatures, setting: 'import.maxFeatures' }))
  }

  const spec = LAYER_SPECS[layer]
  const errors: Issue[] = []
  const rows: ImportRow[] = []
  const seen = new Map<string, number>()
  body.features.forEach((feature: unknown, index: number) => {
    const row = checkFeature(spec, feature, index, errors, limits)
    if (!row) return
    const first = seen.get(row.code)
    if (first !== undefined) {
      errors.push(issue(index, 'code', 'duplicate_code', msg('import.duplicate_code', { code: row.code, first }), row.code))
      return
    }
    seen.set(row.code, index)
    rows.push(row)
  })
  if (errors.length > 0) {
    return { ...fileError(422, 'invalid_features',
      msg('import.invalid_features', { problems: errors.length, features: new Set(errors.map((e) => e.index)).size }), errors), rows } as FileCheck
  }
  return { ok: true, rows, warnings: [] }
}

function checkCrs(crs: unknown): Issue | null {
  if (crs === undefined || crs === null) return null
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined
  if (typeof name === 'string' && ACCEPTED_CRS.some((pattern) => pattern.test(name))) return null
  return issue(null, 'crs', 'unsupported_crs', msg('import.unsupported_crs', { crs: JSON.stringify(typeof name === 'string' ? name : crs) }))
}

function checkFeature(spec: LayerSpec, feature: unknown, index: number, errors: Issue[], limits: ImportLimits): ImportRow | null {
  if (!isObject(feature) || feature.type !== 'Feature') {
    errors.push(issue(index, 'type', 'not_a_feature', msg('import.not_a_feature', { index })))
    return null
  }
  const input = feature.properties
  if (!isObject(input)) {
    errors.push(issue(index, 'properties', 'missing_properties', msg('import.missing_properties', { index })))
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
  for (const [key, value] of Object.entries(input)) {
    if (known.has(key)) continue
    // Unknown properties are kept as they came, within the size one property may have.
    const bytes = utf8.encode(JSON.stringify(value) ?? '').length
    if (bytes > limits.maxPropertyBytes) {
      errors.push(issue(index, key, 'value_too_large',
        msg('import.value_too_large', { property: key, bytes, max: limits.maxPropertyBytes, setting: 'import.maxPropertyBytes' })))
      continue
    }
    extra[key] = value
  }

  const code = typeof properties.code === 'string' ? properties.code : ''
  if (code) checkCodeForm(spec.name, properties, index, errors)
  checkConsistency(properties, index, errors)
  if (spec.project && typeof properties.status === 'string') {
    for (const p of stateProblems(properties as unknown as ProjectStateInput, todayInChina())) {
      errors.push(issue(index, p.property, p.property === 'progressPct' ? 'out_of_range' : 'invalid_date', p.msg))
    }
  }
  const geometry = checkFeatureGeometry(spec, feature.geometry, properties, index, errors, limits)
  for (const e of errors.slice(before)) e.code ??= code || undefined
  if (errors.length > before) return null
  return { index, code, properties, extra, geometry: geometry ?? null }
}

function checkProperty(spec: PropertySpec, raw: unknown, index: number, errors: Issue[]): unknown {
  const value = raw === null ? undefined : raw
  if (value === undefined) {
    if (spec.required) {
      errors.push(issue(index, spec.name, 'required', msg('import.required', { property: spec.name })))
      return undefined
    }
    return spec.default
  }
  const got = JSON.stringify(value)?.slice(0, 80) ?? ''
  const wrong = (expected: 'wrong_type_code' | 'wrong_type_text' | 'wrong_type_boolean' | 'wrong_type_number' | 'wrong_type_integer' | 'wrong_type_date') => {
    errors.push(issue(index, spec.name, 'wrong_type', msg(`import.${expected}`, { property: spec.name, value: got })))
    return undefined
  }
  switch (spec.type) {
    case 'code':
      if (typeof value !== 'string' || !FEATURE_CODE.test(value)) {
        return wrong('wrong_type_code')
      }
      return value
    case 'text':
      if (typeof value !== 'string') return wrong('wrong_type_text')
      if (value.length > MAX_TEXT) {
        errors.push(issue(index, spec.name, 'wrong_type', msg('import.text_too_long', { property: spec.name, max: MAX_TEXT, value: got })))
        return undefined
      }
      if (spec.required && value.trim() === '') {
        errors.push(issue(index, spec.name, 'required', msg('import.required_text', { property: spec.name })))
        return undefined
      }
      return value
    case 'enum':
      if (typeof value !== 'string' || !spec.values!.includes(value)) {
        errors.push(issue(index, spec.name, 'invalid_enum',
          msg('import.invalid_enum', { property: spec.name, allowed: spec.values!, value: got })))
        return undefined
      }
      return value
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong('wrong_type_boolean')
    case 'int':
    case 'number':
    case 'year': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong('wrong_type_number')
      if ((spec.type === 'int' || spec.type === 'year') && !Number.isInteger(value)) return wrong('wrong_type_integer')
      const [min, max] = spec.type === 'year' ? [1949, 2100] : [spec.min, spec.max ?? (spec.type === 'int' ? MAX_INT : undefined)]
      if (min !== undefined && value < min) {
        errors.push(issue(index, spec.name, min === 0 ? 'negative' : 'out_of_range',
          msg('import.below_min', { property: spec.name, min, value })))
        return undefined
      }
      if (max !== undefined && value > max) {
        errors.push(issue(index, spec.name, 'out_of_range', msg('import.above_max', { property: spec.name, max, value })))
        return undefined
      }
      return value
    }
    case 'date': {
      if (typeof value !== 'string') return wrong('wrong_type_date')
      const match = ISO_DATE.exec(value)
      const date = match ? new Date(`${value}T00:00:00Z`) : null
      if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
        return wrong('wrong_type_date')
      }
      return value
    }
  }
}

/** Statistical division codes: a village 12 digits under its township, a township 9 under its county. */
function checkCodeForm(layer: LayerName, p: Record<string, unknown>, index: number, errors: Issue[]): void {
  const code = p.code as string
  const township = p.townshipCode as string | undefined
  const fail = (property: string, problem: Message) => errors.push(issue(index, property, 'invalid_code', problem))
  if (township !== undefined && !(township.length === CODE_LENGTH.township && DIGITS.test(township))) {
    fail('townshipCode', msg('import.township_code_form', { township }))
  }
  if (township !== undefined && layer !== 'villages' && contradictsTownship(code, township)) {
    fail('code', msg('import.code_township_conflict', { code, township }))
  }
  if (layer === 'villages') {
    if (!(code.length === CODE_LENGTH.village && DIGITS.test(code))) {
      fail('code', msg('import.village_code_form', { code }))
    } else if (township && !code.startsWith(township)) {
      fail('code', msg('import.village_code_township', { code, township }))
    }
  }
  if (layer === 'regions' && typeof p.level === 'string') {
    const level = p.level as keyof typeof CODE_LENGTH
    const parent = p.parentCode as string | undefined
    if (!(code.length === CODE_LENGTH[level] && DIGITS.test(code))) {
      fail('code', msg('import.region_code_form', { level, digits: CODE_LENGTH[level], code }))
    } else if (parent !== undefined && level !== 'county' && !code.startsWith(parent)) {
      fail('code', msg('import.region_code_parent', { code, parent }))
    }
  }
}

function checkConsistency(p: Record<string, unknown>, index: number, errors: Issue[]): void {
  const above = (part: string, whole: string) => {
    const a = p[part]
    const b = p[whole]
    if (typeof a === 'number' && typeof b === 'number' && a > b) {
      errors.push(issue(index, part, 'exceeds_total', msg('import.exceeds_total', { part, value: a, whole, total: b })))
    }
  }
  above('poorHouseholds', 'households')
  above('poorPopulation', 'population')
  above('relocationHouseholds', 'households')
  above('relocationPopulation', 'population')
  above('relocationPoorHouseholds', 'relocationHouseholds')
  above('spentCny', 'budgetCny')
  const ends: [string, string][] = [['plannedStart', 'plannedEnd'], ['actualStart', 'actualEnd']]
  for (const [start, end] of ends) {
    const s = p[start]
    const e = p[end]
    if (typeof s === 'string' && typeof e === 'string' && e < s) {
      errors.push(issue(index, end, 'end_before_start', msg('import.end_before_start', { end, endDate: e, start, startDate: s })))
    }
  }
}

function checkFeatureGeometry(
  spec: LayerSpec, geometry: unknown, p: Record<string, unknown>, index: number, errors: Issue[], limits: ImportLimits,
): Geometry | null | undefined {
  if (geometry === null || geometry === undefined) {
    if (spec.project && (p.status === 'planned' || p.status === 'approved')) return null
    errors.push(issue(index, 'geometry', 'missing_geometry', spec.project
      ? msg('import.missing_project_geometry')
      : msg('import.missing_geometry')))
    return undefined
  }
  if (!isObject(geometry) || typeof geometry.type !== 'string') {
    errors.push(issue(index, 'geometry', 'invalid_geometry', msg('import.not_a_geometry')))
    return undefined
  }
  if (!(spec.geometry as readonly string[]).includes(geometry.type)) {
    errors.push(issue(index, 'geometry', 'wrong_geometry_type',
      msg('import.wrong_geometry_type', { layer: spec.name, allowed: spec.geometry, type: String(geometry.type).slice(0, 40) })))
    return undefined
  }
  const problem = checkCoordinates(geometry.type, geometry.coordinates, { maxVertices: limits.maxVertices })
  if (problem) {
    errors.push(issue(index, 'geometry', problem.reason, problem.msg))
    return undefined
  }
  return { type: geometry.type, coordinates: geometry.coordinates } as Geometry
}


export function issue(index: number | null, property: string, reason: string, said: Message, code?: string): Issue {
  const message = english(said)
  return code === undefined ? { index, property, reason, msg: said, message } : { index, code, property, reason, msg: said, message }
}

function fileError(status: 400 | 413 | 422, code: string, said: Message, errors: Issue[] = []): FileCheck {
  return { ok: false, status, code, msg: said, errors }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
