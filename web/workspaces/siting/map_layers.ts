// The siting workspace's overlays as plain data: sources and layers prefixed `siting-`, drawn on top.
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { LABEL_FONT_STACK } from '../../map/layer_styles'
import { OKABE_ITO, SHADES } from '../../map/palette'

/** One colour per candidate C1…C5 (Okabe–Ito), the same in the table headers and on the map. */
export const CANDIDATE_COLORS: Record<string, string> = {
  C1: OKABE_ITO.blue,
  C2: OKABE_ITO.vermillion,
  C3: OKABE_ITO.bluishGreen,
  C4: OKABE_ITO.reddishPurple,
  C5: OKABE_ITO.orange,
}

export const candidateColor = (key: string) => CANDIDATE_COLORS[key] ?? SHADES.ink

export const SITING_SOURCES = {
  rings: 'siting-rings',
  catchment: 'siting-catchment',
  assigned: 'siting-assigned',
  lines: 'siting-lines',
  candidates: 'siting-candidates',
} as const

const colorOf: ExpressionSpecification = ['get', 'color']
const isActive: ExpressionSpecification = ['==', ['get', 'active'], true]

/** Ids of the layers a drag may start on. */
export const CANDIDATE_LAYER = 'siting-candidates-circle'
export const SITING_LAYERS: LayerSpecification[] = [
  {
    id: 'siting-rings-fill', type: 'fill', source: SITING_SOURCES.rings,
    paint: { 'fill-color': colorOf, 'fill-opacity': ['case', isActive, 0.1, 0.04] },
  },
  {
    id: 'siting-rings-line', type: 'line', source: SITING_SOURCES.rings,
    paint: { 'line-color': colorOf, 'line-width': ['case', isActive, 2.4, 1.4], 'line-dasharray': [4, 2] },
  },
  {
    id: 'siting-assigned-line', type: 'line', source: SITING_SOURCES.assigned,
    paint: { 'line-color': colorOf, 'line-width': 1.6, 'line-opacity': 0.85 },
  },
  {
    id: 'siting-catchment-halo', type: 'circle', source: SITING_SOURCES.catchment,
    paint: {
      'circle-radius': ['case', ['==', ['get', 'assigned'], true], 9, 7],
      'circle-color': ['case', ['==', ['get', 'assigned'], true], colorOf, 'rgba(0,0,0,0)'],
      'circle-opacity': 0.35,
      'circle-stroke-color': colorOf,
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'siting-lines-line', type: 'line', source: SITING_SOURCES.lines,
    paint: { 'line-color': SHADES.ink, 'line-width': 1.4, 'line-dasharray': [2, 2] },
  },
  {
    id: 'siting-lines-label', type: 'symbol', source: SITING_SOURCES.lines,
    layout: {
      'symbol-placement': 'line-center', 'text-field': ['get', 'label'], 'text-font': LABEL_FONT_STACK, 'text-size': 11,
      // Always shown, even over village labels: the distances are what the planner is looking at.
      'text-allow-overlap': true,
    },
    paint: { 'text-color': SHADES.ink, 'text-halo-color': 'rgba(255,255,255,0.95)', 'text-halo-width': 1.8 },
  },
  {
    id: 'siting-candidates-fill', type: 'fill', source: SITING_SOURCES.candidates, filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': colorOf, 'fill-opacity': ['case', isActive, 0.3, 0.18] },
  },
  {
    id: 'siting-candidates-polygon', type: 'line', source: SITING_SOURCES.candidates, filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'line-color': colorOf, 'line-width': 2.5 },
  },
  {
    id: CANDIDATE_LAYER, type: 'circle', source: SITING_SOURCES.candidates, filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': ['case', isActive, 11, 9],
      'circle-color': colorOf,
      'circle-stroke-color': SHADES.white,
      'circle-stroke-width': ['case', isActive, 3, 2],
    },
  },
  {
    id: 'siting-candidates-label', type: 'symbol', source: SITING_SOURCES.candidates, filter: ['==', ['geometry-type'], 'Point'],
    layout: { 'text-field': ['get', 'key'], 'text-font': LABEL_FONT_STACK, 'text-size': 10, 'text-allow-overlap': true, 'text-ignore-placement': true },
    paint: { 'text-color': SHADES.white },
  },
]
