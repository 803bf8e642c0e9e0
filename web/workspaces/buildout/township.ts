// Which township a project drawn on the map is filed under. The exchange format places a feature
// without a township where its geometry lies; a new project is given the township it lies in, and
// for one that crosses a boundary, the township holding most of it: most of a line's length, most of
// an outline's area (a tie goes to the township of its first point). Pure: no Vue, MapLibre or HTTP.
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import { area, bbox, booleanPointInPolygon, distance, feature, featureCollection, intersect } from '@turf/turf'

export interface Township {
  code: string
  name: string
  geometry: Polygon | MultiPolygon
}

/** What is measured in each township: the points (1 each), a line's metres, an outline's square metres. */
export type PlacementRule = 'point' | 'length' | 'area'

export interface TownshipShare {
  code: string
  name: string
  /** Points, metres or square metres inside the township, by the rule. */
  amount: number
}

export interface Placement {
  rule: PlacementRule
  /** The townships the geometry lies in, the largest share first. */
  shares: TownshipShare[]
  /** The township to file the project under, or null when the geometry lies in none. */
  township: string | null
}

type Box = [number, number, number, number]
interface Area { township: Township; box: Box; shape: Feature<Polygon | MultiPolygon> }

const inBox = ([x, y]: Position, [w, s, e, n]: Box) => x >= w && x <= e && y >= s && y <= n

function areasOf(townships: readonly Township[]): Area[] {
  return townships.map((township) => ({ township, box: bbox(township.geometry) as Box, shape: feature(township.geometry) }))
}

function areaAt(areas: readonly Area[], p: Position): Area | undefined {
  return areas.find((a) => inBox(p, a.box) && booleanPointInPolygon(p, a.shape))
}

function firstPosition(geometry: Geometry): Position | null {
  switch (geometry.type) {
    case 'Point': return geometry.coordinates
    case 'MultiPoint':
    case 'LineString': return geometry.coordinates[0] ?? null
    case 'MultiLineString':
    case 'Polygon': return geometry.coordinates[0]?.[0] ?? null
    case 'MultiPolygon': return geometry.coordinates[0]?.[0]?.[0] ?? null
    case 'GeometryCollection': return geometry.geometries.length ? firstPosition(geometry.geometries[0]) : null
  }
}

/** Metres of each line inside each township: every segment cut into pieces of at most stepM, each placed by its middle. */
function lineAmounts(lines: Position[][], areas: readonly Area[], stepM: number): Map<Area, number> {
  const out = new Map<Area, number>()
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const [a, b] = [line[i - 1], line[i]]
      const metres = distance(a, b, { units: 'meters' })
      const pieces = Math.max(1, Math.ceil(metres / stepM))
      for (let k = 0; k < pieces; k++) {
        const f = (k + 0.5) / pieces
        const at = areaAt(areas, [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f])
        if (at) out.set(at, (out.get(at) ?? 0) + metres / pieces)
      }
    }
  }
  return out
}

function areaAmounts(shape: Polygon | MultiPolygon, areas: readonly Area[]): Map<Area, number> {
  const out = new Map<Area, number>()
  const own = bbox(shape) as Box
  for (const a of areas) {
    if (own[0] > a.box[2] || own[2] < a.box[0] || own[1] > a.box[3] || own[3] < a.box[1]) continue
    const common = intersect(featureCollection([feature(shape), a.shape]))
    const m2 = common ? area(common) : 0
    if (m2 > 0) out.set(a, m2)
  }
  return out
}

function pointAmounts(points: Position[], areas: readonly Area[]): Map<Area, number> {
  const out = new Map<Area, number>()
  for (const p of points) {
    const at = areaAt(areas, p)
    if (at) out.set(at, (out.get(at) ?? 0) + 1)
  }
  return out
}

/**
 * Where a drawn geometry lies among the townships: each township's share and the one to file it
 * under. `stepM` is the longest piece of a line placed as a whole (lines are measured piece by piece).
 */
export function placeInTownships(geometry: Geometry, townships: readonly Township[], options: { stepM?: number } = {}): Placement {
  const areas = areasOf(townships)
  const stepM = options.stepM ?? 20
  let rule: PlacementRule
  let amounts: Map<Area, number>
  switch (geometry.type) {
    case 'LineString': rule = 'length'; amounts = lineAmounts([geometry.coordinates], areas, stepM); break
    case 'MultiLineString': rule = 'length'; amounts = lineAmounts(geometry.coordinates, areas, stepM); break
    case 'Polygon':
    case 'MultiPolygon': rule = 'area'; amounts = areaAmounts(geometry, areas); break
    case 'Point': rule = 'point'; amounts = pointAmounts([geometry.coordinates], areas); break
    case 'MultiPoint': rule = 'point'; amounts = pointAmounts(geometry.coordinates, areas); break
    default: return { rule: 'point', shares: [], township: null }
  }
  const start = firstPosition(geometry)
  const first = start ? areaAt(areas, start) : undefined
  const shares = [...amounts].map(([a, amount]) => ({ code: a.township.code, name: a.township.name, amount, first: a === first }))
    .sort((x, y) => y.amount - x.amount || Number(y.first) - Number(x.first) || x.code.localeCompare(y.code))
    .map(({ code, name, amount }) => ({ code, name, amount }))
  return { rule, shares, township: shares[0]?.code ?? null }
}

/** Whether the geometry placed lies (at least in part) in a township: the only townships it may be filed under. */
export function liesIn(placement: Placement, code: string): boolean {
  return placement.shares.some((s) => s.code === code)
}
