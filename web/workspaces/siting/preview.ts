// Pure helpers of the siting workspace: candidate keys, best-value marking and the geometry previews
// (catchment ring, lines to the nearest services). No Vue, MapLibre or HTTP here. The figures the
// server also computes (load, capacity use, floor area, subsidy, warnings) are core/siting's.
import type { Feature, Geometry, LineString, Point, Polygon, Position } from 'geojson'
import { centroid, circle, nearestPointOnLine, pointOnFeature } from '@turf/turf'

export const MAX_CANDIDATES = 5
export const CANDIDATE_KEYS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const

/** The first of C1…C5 not yet used, or null when five candidates are kept already. */
export function nextCandidateKey(used: readonly string[]): string | null {
  return CANDIDATE_KEYS.find((k) => !used.includes(k)) ?? null
}

export type Better = 'max' | 'min'

/**
 * Which entries hold the best value of a row: the highest (or lowest) number, ties all marked.
 * Unknown values (null, NaN) never win, and a row with fewer than two known values marks nothing:
 * there is nothing to compare.
 */
export function bestOf(values: readonly (number | null | undefined)[], better: Better): boolean[] {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (known.length < 2) return values.map(() => false)
  const best = better === 'max' ? Math.max(...known) : Math.min(...known)
  if (known.every((v) => v === best)) return values.map(() => false)
  return values.map((v) => v === best)
}

/** A preview of the catchment ring (the server decides which villages are in it). */
export function ringPreview(center: Position, radiusM: number, options: { steps?: number } = {}): Feature<Polygon> {
  return circle(center, radiusM / 1000, { steps: options.steps ?? 96, units: 'kilometers' })
}

/** The point a candidate stands for: the point itself, or the centroid of its polygon. */
export function siteAnchor(geometry: Point | Polygon): Position {
  return geometry.type === 'Point' ? geometry.coordinates : centroid(geometry).geometry.coordinates
}

/** A line from the site to the closest point of a service feature, to draw with its distance. */
export function lineToFeature(from: Position, target: Geometry): Feature<LineString> | null {
  let to: Position | null = null
  switch (target.type) {
    case 'Point':
      to = target.coordinates
      break
    case 'LineString':
    case 'MultiLineString':
      to = nearestPointOnLine(target, from).geometry.coordinates
      break
    case 'Polygon':
    case 'MultiPolygon':
      to = pointOnFeature(target).geometry.coordinates
      break
    default:
      return null
  }
  return { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [from, to] } }
}

/** Parses a radius typed in metres; null for anything not a number (the server judges the range). */
export function parseMetres(text: string): number | null {
  const n = Number(text.trim().replace(/,/g, ''))
  return text.trim() === '' || !Number.isFinite(n) ? null : n
}
