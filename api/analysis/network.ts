// Distance and travel time along the road network, as a pure module (no database, Hono or Vue imports).
//
// The graph lives in TypeScript rather than in pgRouting because the embedded PGlite backend has no
// pgRouting; the same code then serves both database backends (and could run in the browser).
//
// Model:
// - Every road part is split at its vertices: each vertex is a node, consecutive vertices an edge whose
//   length is the geodesic on the WGS84 ellipsoid (GeographicLib, the same spheroid PostGIS uses for
//   `ST_Length(geom::geography)`), and whose time is length / speed of the road's class and surface.
// - Vertices of different road parts closer than `snapToleranceM` become one node (the higher road class
//   keeps its position); bit-identical vertices always do. Roads that merely cross (no shared or snapped
//   vertex) do not connect: bridges and overpasses.
// - A place is attached at the nearest point ON the nearest edge within `maxConnectorM` (the edge is
//   split virtually there) and walks the straight connector at `connectorSpeedKmh`.
//
// Libraries: graphology (graph), graphology-shortest-path (Dijkstra), graphology-components
// (component count), flatbush (spatial index for snapping and attachment), geographiclib-geodesic
// (lengths and projection on the ellipsoid). graphology-shortest-path returns no single-source Dijkstra
// *lengths*: `dijkstra.singleSource` returns a full node path per node (O(nodes × depth) to build) and
// seeds every source at 0. Its `dijkstra.brandes` returns the settling order and predecessors in
// O(edges log nodes), from which lengths are summed in one linear pass; that is what `search` uses, with
// a temporary virtual source node for the attached places.

import type { LineString, MultiLineString, Position } from 'geojson'
import Flatbush from 'flatbush'
import geographiclib from 'geographiclib-geodesic'
import { MultiUndirectedGraph } from 'graphology'
import { countConnectedComponents } from 'graphology-components'
import { dijkstra } from 'graphology-shortest-path'
import type { ReachableRoute, RoadRoute, UnreachableRoute } from '../../core/contract/analysis.ts'
import { ROAD_CLASSES, ROAD_SURFACES } from '../../core/format/layers.ts'
import { settingDefault } from '../../core/settings/catalogue.ts'
import type { SettingLookup } from '../../core/siting/factors.ts'

export type RoadClass = (typeof ROAD_CLASSES)[number]
export type RoadSurface = (typeof ROAD_SURFACES)[number]

export interface RoadInput {
  code: string
  roadClass: RoadClass
  surface: RoadSurface
  /** Planned roads may have no geometry yet: such roads are skipped. */
  geometry: LineString | MultiLineString | null
}

export interface RoadSpeedsKmh {
  countyHardened: number
  townshipHardened: number
  /** Also hardened group roads. */
  villageHardened: number
  /** Any gravel road, whatever its class. */
  gravel: number
  /** Any earth road, whatever its class. */
  earth: number
}

export interface NetworkOptions {
  /** Vertices of different roads closer than this are joined (metres). Default 20. */
  snapToleranceM?: number
  /** Travel speeds (km/h); missing entries take the defaults 40 / 30 / 25 / 15 / 8. */
  speedsKmh?: Partial<RoadSpeedsKmh>
  /** Walking speed on the connector from a place to its nearest road point (km/h). Default 5. */
  connectorSpeedKmh?: number
  /** A place farther than this from every road is not connected (metres). Default 1000. */
  maxConnectorM?: number
}

export type ResolvedNetworkOptions = Required<Omit<NetworkOptions, 'speedsKmh'>> & { speedsKmh: RoadSpeedsKmh }

/** The options the settings give (network.*), where a request leaves nothing to chance. */
export function networkOptions(setting: SettingLookup): ResolvedNetworkOptions {
  return {
    snapToleranceM: setting('network.snapToleranceM'),
    connectorSpeedKmh: setting('network.connectorSpeedKmh'),
    maxConnectorM: setting('network.maxConnectorM'),
    speedsKmh: {
      countyHardened: setting('network.speedCountyHardenedKmh'),
      townshipHardened: setting('network.speedTownshipHardenedKmh'),
      villageHardened: setting('network.speedVillageHardenedKmh'),
      gravel: setting('network.speedGravelKmh'),
      earth: setting('network.speedEarthKmh'),
    },
  }
}

/** The national defaults of the settings (core/settings/catalogue.ts). */
export const DEFAULT_NETWORK_OPTIONS: ResolvedNetworkOptions = Object.freeze(networkOptions(settingDefault))

export interface PlacePoint { id: string; lon: number; lat: number }

export type RouteCriterion = 'distance' | 'time'

// The answers' shapes are the API's own (core/contract): scenarios and nearest send them as they are.
export type { ReachableRoute, RoadRoute, UnreachableRoute }

export type NearestRoute = ({ id: string } & ReachableRoute) | UnreachableRoute

export interface RouteOptions {
  /** Which cost the route minimises; the other is reported along that route. Default 'distance'. */
  by?: RouteCriterion
}

const geod = geographiclib.Geodesic.WGS84
const GEODESIC = geographiclib.Geodesic
const DEG = Math.PI / 180

/** The widest search for the nearest road that ranks edges on a local plane (metres). */
const PLANAR_SEARCH_MAX_M = 64_000

const CLASS_PRIORITY: Record<RoadClass, number> = { county: 0, township: 1, village: 2, group: 3 }

function geodesicM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return geod.Inverse(lat1, lon1, lat2, lon2, GEODESIC.DISTANCE).s12!
}

/** Relative error allowed for the planar estimate used to rank attachment candidates (it is far smaller
 *  within the connector distances involved, a few kilometres; the exact projection decides). */
const PLANAR_SLACK = 0.01

/** Metres per degree of longitude and of latitude at a latitude (WGS84 prime-vertical and meridional radii). */
function localScale(lat: number): { perDegLon: number; perDegLat: number } {
  const { a, f } = geod
  const e2 = f * (2 - f)
  const sin = Math.sin(lat * DEG)
  const w = Math.sqrt(1 - e2 * sin * sin)
  return { perDegLon: ((a / w) * Math.cos(lat * DEG)) * DEG, perDegLat: ((a * (1 - e2)) / (w * w * w)) * DEG }
}

/** A bounding box in degrees that contains every point within `radiusM` of (lon, lat). */
function boxAround(lon: number, lat: number, radiusM: number): [number, number, number, number] {
  // 110,574 m is the shortest degree of latitude (at the equator); 1 % margin on both.
  const dLat = (radiusM / 110_574) * 1.01
  const cos = Math.cos(Math.min(89.9, Math.abs(lat) + dLat) * DEG)
  const dLon = Math.min(180, (radiusM / (111_320 * cos)) * 1.01)
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat]
}

export function roadSpeedKmh(roadClass: RoadClass, surface: RoadSurface, speeds: RoadSpeedsKmh): number {
  if (surface === 'gravel') return speeds.gravel
  if (surface === 'earth') return speeds.earth
  if (roadClass === 'county') return speeds.countyHardened
  if (roadClass === 'township') return speeds.townshipHardened
  return speeds.villageHardened
}

/** Minutes to cover `metres` at `kmh`. */
const minutes = (metres: number, kmh: number): number => metres / ((kmh * 1000) / 60)

function resolveOptions(options: NetworkOptions): ResolvedNetworkOptions {
  const d = DEFAULT_NETWORK_OPTIONS
  const resolved: ResolvedNetworkOptions = {
    snapToleranceM: options.snapToleranceM ?? d.snapToleranceM,
    speedsKmh: { ...d.speedsKmh, ...options.speedsKmh },
    connectorSpeedKmh: options.connectorSpeedKmh ?? d.connectorSpeedKmh,
    maxConnectorM: options.maxConnectorM ?? d.maxConnectorM,
  }
  const nonNegative = { snapToleranceM: resolved.snapToleranceM, maxConnectorM: resolved.maxConnectorM }
  for (const [name, value] of Object.entries(nonNegative)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`network: ${name} must be a finite number ≥ 0, got ${value}`)
  }
  const speeds = { ...resolved.speedsKmh, connector: resolved.connectorSpeedKmh }
  for (const [name, value] of Object.entries(speeds)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`network: speed ${name} must be a finite number > 0 km/h, got ${value}`)
  }
  return resolved
}

function checkPosition(p: Position, where: string): void {
  const [lon, lat] = p
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new TypeError(`network: ${where} has an invalid position [${lon}, ${lat}]`)
  }
}

/** The parts of a road as position lists, consecutive duplicates dropped, parts under two positions skipped. */
function roadParts(road: RoadInput): Position[][] {
  const g = road.geometry
  if (g === null || g === undefined) return []
  if (g.type !== 'LineString' && g.type !== 'MultiLineString') {
    throw new TypeError(`network: road ${road.code} has a ${(g as { type: string }).type} geometry, expected LineString or MultiLineString`)
  }
  const parts = g.type === 'LineString' ? [g.coordinates] : g.coordinates
  return parts
    .map((part) => {
      const out: Position[] = []
      for (const p of part) {
        checkPosition(p, `road ${road.code}`)
        const last = out[out.length - 1]
        if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
      }
      return out
    })
    .filter((part) => part.length >= 2)
}

/** Where a place meets the network: an edge, a distance along it from its node A, and the connector. */
interface Attachment {
  edge: number
  /** Metres from the edge's node A to the attachment point. */
  alongM: number
  connectorM: number
}

interface EdgeAttributes { lengthM: number; timeMin: number }

/** Costs from the seeds of one search, per real node (Infinity where not reached). */
interface SearchResult {
  cost: Float64Array
  /** The other measure (time when searching by distance, distance when by time) along the chosen route. */
  other: Float64Array
  /** Index of the seed whose route reached the node. */
  seed: Int32Array
}

interface Candidate { cost: number; other: number; seed: number }

export class RoadNetwork {
  readonly nodeCount: number
  readonly edgeCount: number
  /** Connected components of the road graph (isolated pieces, bridges that meet nothing...). */
  readonly components: number
  readonly options: ResolvedNetworkOptions

  private readonly graph: MultiUndirectedGraph<Record<string, never>, EdgeAttributes>
  private readonly nodeLon: Float64Array
  private readonly nodeLat: Float64Array
  private readonly edgeA: Uint32Array
  private readonly edgeB: Uint32Array
  private readonly edgeLengthM: Float64Array
  private readonly edgeTimeMin: Float64Array
  private readonly edgeIndex: Flatbush | null
  /** How far (metres) each edge's geodesic may stray from its straight lon/lat chord. */
  private readonly edgeBulgeM: Float64Array

  private constructor(
    options: ResolvedNetworkOptions,
    nodes: { lon: number[]; lat: number[] },
    edges: { a: number[]; b: number[]; lengthM: number[]; timeMin: number[] },
  ) {
    this.options = options
    this.nodeLon = Float64Array.from(nodes.lon)
    this.nodeLat = Float64Array.from(nodes.lat)
    this.edgeA = Uint32Array.from(edges.a)
    this.edgeB = Uint32Array.from(edges.b)
    this.edgeLengthM = Float64Array.from(edges.lengthM)
    this.edgeTimeMin = Float64Array.from(edges.timeMin)

    this.graph = new MultiUndirectedGraph({ allowSelfLoops: false })
    for (let i = 0; i < this.nodeLon.length; i++) this.graph.addNode(String(i))
    for (let e = 0; e < this.edgeA.length; e++) {
      this.graph.addEdgeWithKey(`e${e}`, String(this.edgeA[e]), String(this.edgeB[e]), {
        lengthM: this.edgeLengthM[e], timeMin: this.edgeTimeMin[e],
      })
    }
    this.nodeCount = this.graph.order
    this.edgeCount = this.graph.size
    this.components = countConnectedComponents(this.graph)

    if (this.edgeCount === 0) {
      this.edgeIndex = null
      this.edgeBulgeM = new Float64Array(0)
    } else {
      const index = new Flatbush(this.edgeCount)
      this.edgeBulgeM = new Float64Array(this.edgeCount)
      for (let e = 0; e < this.edgeCount; e++) {
        const a = this.edgeA[e]
        const b = this.edgeB[e]
        // The geodesic strays from the straight lon/lat chord by about L² · tan|φ| / 8R (poleward); the
        // box and the planar estimate allow twice that.
        const midLat = (this.nodeLat[a] + this.nodeLat[b]) / 2
        const bulgeM = (2 * this.edgeLengthM[e] ** 2 * Math.abs(Math.tan(Math.min(89, Math.abs(midLat)) * DEG))) / (8 * 6_371_000)
        this.edgeBulgeM[e] = bulgeM
        const [bx, by] = [bulgeM / localScale(midLat).perDegLon, bulgeM / localScale(midLat).perDegLat]
        index.add(
          Math.min(this.nodeLon[a], this.nodeLon[b]) - bx, Math.min(this.nodeLat[a], this.nodeLat[b]) - by,
          Math.max(this.nodeLon[a], this.nodeLon[b]) + bx, Math.max(this.nodeLat[a], this.nodeLat[b]) + by,
        )
      }
      index.finish()
      this.edgeIndex = index
    }
  }

  /** Build the network once; reuse it for any number of queries. Roads without geometry are skipped. */
  static build(roads: readonly RoadInput[], options: NetworkOptions = {}): RoadNetwork {
    const opts = resolveOptions(options)

    // Every vertex of every part, with the part it belongs to and its road's priority.
    const vLon: number[] = []
    const vLat: number[] = []
    const vPart: number[] = []
    const vPriority: number[] = []
    const parts: { first: number; count: number; speedKmh: number }[] = []
    for (const road of roads) {
      if (!ROAD_CLASSES.includes(road.roadClass)) throw new TypeError(`network: road ${road.code} has an unknown roadClass ${road.roadClass}`)
      if (!ROAD_SURFACES.includes(road.surface)) throw new TypeError(`network: road ${road.code} has an unknown surface ${road.surface}`)
      const speedKmh = roadSpeedKmh(road.roadClass, road.surface, opts.speedsKmh)
      for (const part of roadParts(road)) {
        parts.push({ first: vLon.length, count: part.length, speedKmh })
        for (const [lon, lat] of part) {
          vLon.push(lon)
          vLat.push(lat)
          vPart.push(parts.length - 1)
          vPriority.push(CLASS_PRIORITY[road.roadClass])
        }
      }
    }

    // Snapping. Vertices are taken by road priority (county first), then input order; an unassigned
    // vertex becomes a node and takes every unassigned vertex of another part within the tolerance
    // (and identical positions of its own part). Joining only to the node's own vertex, not transitively,
    // keeps densely digitised roads from collapsing into one node.
    const vertexCount = vLon.length
    const nodeOf = new Int32Array(vertexCount).fill(-1)
    const nodes = { lon: [] as number[], lat: [] as number[] }
    if (vertexCount > 0) {
      const vertexIndex = new Flatbush(vertexCount)
      for (let v = 0; v < vertexCount; v++) vertexIndex.add(vLon[v], vLat[v], vLon[v], vLat[v])
      vertexIndex.finish()
      const order = Array.from({ length: vertexCount }, (_, v) => v)
        .sort((x, y) => vPriority[x] - vPriority[y] || x - y)
      const tol = opts.snapToleranceM
      for (const v of order) {
        if (nodeOf[v] !== -1) continue
        const node = nodes.lon.length
        nodes.lon.push(vLon[v])
        nodes.lat.push(vLat[v])
        nodeOf[v] = node
        const [minX, minY, maxX, maxY] = boxAround(vLon[v], vLat[v], tol)
        const near = vertexIndex.search(minX, minY, maxX, maxY).sort((x, y) => x - y)
        for (const c of near) {
          if (nodeOf[c] !== -1) continue
          const same = vLon[c] === vLon[v] && vLat[c] === vLat[v]
          if (same || (vPart[c] !== vPart[v] && geodesicM(vLon[v], vLat[v], vLon[c], vLat[c]) <= tol)) nodeOf[c] = node
        }
      }
    }

    // Edges between consecutive vertices, measured between their (possibly snapped) nodes.
    const edges = { a: [] as number[], b: [] as number[], lengthM: [] as number[], timeMin: [] as number[] }
    for (const part of parts) {
      for (let k = 1; k < part.count; k++) {
        const a = nodeOf[part.first + k - 1]
        const b = nodeOf[part.first + k]
        if (a === b) continue
        const lengthM = geodesicM(nodes.lon[a], nodes.lat[a], nodes.lon[b], nodes.lat[b])
        edges.a.push(a)
        edges.b.push(b)
        edges.lengthM.push(lengthM)
        edges.timeMin.push(minutes(lengthM, part.speedKmh))
      }
    }
    return new RoadNetwork(opts, nodes, edges)
  }

  /**
   * Road distance and time from each origin to each destination, keyed by origin id then destination id.
   * Runs one single-source search per place on the smaller side (the graph is undirected).
   */
  matrix(
    origins: readonly PlacePoint[],
    destinations: readonly PlacePoint[],
    options: RouteOptions = {},
  ): Map<string, Map<string, RoadRoute>> {
    const by = options.by ?? 'distance'
    const from = this.attachAll(origins, 'origins')
    const to = this.attachAll(destinations, 'destinations')
    const result = new Map<string, Map<string, RoadRoute>>()
    for (let i = 0; i < origins.length; i++) {
      const row = new Map<string, RoadRoute>()
      for (let j = 0; j < destinations.length; j++) {
        row.set(destinations[j].id, from[i] && to[j] ? { reachable: false, reason: 'not_connected' } : { reachable: false, reason: 'no_road_nearby' })
      }
      result.set(origins[i].id, row)
    }

    // Seed from whichever side has fewer attached places; routes are symmetric.
    const attachedFrom = from.flatMap((a, i) => (a ? [i] : []))
    const attachedTo = to.flatMap((a, j) => (a ? [j] : []))
    const seedFromOrigins = attachedFrom.length < attachedTo.length
    const [seeds, probes] = seedFromOrigins ? [attachedFrom, attachedTo] : [attachedTo, attachedFrom]
    const seedAtt = seedFromOrigins ? from : to
    const probeAtt = seedFromOrigins ? to : from
    for (const s of seeds) {
      const seed = [seedAtt[s]!]
      const search = this.search(seed, by)
      for (const p of probes) {
        const best = this.bestCandidate(probeAtt[p]!, seed, search, by)
        if (!best) continue
        const route = this.toRoute(best, probeAtt[p]!, seed[best.seed], by)
        const [i, j] = seedFromOrigins ? [s, p] : [p, s]
        result.get(origins[i].id)!.set(destinations[j].id, route)
      }
    }
    return result
  }

  /**
   * For each origin, the destination nearest by road distance (or by time with `{ by: 'time' }`).
   * One multi-source search from all destinations answers every origin.
   */
  nearest(
    origins: readonly PlacePoint[],
    destinations: readonly PlacePoint[],
    options: RouteOptions = {},
  ): Map<string, NearestRoute> {
    const by = options.by ?? 'distance'
    const from = this.attachAll(origins, 'origins')
    const to = this.attachAll(destinations, 'destinations')
    const seedIds: string[] = []
    const seeds: Attachment[] = []
    to.forEach((a, j) => {
      if (a) {
        seedIds.push(destinations[j].id)
        seeds.push(a)
      }
    })
    const search = from.some(Boolean) && seeds.length > 0 ? this.search(seeds, by) : null
    const result = new Map<string, NearestRoute>()
    origins.forEach((origin, i) => {
      const att = from[i]
      if (!att) {
        result.set(origin.id, { reachable: false, reason: 'no_road_nearby' })
        return
      }
      const best = search ? this.bestCandidate(att, seeds, search, by) : null
      if (!best) {
        result.set(origin.id, { reachable: false, reason: 'not_connected' })
        return
      }
      result.set(origin.id, { id: seedIds[best.seed], ...this.toRoute(best, att, seeds[best.seed], by) })
    })
    return result
  }

  // ── attachment ────────────────────────────────────────────────────────────────────────────────

  private attachAll(points: readonly PlacePoint[], what: string): (Attachment | null)[] {
    const ids = new Set<string>()
    return points.map((p) => {
      if (ids.has(p.id)) throw new TypeError(`network: duplicate id ${p.id} in ${what}`)
      ids.add(p.id)
      checkPosition([p.lon, p.lat], `place ${p.id}`)
      return this.attach(p.lon, p.lat)
    })
  }

  /**
   * Geodesic metres from a place to the nearest point of any road, however far; null when the network
   * has no road. A place is attached (reaches the network) exactly when this is within maxConnectorM.
   */
  distanceToRoad(place: PlacePoint): number | null {
    checkPosition([place.lon, place.lat], `place ${place.id}`)
    if (!this.edgeIndex) return null
    // Widen the search until a road turns up (the nearest within the search radius is the nearest
    // overall); the planar ranking holds within some tens of kilometres, so farther out every edge
    // is projected on the ellipsoid.
    for (let searchM = Math.max(this.options.maxConnectorM, 1000); searchM <= PLANAR_SEARCH_MAX_M; searchM *= 4) {
      const found = this.attach(place.lon, place.lat, searchM)
      if (found) return found.connectorM
    }
    let best = Infinity
    for (let e = 0; e < this.edgeCount; e++) best = Math.min(best, this.project(e, place.lon, place.lat).connectorM)
    return best
  }

  /** Whether a place lies within maxConnectorM of a road (it is then attached for every route). */
  onNetwork(place: PlacePoint): boolean {
    checkPosition([place.lon, place.lat], `place ${place.id}`)
    return this.attach(place.lon, place.lat) !== null
  }

  /** The nearest point on the nearest edge within `max` metres (maxConnectorM by default), or null. */
  private attach(lon: number, lat: number, max = this.options.maxConnectorM): Attachment | null {
    if (!this.edgeIndex) return null
    const [minX, minY, maxX, maxY] = boxAround(lon, lat, max)
    // Rank the candidates by a planar estimate (local metres per degree), then project exactly only
    // those the estimate cannot rule out: the ellipsoidal projection costs a few geodesic solutions.
    const { perDegLon, perDegLat } = localScale(lat)
    const candidates = this.edgeIndex.search(minX, minY, maxX, maxY)
      .map((e) => ({ e, approxM: this.planarDistanceM(e, lon, lat, perDegLon, perDegLat) }))
      .filter((c) => c.approxM <= max * (1 + PLANAR_SLACK) + 1)
      .sort((x, y) => x.approxM - y.approxM || x.e - y.e)
    let best: Attachment | null = null
    for (const { e, approxM } of candidates) {
      if (best && approxM > best.connectorM * (1 + PLANAR_SLACK) + 1) break
      const { alongM, connectorM } = this.project(e, lon, lat)
      if (connectorM <= max && (!best || connectorM < best.connectorM)) best = { edge: e, alongM, connectorM }
    }
    return best
  }

  /** Distance from (lon, lat) to the chord of edge `e` on a local plane, less the edge's bulge: an
   *  estimate, never much above the true distance, for ranking only. */
  private planarDistanceM(e: number, lon: number, lat: number, perDegLon: number, perDegLat: number): number {
    const a = this.edgeA[e]
    const b = this.edgeB[e]
    const ax = (this.nodeLon[a] - lon) * perDegLon
    const ay = (this.nodeLat[a] - lat) * perDegLat
    const ux = (this.nodeLon[b] - lon) * perDegLon - ax
    const uy = (this.nodeLat[b] - lat) * perDegLat - ay
    const uu = ux * ux + uy * uy
    const t = uu === 0 ? 0 : Math.min(1, Math.max(0, -(ax * ux + ay * uy) / uu))
    return Math.max(0, Math.hypot(ax + t * ux, ay + t * uy) - this.edgeBulgeM[e])
  }

  /**
   * The point of edge `e` (a geodesic) nearest to (lon, lat): a first guess from a local plane, refined
   * on the ellipsoid by moving along the edge by d·cos(angle between the edge and the direction to the
   * point) until it stops moving (the geodesic intercept method of Baselga and Martínez-Llario, 2018).
   */
  private project(e: number, lon: number, lat: number): { alongM: number; connectorM: number } {
    const a = this.edgeA[e]
    const b = this.edgeB[e]
    const length = this.edgeLengthM[e]
    const [lonA, latA, lonB, latB] = [this.nodeLon[a], this.nodeLat[a], this.nodeLon[b], this.nodeLat[b]]
    if (length === 0) return { alongM: 0, connectorM: geodesicM(lonA, latA, lon, lat) }

    const cos = Math.cos(lat * DEG)
    const [ux, uy] = [(lonB - lonA) * cos, latB - latA]
    const [px, py] = [(lon - lonA) * cos, lat - latA]
    const t = Math.min(1, Math.max(0, (ux * px + uy * py) / (ux * ux + uy * uy)))
    const line = geod.InverseLine(latA, lonA, latB, lonB)
    let s = t * length
    for (let k = 0; k < 10; k++) {
      const at = line.Position(s, GEODESIC.STANDARD)
      const toPoint = geod.Inverse(at.lat2!, at.lon2!, lat, lon, GEODESIC.STANDARD)
      if (toPoint.s12! < 1e-9) break
      const next = Math.min(length, Math.max(0, s + toPoint.s12! * Math.cos((toPoint.azi1! - at.azi2!) * DEG)))
      const moved = Math.abs(next - s)
      s = next
      if (moved < 1e-6) break
    }
    const foot = line.Position(s, GEODESIC.STANDARD)
    return { alongM: s, connectorM: geodesicM(foot.lon2!, foot.lat2!, lon, lat) }
  }

  // ── search ───────────────────────────────────────────────────────────────────────────────────

  /** Cost (in the chosen criterion) and the other measure of the stretches from a node to an attachment. */
  private partialCosts(att: Attachment, by: RouteCriterion): { viaA: [number, number]; viaB: [number, number] } {
    const len = this.edgeLengthM[att.edge]
    const time = this.edgeTimeMin[att.edge]
    const frac = len === 0 ? 0 : att.alongM / len
    const connTime = minutes(att.connectorM, this.options.connectorSpeedKmh)
    const dA = att.alongM + att.connectorM
    const tA = frac * time + connTime
    const dB = len - att.alongM + att.connectorM
    const tB = (1 - frac) * time + connTime
    return by === 'distance' ? { viaA: [dA, tA], viaB: [dB, tB] } : { viaA: [tA, dA], viaB: [tB, dB] }
  }

  /**
   * Multi-source Dijkstra from the attached seeds (connectors included). A temporary virtual source
   * joins one virtual node per seed, which joins the two ends of the seed's edge; the graph is restored
   * before returning (queries are synchronous, so no other query sees the virtual nodes).
   */
  private search(seeds: readonly Attachment[], by: RouteCriterion): SearchResult {
    const graph = this.graph
    const n = this.nodeCount
    const result: SearchResult = {
      cost: new Float64Array(n).fill(Infinity),
      other: new Float64Array(n).fill(Infinity),
      seed: new Int32Array(n).fill(-1),
    }
    const source = 'virtual:source'
    const seedKey = (k: number): string => `virtual:seed:${k}`
    const attrs = (crit: number, other: number): EdgeAttributes =>
      by === 'distance' ? { lengthM: crit, timeMin: other } : { lengthM: other, timeMin: crit }
    const weight = (_edge: string, a: EdgeAttributes): number => (by === 'distance' ? a.lengthM : a.timeMin)
    const otherOf = (a: EdgeAttributes): number => (by === 'distance' ? a.timeMin : a.lengthM)

    graph.addNode(source)
    try {
      seeds.forEach((att, k) => {
        const key = seedKey(k)
        graph.addNode(key)
        graph.addEdge(source, key, attrs(0, 0))
        const { viaA, viaB } = this.partialCosts(att, by)
        graph.addEdge(key, String(this.edgeA[att.edge]), attrs(...viaA))
        graph.addEdge(key, String(this.edgeB[att.edge]), attrs(...viaB))
      })

      // Brandes' Dijkstra: S lists the nodes in order of non-decreasing cost, P[w][0] is a predecessor
      // on a cheapest route to w. One pass over S sums the costs along those predecessors.
      const [settled, predecessors] = dijkstra.brandes(graph, source, weight)
      const virtual = new Map<string, { cost: number; other: number; seed: number }>([[source, { cost: 0, other: 0, seed: -1 }]])
      const stateOf = (key: string) => {
        const v = virtual.get(key)
        if (v) return v
        const i = Number(key)
        return { cost: result.cost[i], other: result.other[i], seed: result.seed[i] }
      }
      for (const w of settled) {
        if (w === source) continue
        const p = predecessors[w][0]
        const from = stateOf(p)
        let bestEdge: EdgeAttributes | null = null
        for (const edge of graph.edges(p, w)) {
          const a = graph.getEdgeAttributes(edge)
          if (!bestEdge || weight(edge, a) < weight(edge, bestEdge)) bestEdge = a
        }
        const cost = from.cost + weight('', bestEdge!)
        const other = from.other + otherOf(bestEdge!)
        if (w.startsWith('virtual:')) {
          virtual.set(w, { cost, other, seed: Number(w.slice('virtual:seed:'.length)) })
        } else {
          const i = Number(w)
          result.cost[i] = cost
          result.other[i] = other
          result.seed[i] = from.seed
        }
      }
    } finally {
      for (let k = 0; k < seeds.length; k++) if (graph.hasNode(seedKey(k))) graph.dropNode(seedKey(k))
      graph.dropNode(source)
    }
    return result
  }

  /** The cheapest way from the search's seeds to an attached place: via either end of its edge, or
   *  straight along the edge from a seed attached to the same edge (never a detour through a node). */
  private bestCandidate(att: Attachment, seeds: readonly Attachment[], search: SearchResult, by: RouteCriterion): Candidate | null {
    const { viaA, viaB } = this.partialCosts(att, by)
    let best: Candidate | null = null
    const consider = (c: Candidate) => {
      if (Number.isFinite(c.cost) && (!best || c.cost < best.cost)) best = c
    }
    for (const [node, [cost, other]] of [[this.edgeA[att.edge], viaA], [this.edgeB[att.edge], viaB]] as const) {
      if (search.seed[node] >= 0) consider({ cost: search.cost[node] + cost, other: search.other[node] + other, seed: search.seed[node] })
    }
    const len = this.edgeLengthM[att.edge]
    const time = this.edgeTimeMin[att.edge]
    seeds.forEach((s, k) => {
      if (s.edge !== att.edge) return
      const alongM = Math.abs(att.alongM - s.alongM)
      const connectorM = att.connectorM + s.connectorM
      const d = alongM + connectorM
      const t = (len === 0 ? 0 : (alongM / len) * time) + minutes(connectorM, this.options.connectorSpeedKmh)
      consider(by === 'distance' ? { cost: d, other: t, seed: k } : { cost: t, other: d, seed: k })
    })
    return best
  }

  private toRoute(best: Candidate, att: Attachment, seed: Attachment, by: RouteCriterion): ReachableRoute {
    const [distanceM, timeMin] = by === 'distance' ? [best.cost, best.other] : [best.other, best.cost]
    return { reachable: true, distanceM, timeMin, connectorM: att.connectorM + seed.connectorM }
  }
}
