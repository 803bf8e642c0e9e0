// The map's initial style: a plain background, our empty data sources and layers.
// No `glyphs`, no `sprite`, no remote URL: labels use local fonts, icons are drawn in icons.ts.
import type { StyleSpecification } from 'maplibre-gl'
import { BACKGROUND_LAYER, DATA_LAYERS, dataSources } from './layer_styles'

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: dataSources(),
    layers: [BACKGROUND_LAYER, ...DATA_LAYERS],
  }
}
