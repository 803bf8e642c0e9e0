// The exit workspace's map overlays as plain data: a township choropleth under the villages, and
// villages coloured by exit state over them. Ids start with `exit-`; the workspace removes them on close.
import type { CircleLayerSpecification, ExpressionSpecification, FillLayerSpecification, LineLayerSpecification } from 'maplibre-gl'
import type { VillageState } from './dashboard'
import { OKABE_ITO, SHADES } from '../../map/palette'

export const EXIT_TOWNSHIP_SOURCE = 'exit-townships'
export const EXIT_VILLAGE_SOURCE = 'exit-villages'
export const EXIT_TOWNSHIP_FILL = 'exit-township-fill'
export const EXIT_TOWNSHIP_LINE = 'exit-township-line'
export const EXIT_VILLAGE_RING = 'exit-village-ring'
export const EXIT_VILLAGE_CIRCLE = 'exit-village-circle'

/** The choropleth goes under our region lines and everything above them. */
export const CHOROPLETH_BEFORE = 'regions-village-line'
/** Village states go over the villages layer, under the labels. */
export const VILLAGES_BEFORE = 'regions-label'

/** UX.md: not poor light grey, in progress amber, behind red, ready light green, exited green. */
export const EXIT_STATE_COLORS: Record<VillageState, string> = {
  not_poor: SHADES.lightGrey,
  in_progress: OKABE_ITO.orange,
  behind: OKABE_ITO.vermillion,
  ready: '#9AD9A1',
  exited: OKABE_ITO.bluishGreen,
}

/** Outlines, so that states differ by more than hue; "behind" also gets an outer ring. */
export const EXIT_STATE_STROKES: Record<VillageState, { color: string; width: number }> = {
  not_poor: { color: '#8C8C8C', width: 0.8 },
  in_progress: { color: SHADES.ink, width: 1.4 },
  behind: { color: SHADES.ink, width: 2.4 },
  ready: { color: SHADES.darkGreen, width: 1.4 },
  exited: { color: SHADES.white, width: 1.6 },
}

/**
 * Where a village's exit state is read: its property on our own GeoJSON source, or its feature-state
 * on the villages' vector tiles (set by code: the tiles carry no judgement).
 */
export type StateFrom = 'property' | 'feature-state'

const stateOf = (from: StateFrom): ExpressionSpecification =>
  (from === 'property' ? ['get', 'state'] : ['feature-state', 'state']) as ExpressionSpecification
const dimmedOf = (from: StateFrom): ExpressionSpecification =>
  ['boolean', from === 'property' ? ['get', 'dimmed'] : ['feature-state', 'dimmed'], false] as ExpressionSpecification

const byState = <T>(from: StateFrom, pick: (s: VillageState) => T, fallback: T): ExpressionSpecification =>
  ['match', stateOf(from), ...(Object.keys(EXIT_STATE_COLORS) as VillageState[]).flatMap((s) => [s, pick(s)]), fallback] as unknown as ExpressionSpecification

/** Radius (px) by √population, like the villages layer; poor villages a little larger. */
const radius = (from: StateFrom, scale: number): ExpressionSpecification => [
  '*', scale,
  ['+', ['case', ['==', stateOf(from), 'not_poor'], 2.4, 3.5], ['/', ['sqrt', ['to-number', ['coalesce', ['get', 'population'], 0]]], 14]],
]

const byZoom = (z0: number, v0: ExpressionSpecification, z1: number, v1: ExpressionSpecification): ExpressionSpecification =>
  ['interpolate', ['linear'], ['zoom'], z0, v0, z1, v1]

export function exitTownshipLayers(): [FillLayerSpecification, LineLayerSpecification] {
  return [
    {
      id: EXIT_TOWNSHIP_FILL, type: 'fill', source: EXIT_TOWNSHIP_SOURCE,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': ['case', ['boolean', ['get', 'dimmed'], false], 0.25, 0.85] },
    },
    {
      // The township drilled into stands out.
      id: EXIT_TOWNSHIP_LINE, type: 'line', source: EXIT_TOWNSHIP_SOURCE,
      filter: ['==', ['get', 'focused'], true],
      paint: { 'line-color': SHADES.ink, 'line-width': 3 },
    },
  ]
}

/** The vector source and its layer the villages come from when they are drawn from tiles. */
export interface TiledVillages {
  source: string
  sourceLayer: string
}

/**
 * Villages coloured by exit state: from our GeoJSON source (the state a property), or over the
 * villages' own vector tiles (the state a feature-state; clusters left out, villages without a
 * state, outside what was judged, not drawn).
 */
export function exitVillageLayers(tiles: TiledVillages | null = null): [CircleLayerSpecification, CircleLayerSpecification] {
  const from: StateFrom = tiles ? 'feature-state' : 'property'
  const where = tiles
    ? { source: tiles.source, 'source-layer': tiles.sourceLayer, filter: ['!=', ['get', 'cluster'], true] as ExpressionSpecification }
    : { source: EXIT_VILLAGE_SOURCE }
  // A filter cannot read feature-state: a village of the tiles without a judged state is drawn transparent.
  const judged = (opacity: ExpressionSpecification | number): ExpressionSpecification | number =>
    tiles ? ['case', ['==', stateOf(from), null], 0, opacity] as ExpressionSpecification : opacity
  const dimmedOpacity: ExpressionSpecification = ['case', dimmedOf(from), 0.35, 1]
  return [
    {
      id: EXIT_VILLAGE_RING, type: 'circle', ...where,
      ...(tiles ? {} : { filter: ['==', ['get', 'state'], 'behind'] as ExpressionSpecification }),
      paint: {
        'circle-radius': byZoom(8, ['+', radius(from, 0.8), 4], 14, ['+', radius(from, 1.9), 6]),
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': OKABE_ITO.vermillion,
        'circle-stroke-width': 1.6,
        ...(tiles ? { 'circle-stroke-opacity': ['case', ['==', stateOf(from), 'behind'], 1, 0] as ExpressionSpecification } : {}),
      },
    },
    {
      id: EXIT_VILLAGE_CIRCLE, type: 'circle', ...where,
      // Layout properties cannot read feature-state: over tiles the order is the tiles'.
      ...(tiles ? {} : { layout: { 'circle-sort-key': ['match', ['get', 'state'], 'not_poor', 0, 'exited', 1, 'ready', 2, 'in_progress', 3, 4] as ExpressionSpecification } }),
      paint: {
        'circle-radius': byZoom(8, radius(from, 0.8), 14, radius(from, 1.9)),
        'circle-color': byState(from, (s) => EXIT_STATE_COLORS[s], SHADES.lightGrey),
        'circle-stroke-color': byState(from, (s) => EXIT_STATE_STROKES[s].color, '#8C8C8C'),
        'circle-stroke-width': byState(from, (s) => EXIT_STATE_STROKES[s].width, 0.8),
        'circle-opacity': judged(dimmedOpacity),
        'circle-stroke-opacity': judged(dimmedOpacity),
      },
    },
  ]
}
