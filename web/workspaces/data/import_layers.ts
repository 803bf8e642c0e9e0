// The import preview's overlay on the shared map, as plain data: the features of the file being
// previewed (points, lines, areas), rows with a problem in vermillion, the others in blue.
import type { LayerSpecification } from 'maplibre-gl'
import { OKABE_ITO } from '../../map/palette'

export const IMPORT_PREVIEW_SOURCE = 'data-import-preview'

const colour = ['case', ['get', '_bad'], OKABE_ITO.vermillion, OKABE_ITO.blue] as unknown as string

export function importPreviewLayers(): LayerSpecification[] {
  return [
    {
      id: 'data-import-preview-fill', type: 'fill', source: IMPORT_PREVIEW_SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': colour, 'fill-opacity': 0.25 },
    },
    {
      id: 'data-import-preview-line', type: 'line', source: IMPORT_PREVIEW_SOURCE,
      filter: ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]],
      paint: { 'line-color': colour, 'line-width': 2.5, 'line-dasharray': [2, 1] },
    },
    {
      id: 'data-import-preview-point', type: 'circle', source: IMPORT_PREVIEW_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': '#FFFFFF', 'circle-radius': 6, 'circle-stroke-width': 3, 'circle-stroke-color': colour },
    },
  ]
}
