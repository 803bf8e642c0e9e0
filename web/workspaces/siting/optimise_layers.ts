// The optimisation's overlays as plain data: chosen sites and assignment lines, under the candidates.
import type { LayerSpecification } from 'maplibre-gl'
import { LABEL_FONT_STACK } from '../../map/layer_styles'
import { OKABE_ITO, SHADES } from '../../map/palette'

export const OPTIMISE_SOURCES = { lines: 'siting-opt-lines', sites: 'siting-opt-sites' } as const

/** Chosen sites take these colours in turn (Okabe–Ito), the same in the load table. */
const COLORS = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple, OKABE_ITO.orange, OKABE_ITO.skyBlue, OKABE_ITO.yellow]
export const chosenColor = (index: number) => COLORS[index % COLORS.length]

export const OPTIMISE_LAYERS: LayerSpecification[] = [
  {
    id: 'siting-opt-lines-line', type: 'line', source: OPTIMISE_SOURCES.lines,
    paint: {
      'line-color': ['get', 'color'], 'line-width': 1.6, 'line-opacity': 0.85,
      // A village beyond the coverage distance: dashed.
      'line-dasharray': ['case', ['==', ['get', 'covered'], false], ['literal', [2, 2]], ['literal', [1, 0]]],
    },
  },
  {
    id: 'siting-opt-sites-circle', type: 'circle', source: OPTIMISE_SOURCES.sites,
    paint: { 'circle-radius': 10, 'circle-color': ['get', 'color'], 'circle-stroke-color': SHADES.white, 'circle-stroke-width': 3 },
  },
  {
    id: 'siting-opt-sites-label', type: 'symbol', source: OPTIMISE_SOURCES.sites,
    layout: { 'text-field': ['get', 'label'], 'text-font': LABEL_FONT_STACK, 'text-size': 11, 'text-offset': [0, 1.6], 'text-allow-overlap': true },
    paint: { 'text-color': SHADES.ink, 'text-halo-color': 'rgba(255,255,255,0.95)', 'text-halo-width': 1.8 },
  },
]
