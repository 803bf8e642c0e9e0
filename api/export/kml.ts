import tokml from 'tokml'
import type { LayerFeature } from '../../core/contract/layers.ts'

/**
 * A layer as KML (Google Earth, 奥维互动地图): one Placemark per feature with its name, every property
 * in ExtendedData. KML has no feature without a place: a planned project without geometry is left out.
 */
export function layerKml(features: readonly LayerFeature[], documentName: string): string {
  const placed = features
    .filter((f) => f.geometry)
    .map((f) => ({ ...f, properties: Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : v])) }))
  return tokml({ type: 'FeatureCollection', features: placed }, { documentName, name: 'name' })
}
