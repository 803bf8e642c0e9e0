// Drawing and editing project geometry on the map with terra-draw and its MapLibre adapter. Every source
// and layer terra-draw adds is prefixed `buildout-td`; the split marker is ours (`buildout-split-…`).
import type { Map as MapLibreMap, GeoJSONSource, LayerSpecification, SourceSpecification } from 'maplibre-gl'
import {
  TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode,
} from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import { OKABE_ITO, SHADES } from '../../map/palette'

export const DRAW_PREFIX = 'buildout-td'
export const SPLIT_SOURCE = 'buildout-split-point'

/** Drawing is done in the lifecycle's "under construction" orange, edited vertices in ink. */
const INK = SHADES.ink as `#${string}`
const DRAW = OKABE_ITO.vermillion as `#${string}`

const editable = { draggable: false, coordinates: { midpoints: true, draggable: true, deletable: true } }

export function createDraw(map: MapLibreMap): TerraDraw {
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: DRAW_PREFIX }),
    modes: [
      new TerraDrawLineStringMode({ styles: { lineStringColor: DRAW, lineStringWidth: 4, closingPointColor: DRAW } }),
      new TerraDrawPolygonMode({ styles: { fillColor: DRAW, fillOpacity: 0.2, outlineColor: DRAW, outlineWidth: 3 } }),
      new TerraDrawPointMode({ styles: { pointColor: DRAW, pointWidth: 8 } }),
      new TerraDrawSelectMode({
        flags: { linestring: { feature: editable }, polygon: { feature: editable }, point: { feature: { draggable: true } } },
        styles: {
          selectedLineStringColor: DRAW, selectedLineStringWidth: 4, selectedPolygonColor: DRAW, selectedPolygonOutlineColor: DRAW,
          selectionPointColor: INK, selectionPointWidth: 6, selectionPointOutlineColor: '#ffffff', selectionPointOutlineWidth: 2,
          midPointColor: '#ffffff', midPointOutlineColor: INK, midPointWidth: 4, midPointOutlineWidth: 1,
        },
      }),
    ],
  })
}

const SPLIT_LAYERS: LayerSpecification[] = [
  { id: 'buildout-split-halo', type: 'circle', source: SPLIT_SOURCE, paint: { 'circle-radius': 10, 'circle-color': '#ffffff', 'circle-opacity': 0.9 } },
  { id: 'buildout-split-dot', type: 'circle', source: SPLIT_SOURCE, paint: { 'circle-radius': 6, 'circle-color': OKABE_ITO.vermillion, 'circle-stroke-color': SHADES.ink, 'circle-stroke-width': 1.5 } },
]

/** Shows (or with null, hides) where a road is to be split. */
export function showSplitPoint(map: MapLibreMap, point: [number, number] | null): void {
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: point ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: point } }] : [],
  }
  const source = map.getSource(SPLIT_SOURCE) as GeoJSONSource | undefined
  if (source) {
    source.setData(data)
    return
  }
  map.addSource(SPLIT_SOURCE, { type: 'geojson', data } satisfies SourceSpecification)
  for (const layer of SPLIT_LAYERS) map.addLayer(layer)
}

export function removeSplitPoint(map: MapLibreMap): void {
  for (const layer of SPLIT_LAYERS) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
  if (map.getSource(SPLIT_SOURCE)) map.removeSource(SPLIT_SOURCE)
}
