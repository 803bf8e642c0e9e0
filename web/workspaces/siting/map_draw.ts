// Drawing a candidate's outline (a site polygon) with terra-draw and its MapLibre adapter. Every source and
// layer terra-draw adds is prefixed `siting-td`; once drawn, the polygon is shown by the siting layers in the
// candidate's colour and terra-draw's copy is cleared.
import type { Map as MapLibreMap } from 'maplibre-gl'
import { TerraDraw, TerraDrawPolygonMode } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import { SHADES } from '../../map/palette'

export const SITING_DRAW_PREFIX = 'siting-td'

/** Drawn in the colour of the candidate it will become. */
export function createSitingDraw(map: MapLibreMap, color: string): TerraDraw {
  const c = color as `#${string}`
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: SITING_DRAW_PREFIX }),
    modes: [
      new TerraDrawPolygonMode({
        styles: {
          fillColor: c, fillOpacity: 0.2, outlineColor: c, outlineWidth: 3,
          closingPointColor: SHADES.white as `#${string}`, closingPointOutlineColor: c, closingPointWidth: 6, closingPointOutlineWidth: 2,
        },
      }),
    ],
  })
}
