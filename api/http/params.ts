import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { isLayerName, LAYERS } from '../../core/format/layers.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { badRequest, notFound } from './errors.ts'
import { PROVINCE_NAMES } from '../../core/format/provinces.ts'

// Parsing of path and query values, once, at the door: everything past here works on typed values.

/** The largest id of a serial column (PostgreSQL integer). */
export const MAX_ID = 2_147_483_647

/** A row id from the path: a whole number 1…MAX_ID, else null (the route answers 404). */
export function pathId(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null
  const id = Number(text)
  return id >= 1 && id <= MAX_ID ? id : null
}

export function parseLayer(value: string): LayerName {
  if (!isLayerName(value)) throw notFound(msg('errors.unknown_layer', { layer: JSON.stringify(value.slice(0, 40)) }), { layers: LAYERS })
  return value
}

export function parseBbox(value: string | undefined): [number, number, number, number] | undefined {
  if (value === undefined) return undefined
  const parts = value.split(',')
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)))
  const fail = (why: Message) => badRequest('invalid_bbox', why, { parameter: 'bbox', value: value.slice(0, 100) })
  if (parts.length !== 4 || numbers.some((n) => !Number.isFinite(n))) throw fail(msg('errors.invalid_bbox_count'))
  const [w, s, e, n] = numbers
  if ([w, e].some((x) => Math.abs(x) > 180) || [s, n].some((y) => Math.abs(y) > 90)) throw fail(msg('errors.invalid_bbox_range'))
  if (w > e || s > n) throw fail(msg('errors.invalid_bbox_order'))
  return [w, s, e, n]
}

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/
const REGION_OR_PROVINCE = /^(\d{2}|\d{6}|\d{9}|\d{12})$/

/**
 * A region code in a query must be a 6/9/12-digit code of a region (or village) in the database; where
 * the route rolls up above the county (`province`), also a province's two digits (core/format/provinces.ts)
 * where the instance holds a county of it.
 */
export async function parseRegion(db: Database, value: string | undefined, options: { province?: boolean } = {}): Promise<string | undefined> {
  if (value === undefined) return undefined
  if (!(options.province ? REGION_OR_PROVINCE : REGION_CODE).test(value)) {
    throw badRequest('invalid_region', msg(options.province ? 'errors.invalid_region_or_province' : 'errors.invalid_region'), { parameter: 'region', value: value.slice(0, 40) })
  }
  const [{ n }] = await db.rows<{ n: number }>(value.length === 2
    ? sql`SELECT count(*)::int AS n FROM regions WHERE level = 'county' AND code LIKE ${`${value}%`} AND ${value in PROVINCE_NAMES}`
    : sql`SELECT (SELECT count(*) FROM regions WHERE code = ${value}) + (SELECT count(*) FROM villages WHERE code = ${value}) AS n`)
  if (n === 0) throw badRequest('unknown_region', msg('errors.unknown_region', { region: value }), { parameter: 'region', value })
  return value
}
