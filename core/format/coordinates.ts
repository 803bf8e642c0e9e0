import type { Position } from 'geojson'
import { msg, type Message } from '../messages/catalogue.ts'

// Structure and range of GeoJSON coordinates, checked before PostGIS sees them: by imports and by
// every request that carries a geometry (site evaluation, scenarios, project edits).

/** A problem of a geometry's coordinates: the import reason code (GEODATA_FORMAT.md) and the message. */
export interface CoordinateProblem {
  reason: 'invalid_coordinates' | 'coordinates_swapped' | 'coordinates_out_of_range' | 'invalid_geometry' | 'unclosed_ring' | 'too_many_vertices'
  msg: Message
}

const DEPTH: Record<string, number> = {
  Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3,
}

const tooFew = (m: Message): CoordinateProblem => ({ reason: 'invalid_geometry', msg: m })

export interface CoordinateLimits {
  /** The most positions one geometry may have (a setting, import.maxVertices). */
  maxVertices?: number
}

/** The default limit where no setting is at hand (core/settings/catalogue.ts import.maxVertices). */
export const DEFAULT_MAX_VERTICES = 100_000

export function checkCoordinates(type: string, coordinates: unknown, limits: CoordinateLimits = {}): CoordinateProblem | null {
  const maxVertices = limits.maxVertices ?? DEFAULT_MAX_VERTICES
  const positions: Position[] = []
  const collect = (value: unknown, level: number): CoordinateProblem | null => {
    if (!Array.isArray(value)) return { reason: 'invalid_coordinates', msg: msg('geometry.nested_arrays', { type }) }
    if (level === 0) {
      positions.push(value as Position)
      if (positions.length > maxVertices) {
        return { reason: 'too_many_vertices', msg: msg('geometry.too_many_vertices', { max: maxVertices, setting: 'import.maxVertices' }) }
      }
      return null
    }
    for (const item of value) {
      const p = collect(item, level - 1)
      if (p) return p
    }
    return null
  }
  const structural = collect(coordinates, DEPTH[type])
  if (structural) return structural
  for (const position of positions) {
    const problem = checkPosition(position)
    if (problem) return problem
  }
  const c = coordinates as unknown[]
  if (type === 'LineString' && c.length < 2) return tooFew(msg('geometry.line_too_short'))
  if (type === 'MultiLineString' && (c.length === 0 || c.some((l) => (l as unknown[]).length < 2))) {
    return tooFew(msg('geometry.multiline_too_short'))
  }
  if (type === 'MultiPoint' && c.length === 0) return tooFew(msg('geometry.multipoint_empty'))
  const rings = type === 'Polygon' ? [c] : type === 'MultiPolygon' ? c : []
  if (type === 'MultiPolygon' && c.length === 0) return tooFew(msg('geometry.multipolygon_empty'))
  for (const polygon of rings as Position[][][]) {
    if (polygon.length === 0) return tooFew(msg('geometry.polygon_no_ring'))
    for (const ring of polygon) {
      if (ring.length < 4) return tooFew(msg('geometry.ring_too_short'))
      const first = ring[0]
      const last = ring[ring.length - 1]
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return { reason: 'unclosed_ring', msg: msg('geometry.unclosed_ring', { first: String(first), last: String(last) }) }
      }
    }
  }
  return null
}

function checkPosition(position: Position): CoordinateProblem | null {
  if (position.length < 2 || position.length > 3) {
    return { reason: 'invalid_coordinates', msg: msg('geometry.position_form', { position: JSON.stringify(position).slice(0, 60) }) }
  }
  if (!position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return { reason: 'invalid_coordinates', msg: msg('geometry.position_not_numbers', { position: JSON.stringify(position).slice(0, 60) }) }
  }
  const [lon, lat] = position
  if (Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180) {
    return { reason: 'coordinates_swapped', msg: msg('geometry.coordinates_swapped', { lon, lat }) }
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    return { reason: 'coordinates_out_of_range', msg: msg('geometry.coordinates_out_of_range', { lon, lat }) }
  }
  return null
}
