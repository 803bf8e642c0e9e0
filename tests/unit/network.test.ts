// Road network distances (api/analysis/network.ts) on small hand-made GeoJSON networks and on the
// sample county.
//
// Expected lengths are WGS84 geodesics, stated where used. Two hand formulas recur:
// - along the equator the geodesic is the equator, so Δλ degrees measure a · Δλ · π/180 with
//   a = 6,378,137 m (0.01° → 1,113.1949079 m);
// - along a meridian the geodesic is the meridian arc (from 0° to 0.01° N: 1,105.7427583 m, 0.001°:
//   110.5742758 m).
// Other numbers come from GeographicLib (`Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12`, the
// same algorithm PostGIS uses for geography lengths), computed once and written here as literals.
import { readFileSync } from 'node:fs'
import * as turf from '@turf/turf'
import geographiclib from 'geographiclib-geodesic'
import type { Feature, FeatureCollection, Geometry, LineString, MultiLineString, Point, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import {
  RoadNetwork, type NetworkOptions, type PlacePoint, type RoadInput, type RoadRoute,
} from '../../api/analysis/network.ts'

type RoadProps = { code: string; roadClass: RoadInput['roadClass']; surface: RoadInput['surface'] }
type RoadFeature = Feature<LineString | MultiLineString | null, RoadProps>

const A_WGS84 = 6_378_137
const equatorM = (deg: number): number => (A_WGS84 * deg * Math.PI) / 180
const MERIDIAN_0_001 = 110.57427582170723 // meridian arc 0° → 0.001° N
const MERIDIAN_0_002 = 221.14855164409082 // meridian arc 0° → 0.002° N
const MERIDIAN_0_01 = 1105.7427583286865 // meridian arc 0° → 0.01° N

/** Minutes to cover metres at km/h. */
const min = (metres: number, kmh: number): number => metres / ((kmh * 1000) / 60)

function road(code: string, roadClass: RoadProps['roadClass'], surface: RoadProps['surface'], coordinates: number[][]): RoadFeature {
  return { type: 'Feature', properties: { code, roadClass, surface }, geometry: { type: 'LineString', coordinates } }
}
const collection = (...features: RoadFeature[]): FeatureCollection<LineString | MultiLineString | null, RoadProps> =>
  ({ type: 'FeatureCollection', features })

/** The edge of the module: GeoJSON road features (as in geodata/) to RoadInput. */
function roadsOf(fc: FeatureCollection<Geometry | null, Record<string, any>>): RoadInput[] {
  return fc.features.map((f) => ({
    code: f.properties!.code, roadClass: f.properties!.roadClass, surface: f.properties!.surface,
    geometry: f.geometry as LineString | MultiLineString | null,
  }))
}

const place = (id: string, lon: number, lat: number): PlacePoint => ({ id, lon, lat })

function route(net: RoadNetwork, from: PlacePoint, to: PlacePoint, by?: 'distance' | 'time'): RoadRoute {
  return net.matrix([from], [to], { by }).get(from.id)!.get(to.id)!
}

function expectRoute(r: RoadRoute, expected: { distanceM: number; timeMin: number; connectorM: number }): void {
  expect(r.reachable).toBe(true)
  if (!r.reachable) return
  expect(Math.abs(r.distanceM - expected.distanceM)).toBeLessThan(1e-3)
  expect(Math.abs(r.connectorM - expected.connectorM)).toBeLessThan(1e-3)
  expect(Math.abs(r.timeMin - expected.timeMin)).toBeLessThan(1e-5)
}

describe('RoadNetwork: a straight road', () => {
  // A county road along 24.75°N with a vertex in the middle. GeographicLib: 114.50°→114.51° and
  // 114.51°→114.52° at 24.75°N are 1,011.5339795 m each, 2,023.0679590 m in all (ST_Length's sum).
  const fc = collection(road('X1', 'county', 'hardened', [[114.5, 24.75], [114.51, 24.75], [114.52, 24.75]]))
  const net = RoadNetwork.build(roadsOf(fc))

  it('splits the road at its vertices', () => {
    expect([net.nodeCount, net.edgeCount, net.components]).toEqual([3, 2, 1])
  })

  it('measures end to end as the geodesic length of the road, at the county speed', () => {
    const r = route(net, place('v', 114.5, 24.75), place('s', 114.52, 24.75))
    expectRoute(r, { distanceM: 2023.0679590133655, timeMin: min(2023.0679590133655, 40), connectorM: 0 })
  })

  it('gives zero for a place to itself', () => {
    const p = place('v', 114.51, 24.75)
    expectRoute(route(net, p, { ...p, id: 's' }), { distanceM: 0, timeMin: 0, connectorM: 0 })
  })
})

describe('RoadNetwork: an L with a slower shortcut', () => {
  // A(0,0) → B(0.01,0) → E(0.018,0) county road along the equator; B → C(0.01,0.01) county road north;
  // A → C an earth shortcut. From A:
  //   to C by the shortcut: GeographicLib 1,569.0347154 m at 8 km/h = 11.7678 min
  //   to C by the L: 1,113.1949079 + 1,105.7427583 = 2,218.9376663 m at 40 km/h = 3.3284 min
  //   to E along the equator: a · 0.018° = 2,003.7508343 m at 40 km/h = 3.0056 min
  const fc = collection(
    road('X1', 'county', 'hardened', [[0, 0], [0.01, 0], [0.018, 0]]),
    road('X2', 'county', 'hardened', [[0.01, 0], [0.01, 0.01]]),
    road('C1', 'village', 'earth', [[0, 0], [0.01, 0.01]]),
  )
  const net = RoadNetwork.build(roadsOf(fc))
  const a = place('A', 0, 0)
  const c = place('C', 0.01, 0.01)
  const e = place('E', 0.018, 0)
  const shortcut = { distanceM: 1569.0347154047222, timeMin: min(1569.0347154047222, 8), connectorM: 0 }
  const viaL = { distanceM: equatorM(0.01) + MERIDIAN_0_01, timeMin: min(equatorM(0.01) + MERIDIAN_0_01, 40), connectorM: 0 }
  const toE = { distanceM: equatorM(0.018), timeMin: min(equatorM(0.018), 40), connectorM: 0 }

  it('takes the shortcut by distance and the L by time', () => {
    expectRoute(route(net, a, c, 'distance'), shortcut)
    expectRoute(route(net, a, c, 'time'), viaL)
    expectRoute(route(net, a, c), shortcut) // distance is the default
  })

  it('nearest by distance and nearest by time pick different destinations', () => {
    const byDistance = net.nearest([a], [c, e]).get('A')!
    expect(byDistance).toMatchObject({ id: 'C', reachable: true })
    if (byDistance.reachable) expectRoute(byDistance, shortcut)
    const byTime = net.nearest([a], [c, e], { by: 'time' }).get('A')!
    expect(byTime).toMatchObject({ id: 'E', reachable: true })
    if (byTime.reachable) expectRoute(byTime, toE)
  })

  it('uses the speeds it is given', () => {
    const fast = RoadNetwork.build(roadsOf(fc), { speedsKmh: { earth: 60 } })
    expectRoute(route(fast, a, c, 'time'), { ...shortcut, timeMin: min(1569.0347154047222, 60) })
  })

  it('matrix is symmetric and answers every pair', () => {
    const m = net.matrix([a, c], [c, e])
    expect([...m.keys()]).toEqual(['A', 'C'])
    expect([...m.get('A')!.keys()]).toEqual(['C', 'E'])
    expectRoute(m.get('C')!.get('C')!, { distanceM: 0, timeMin: 0, connectorM: 0 })
    expectRoute(m.get('A')!.get('E')!, toE)
    const back = net.matrix([e], [a]).get('E')!.get('A')!
    expectRoute(back, toE)
  })
})

describe('RoadNetwork: snapping road ends', () => {
  // A village road runs north along 114.51°E from a point a little north of the county road's middle
  // vertex (114.51, 24.75). GeographicLib Direct(24.75, 114.51, azimuth 0, 15 m) → lat 24.7501354167;
  // 30 m → 24.7502708335. Snapped, the village road starts at the county vertex, so the route from its
  // north end (114.51, 24.76) to the county road's east end (114.52, 24.75) is the meridian arc
  // 24.75° → 24.76° (GeographicLib 1,107.6925137 m, at 25 km/h) plus 114.51° → 114.52° along 24.75°N
  // (1,011.5339795 m, at 40 km/h).
  const county = road('X1', 'county', 'hardened', [[114.5, 24.75], [114.51, 24.75], [114.52, 24.75]])
  const villageRoad = (lat: number) => road('V1', 'village', 'hardened', [[114.51, lat], [114.51, 24.76]])
  const village = place('v', 114.51, 24.76)
  const site = place('s', 114.52, 24.75)

  it('joins an end 15 m from a vertex of another road', () => {
    const net = RoadNetwork.build(roadsOf(collection(county, villageRoad(24.750135416730608))))
    expect([net.nodeCount, net.edgeCount, net.components]).toEqual([4, 3, 1])
    expectRoute(route(net, village, site), {
      distanceM: 1107.6925137007659 + 1011.5339795059639,
      timeMin: min(1107.6925137007659, 25) + min(1011.5339795059639, 40),
      connectorM: 0,
    })
  })

  it('does not join an end 30 m away', () => {
    const net = RoadNetwork.build(roadsOf(collection(county, villageRoad(24.750270833458764))))
    expect([net.nodeCount, net.components]).toEqual([5, 2])
    expect(route(net, village, site)).toEqual({ reachable: false, reason: 'not_connected' })
  })

  it('follows the snapToleranceM option', () => {
    const net = RoadNetwork.build(roadsOf(collection(county, villageRoad(24.750270833458764))), { snapToleranceM: 40 })
    expect(net.components).toBe(1)
    expect(route(net, village, site).reachable).toBe(true)
  })

  it('does not collapse a densely digitised road into one node', () => {
    // Vertices 5 m apart on one road (GeographicLib: 0.00005° of longitude at the equator = 5.566 m).
    const coords = Array.from({ length: 11 }, (_, k) => [k * 0.00005, 0])
    const net = RoadNetwork.build(roadsOf(collection(road('V1', 'village', 'hardened', coords))))
    expect([net.nodeCount, net.edgeCount]).toEqual([11, 10])
    expectRoute(route(net, place('a', 0, 0), place('b', 0.0005, 0)), {
      distanceM: equatorM(0.0005), timeMin: min(equatorM(0.0005), 25), connectorM: 0,
    })
  })
})

describe('RoadNetwork: roads that cross', () => {
  // A north–south road along 0°E and an east–west road along the equator cross at (0, 0). The north end
  // (0, 0.01) lies a meridian arc of 1,105.74 m from the east–west road and the east end (0.01, 0)
  // a · 0.01° = 1,113.19 m from the north–south road: each attaches only to its own road.
  const north = place('n', 0, 0.01)
  const east = place('e', 0.01, 0)

  it('do not connect without a shared vertex (a bridge)', () => {
    const fc = collection(
      road('NS', 'county', 'hardened', [[0, -0.01], [0, 0.01]]),
      road('EW', 'county', 'hardened', [[-0.01, 0], [0.01, 0]]),
    )
    const net = RoadNetwork.build(roadsOf(fc))
    expect([net.nodeCount, net.components]).toEqual([4, 2])
    expect(route(net, north, east)).toEqual({ reachable: false, reason: 'not_connected' })
  })

  it('connect through a shared vertex', () => {
    const fc = collection(
      road('NS', 'county', 'hardened', [[0, -0.01], [0, 0], [0, 0.01]]),
      road('EW', 'county', 'hardened', [[-0.01, 0], [0, 0], [0.01, 0]]),
    )
    const net = RoadNetwork.build(roadsOf(fc))
    expect([net.nodeCount, net.components]).toEqual([5, 1])
    const d = MERIDIAN_0_01 + equatorM(0.01)
    expectRoute(route(net, north, east), { distanceM: d, timeMin: min(d, 40), connectorM: 0 })
  })
})

describe('RoadNetwork: attaching places to edges', () => {
  // One township road segment along the equator from (0, 0) to (0.02, 0).
  const fc = collection(road('T1', 'township', 'hardened', [[0, 0], [0.02, 0]]))
  const net = RoadNetwork.build(roadsOf(fc))

  it('projects a place onto the segment, not onto its nearest vertex', () => {
    // (0.005, 0.002) projects to (0.005, 0): connector = meridian arc 0.002° = 221.1485516 m at 5 km/h;
    // then a · 0.015° = 1,669.7923619 m along the road to (0.02, 0) at 30 km/h.
    const r = route(net, place('v', 0.005, 0.002), place('s', 0.02, 0))
    expectRoute(r, {
      distanceM: equatorM(0.015) + MERIDIAN_0_002,
      timeMin: min(equatorM(0.015), 30) + min(MERIDIAN_0_002, 5),
      connectorM: MERIDIAN_0_002,
    })
  })

  it('projects onto a geodesic off the equator', () => {
    // The segment (114.50, 24.75)–(114.52, 24.75) is symmetric about 114.51°E, so the foot of the
    // perpendicular from (114.51, 24.745) is the geodesic's midpoint. GeographicLib: segment length
    // 2,023.0679577 m, midpoint latitude 24.7500003336 (the geodesic bulges 3.7 cm north of the
    // parallel), meridian arc from the midpoint down to 24.745° = 553.8826589 m.
    const segment = RoadNetwork.build(roadsOf(collection(road('T1', 'township', 'hardened', [[114.5, 24.75], [114.52, 24.75]]))))
    const half = 2023.0679576631685 / 2
    const r = route(segment, place('v', 114.51, 24.745), place('s', 114.52, 24.75))
    expectRoute(r, { distanceM: half + 553.8826589483958, timeMin: min(half, 30) + min(553.8826589483958, 5), connectorM: 553.8826589483958 })
  })

  it('goes straight along the edge between two places attached to it', () => {
    // (0.005, 0.001) and (0.012, -0.001): two connectors of 110.5742758 m (meridian arc 0.001°) and
    // a · 0.007° = 779.2364356 m between their feet. A detour through a road end would be ≥ 0.017°.
    const v = place('v', 0.005, 0.001)
    const s = place('s', 0.012, -0.001)
    const expected = {
      distanceM: equatorM(0.007) + 2 * MERIDIAN_0_001,
      timeMin: min(equatorM(0.007), 30) + min(2 * MERIDIAN_0_001, 5),
      connectorM: 2 * MERIDIAN_0_001,
    }
    expectRoute(route(net, v, s), expected)
    expectRoute(route(net, v, s, 'time'), expected)
    const nearest = net.nearest([v], [s, place('far', 0.02, 0)]).get('v')!
    expect(nearest).toMatchObject({ id: 's' })
    if (nearest.reachable) expectRoute(nearest, expected)
  })

  it('reports no_road_nearby beyond maxConnectorM, never a number', () => {
    // Meridian arcs: 0.0095° = 1,050.4556 m (too far), 0.0085° = 939.8813 m (within 1,000 m).
    const farVillage = place('far', 0.005, 0.0095)
    const nearVillage = place('near', 0.005, 0.0085)
    const site = place('s', 0.02, 0)
    expect(route(net, farVillage, site)).toEqual({ reachable: false, reason: 'no_road_nearby' })
    expect(route(net, site, farVillage)).toEqual({ reachable: false, reason: 'no_road_nearby' })
    expect(net.nearest([farVillage], [site]).get('far')).toEqual({ reachable: false, reason: 'no_road_nearby' })
    expectRoute(route(net, nearVillage, site), {
      distanceM: 939.8813445527903 + equatorM(0.015),
      timeMin: min(939.8813445527903, 5) + min(equatorM(0.015), 30),
      connectorM: 939.8813445527903,
    })
    const wider = RoadNetwork.build(roadsOf(fc), { maxConnectorM: 1100 })
    expect(route(wider, farVillage, site).reachable).toBe(true)
  })

  it('reports no_road_nearby on an empty network', () => {
    const empty = RoadNetwork.build([])
    expect([empty.nodeCount, empty.edgeCount, empty.components]).toEqual([0, 0, 0])
    expect(route(empty, place('v', 0, 0), place('s', 0, 0))).toEqual({ reachable: false, reason: 'no_road_nearby' })
  })

  it('says how far a place off the network lies from the nearest road, and whether it is on it', () => {
    // The same meridian arcs as above: 1,050.4556 m is beyond the 1,000 m connector, 939.8813 m within.
    const far = place('far', 0.005, 0.0095)
    const near = place('near', 0.005, 0.0085)
    expect(net.distanceToRoad(far)).toBeCloseTo(1050.4556, 3)
    expect(net.onNetwork(far)).toBe(false)
    expect(net.distanceToRoad(near)).toBeCloseTo(939.8813445527903, 6)
    expect(net.onNetwork(near)).toBe(true)
    // 3.2 km off (a candidate 2–4 km from a road): the search widens beyond the connector limit.
    const off = place('off', 0.01, 0.029)
    expect(net.distanceToRoad(off)).toBeCloseTo(geographiclib.Geodesic.WGS84.Inverse(0, 0.01, 0.029, 0.01).s12!, 6)
    // Hundreds of kilometres off: every edge measured on the ellipsoid; the nearest point is an end of the road.
    const remote = place('remote', 3, 2)
    const ends = Math.min(...[0, 0.02].map((lon) => geographiclib.Geodesic.WGS84.Inverse(2, 3, 0, lon).s12!))
    expect(net.distanceToRoad(remote)!).toBeLessThanOrEqual(ends + 1e-6)
    expect(net.distanceToRoad(remote)!).toBeGreaterThan(ends - 1)
    expect(RoadNetwork.build([]).distanceToRoad(off)).toBeNull()
    expect(RoadNetwork.build([]).onNetwork(off)).toBe(false)
  })
})

describe('RoadNetwork: components', () => {
  // Two separate roads along the equator, 0°–0.01° and 0.05°–0.06°.
  const fc = collection(
    road('V1', 'village', 'hardened', [[0, 0], [0.01, 0]]),
    road('V2', 'village', 'gravel', [[0.05, 0], [0.06, 0]]),
  )
  const net = RoadNetwork.build(roadsOf(fc))

  it('reports not_connected between components', () => {
    expect(net.components).toBe(2)
    expect(route(net, place('v', 0, 0), place('s', 0.06, 0))).toEqual({ reachable: false, reason: 'not_connected' })
    expect(net.nearest([place('v', 0, 0)], [place('s', 0.06, 0)]).get('v')).toEqual({ reachable: false, reason: 'not_connected' })
  })

  it('nearest picks the destination in the same component even when another is closer in a straight line', () => {
    // (0.05, 0) is 4.45 km away in a straight line but in the other component; (0, 0) is a · 0.01° by road.
    const r = net.nearest([place('v', 0.01, 0)], [place('other', 0.05, 0), place('same', 0, 0)]).get('v')!
    expect(r).toMatchObject({ id: 'same' })
    if (r.reachable) expectRoute(r, { distanceM: equatorM(0.01), timeMin: min(equatorM(0.01), 25), connectorM: 0 })
  })

  it('times a gravel road at the gravel speed', () => {
    expectRoute(route(net, place('v', 0.05, 0), place('s', 0.06, 0)), {
      distanceM: equatorM(0.01), timeMin: min(equatorM(0.01), 15), connectorM: 0,
    })
  })
})

describe('RoadNetwork: input forms', () => {
  it('reads a MultiLineString, joining parts only where they share a vertex', () => {
    // Parts 0°–0.01° and 0.01°–0.02° share (0.01, 0); the part 0.05°–0.06° is apart.
    const multi: RoadFeature = {
      type: 'Feature',
      properties: { code: 'G1', roadClass: 'group', surface: 'hardened' },
      geometry: { type: 'MultiLineString', coordinates: [[[0, 0], [0.01, 0]], [[0.01, 0], [0.02, 0]], [[0.05, 0], [0.06, 0]]] },
    }
    const net = RoadNetwork.build(roadsOf(collection(multi)))
    expect([net.nodeCount, net.edgeCount, net.components]).toEqual([5, 3, 2])
    // A hardened group road runs at the village speed (25 km/h): a · 0.02° = 2,226.3898159 m.
    expectRoute(route(net, place('v', 0, 0), place('s', 0.02, 0)), {
      distanceM: equatorM(0.02), timeMin: min(equatorM(0.02), 25), connectorM: 0,
    })
    expect(route(net, place('v', 0, 0), place('s', 0.055, 0))).toEqual({ reachable: false, reason: 'not_connected' })
  })

  it('skips roads without geometry (ledger entries)', () => {
    const fc = collection(
      road('V1', 'village', 'hardened', [[0, 0], [0.01, 0]]),
      { type: 'Feature', properties: { code: 'V2', roadClass: 'village', surface: 'hardened' }, geometry: null },
    )
    const net = RoadNetwork.build(roadsOf(fc))
    expect([net.nodeCount, net.edgeCount]).toEqual([2, 1])
  })

  it('rejects bad input with one clear message', () => {
    const ok = roadsOf(collection(road('V1', 'village', 'hardened', [[0, 0], [0.01, 0]])))
    expect(() => RoadNetwork.build([{ ...ok[0], surface: 'asphalt' as never }])).toThrow(/unknown surface asphalt/)
    expect(() => RoadNetwork.build(ok, { snapToleranceM: -1 } as NetworkOptions)).toThrow(RangeError)
    expect(() => RoadNetwork.build(ok, { speedsKmh: { gravel: 0 } })).toThrow(/speed gravel/)
    const net = RoadNetwork.build(ok)
    expect(() => net.matrix([place('v', 0, 0), place('v', 0, 0)], [])).toThrow(/duplicate id v/)
    expect(() => net.nearest([place('v', Number.NaN, 0)], [])).toThrow(/invalid position/)
  })

  it('does not mutate its inputs, and answers the same query the same way twice', () => {
    const fc = collection(
      road('X1', 'county', 'hardened', [[0, 0], [0.01, 0], [0.018, 0]]),
      road('X2', 'county', 'hardened', [[0.01, 0], [0.01, 0.01]]),
      road('C1', 'village', 'earth', [[0, 0], [0.01, 0.01]]),
      // 15 m from (0.01, 0): snapped, which must not move the input's coordinates.
      road('V1', 'village', 'gravel', [[0.010135, 0], [0.015, 0.005]]),
    )
    const roads = roadsOf(fc)
    const origins = [place('a', 0.002, 0.001), place('b', 0.3, 0.3)]
    const destinations = [place('c', 0.01, 0.01), place('e', 0.018, 0)]
    const options: NetworkOptions = { speedsKmh: { earth: 6 }, snapToleranceM: 20 }
    const before = structuredClone({ roads, origins, destinations, options })
    const net = RoadNetwork.build(roads, options)
    const first = { m: net.matrix(origins, destinations), n: net.nearest(origins, destinations, { by: 'time' }) }
    const second = { m: net.matrix(origins, destinations), n: net.nearest(origins, destinations, { by: 'time' }) }
    expect({ roads, origins, destinations, options }).toEqual(before)
    expect(second).toEqual(first)
    expect(net.nodeCount).toBe(5) // and the temporary query nodes are gone
  })
})

describe('RoadNetwork: the sample county', () => {
  type Props = Record<string, any>
  const load = <G extends Geometry | null>(layer: string) =>
    JSON.parse(readFileSync(new URL(`../../geodata/quannan/${layer}.geojson`, import.meta.url), 'utf8')) as FeatureCollection<G, Props>
  const roadsFc = load<LineString | null>('roads')
  const villagesFc = load<Point>('villages')
  const sitesFc = load<Point | Polygon | null>('sites')

  const net = RoadNetwork.build(roadsOf(roadsFc))
  const villages = villagesFc.features.map((f) => place(f.properties.code, f.geometry.coordinates[0], f.geometry.coordinates[1]))
  // A site polygon is represented by its centroid.
  const sites = sitesFc.features.filter((f) => f.geometry).map((f) => {
    const [lon, lat] = f.geometry!.type === 'Point' ? f.geometry!.coordinates : turf.centroid(f as Feature<Polygon>).geometry.coordinates
    return place(f.properties.code, lon, lat)
  })
  const matrix = net.matrix(villages, sites)

  it('builds one connected network from the roads that have geometry', () => {
    expect(roadsFc.features.some((f) => f.geometry === null)).toBe(true)
    expect(net.components).toBe(1)
    expect(net.nodeCount).toBeGreaterThan(100)
  })

  it('reaches the county-seat site from every village that lies on a road vertex', () => {
    const vertexKeys = new Set(roadsFc.features.flatMap((f) => f.geometry?.coordinates.map((p) => `${p[0]},${p[1]}`) ?? []))
    const onVertex = villages.filter((v) => vertexKeys.has(`${v.lon},${v.lat}`))
    expect(onVertex.length).toBeGreaterThan(50)
    const seatSite = '360729-AZD-01' // 梦想家园员山小区, in the county town
    for (const v of onVertex) {
      const r = matrix.get(v.id)!.get(seatSite)!
      expect(r.reachable, v.id).toBe(true)
    }
  })

  it('never gives a road distance shorter than the straight-line geodesic', () => {
    let pairs = 0
    for (const v of villages) {
      for (const s of sites) {
        const r = matrix.get(v.id)!.get(s.id)!
        if (!r.reachable) continue
        pairs++
        const straightM = geographiclib.Geodesic.WGS84.Inverse(v.lat, v.lon, s.lat, s.lon).s12!
        expect(r.distanceM, `${v.id} → ${s.id}`).toBeGreaterThanOrEqual(straightM - 1e-6)
        expect(r.connectorM).toBeLessThanOrEqual(2 * net.options.maxConnectorM)
      }
    }
    expect(pairs).toBeGreaterThan(1000)
  })

  it('reports the roadless villages as no_road_nearby', () => {
    // Independent check: turf's distance to every road (on a sphere; the four roadless villages are
    // 3.5–4.5 km from any road, the next nearest village 358 m, so the sphere's 0.5 % does not matter).
    const withRoads = roadsFc.features.filter((f) => f.geometry) as Feature<LineString>[]
    const roadless = villagesFc.features
      .filter((v) => withRoads.every((r) => turf.pointToLineDistance(v, r, { units: 'meters' }) > 1000))
      .map((v) => v.properties.code)
      .sort()
    expect(roadless).toHaveLength(4)
    const nearest = net.nearest(villages, sites)
    const noRoad = [...nearest].filter(([, r]) => !r.reachable && r.reason === 'no_road_nearby').map(([id]) => id).sort()
    expect(noRoad).toEqual(roadless)
    expect([...nearest.values()].filter((r) => !r.reachable)).toHaveLength(4)
  })
})
