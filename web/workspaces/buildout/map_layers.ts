// The build-out workspace's overlay above the county, as plain data: the counties rolled up (a
// province or the whole instance) outlined over the map, each with its name and number of projects
// at its centre. A click on an outline or on its label opens the county (composables/useCountyDrill).
import type { CircleLayerSpecification, FillLayerSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl'
import { LABEL_FONT_STACK } from '../../map/layer_styles'
import { OKABE_ITO, SHADES } from '../../map/palette'

export const BUILDOUT_COUNTY_SOURCE = 'buildout-counties'
export const BUILDOUT_COUNTY_LABEL_SOURCE = 'buildout-county-labels'
export const BUILDOUT_COUNTY_FILL = 'buildout-county-fill'
export const BUILDOUT_COUNTY_LINE = 'buildout-county-line'
export const BUILDOUT_COUNTY_SYMBOL = 'buildout-county-symbol'
export const BUILDOUT_COUNTY_LABEL = 'buildout-county-label'

/** Outlines go under our region lines and everything above them, as the exit choropleth does. */
export const COUNTIES_BEFORE = 'regions-village-line'

export function buildoutCountyLayers(): [FillLayerSpecification, LineLayerSpecification, CircleLayerSpecification, SymbolLayerSpecification] {
  return [
    {
      // Light, so that the projects of the county loaded still show; what a click lands on.
      id: BUILDOUT_COUNTY_FILL, type: 'fill', source: BUILDOUT_COUNTY_SOURCE,
      paint: { 'fill-color': OKABE_ITO.skyBlue, 'fill-opacity': ['case', ['boolean', ['get', 'current'], false], 0.08, 0.22] },
    },
    {
      id: BUILDOUT_COUNTY_LINE, type: 'line', source: BUILDOUT_COUNTY_SOURCE,
      // Thin where a province or the country is framed (hundreds or thousands of counties), as drawn before from zoom 9.
      paint: { 'line-color': OKABE_ITO.blue, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 7, 1.2, 9, 2.2], 'line-dasharray': [3, 1.5] },
    },
    {
      // The rollup symbol: seen at any zoom (a county is a few pixels across when a province is framed).
      id: BUILDOUT_COUNTY_SYMBOL, type: 'circle', source: BUILDOUT_COUNTY_LABEL_SOURCE,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 2.5, 7, 6, 9, 9], 'circle-color': OKABE_ITO.blue,
        'circle-stroke-color': SHADES.white, 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 4, 0.5, 7, 2],
      },
    },
    {
      id: BUILDOUT_COUNTY_LABEL, type: 'symbol', source: BUILDOUT_COUNTY_LABEL_SOURCE,
      layout: {
        // Labels that would overlap give way (the country's counties are named as the map zooms in).
        'text-field': ['get', 'label'], 'text-font': LABEL_FONT_STACK, 'text-size': ['interpolate', ['linear'], ['zoom'], 5, 11, 8, 14], 'text-max-width': 10,
        'text-anchor': 'top', 'text-offset': [0, 1], 'text-allow-overlap': false,
      },
      paint: { 'text-color': SHADES.ink, 'text-halo-color': 'rgba(255,255,255,0.95)', 'text-halo-width': 2 },
    },
  ]
}
