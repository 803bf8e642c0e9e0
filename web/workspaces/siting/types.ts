// Shapes of the siting workspace's own: the API's answers are the contract's (core/contract/analysis.ts,
// core/contract/scenarios.ts), the figures core/siting's.
import type { Point, Polygon } from 'geojson'

/** A candidate's location: a point placed on the map, or an outline drawn. */
export type SiteGeometry = Point | Polygon
