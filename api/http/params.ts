import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { isLayerName, LAYERS } from '../../core/format/layers.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { badRequest, notFound } from './errors.ts'

// Parsing of path and query values, once, at the door: everything past here works on typed values.

export function parseLayer(value: string): LayerName {
  if (!isLayerName(value)) throw notFound(`Unknown layer ${JSON.stringify(value.slice(0, 40))}.`, { layers: LAYERS })
  return value
}

export function parseBbox(value: string | undefined): [number, number, number, number] | undefined {
  if (value === undefined) return undefined
  const parts = value.split(',')
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)))
  const fail = (why: string) =>
    badRequest('invalid_bbox', `bbox must be minLon,minLat,maxLon,maxLat: ${why}.`, { parameter: 'bbox', value: value.slice(0, 100) })
  if (parts.length !== 4 || numbers.some((n) => !Number.isFinite(n))) throw fail('four numbers are needed')
  const [w, s, e, n] = numbers
  if ([w, e].some((x) => Math.abs(x) > 180) || [s, n].some((y) => Math.abs(y) > 90)) throw fail('out of range')
  if (w > e || s > n) throw fail('the minimum is above the maximum')
  return [w, s, e, n]
}

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/

/** A region code in a query must be a 6/9/12-digit code of a region (or village) in the database. */
export async function parseRegion(db: Database, value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined
  if (!REGION_CODE.test(value)) {
    throw badRequest('invalid_region', 'region must be a 6-, 9- or 12-digit division code.', { parameter: 'region', value: value.slice(0, 40) })
  }
  const [{ n }] = await db.rows<{ n: number }>(sql`
    SELECT (SELECT count(*) FROM regions WHERE code = ${value}) + (SELECT count(*) FROM villages WHERE code = ${value}) AS n`)
  if (n === 0) throw badRequest('unknown_region', `No region with code ${value}.`, { parameter: 'region', value })
  return value
}
