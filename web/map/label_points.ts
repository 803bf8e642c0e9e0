// One point per feature, for icons and labels of areas. MapLibre places a symbol on a polygon once
// per tile, so a township spanning four tiles would get its name four times.
import { booleanPointInPolygon, centerOfMass, pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Point, Polygon, MultiPolygon } from 'geojson'
import type { FeatureProps, LayerCollection } from '../http/types'

function isArea(feature: Feature): feature is Feature<Polygon | MultiPolygon> {
  return feature.geometry?.type === 'Polygon' || feature.geometry?.type === 'MultiPolygon'
}

/** Points stay as they are; an area gets its centre of mass, or a point inside it if that falls outside. */
export function labelPoints(fc: LayerCollection): FeatureCollection<Point, FeatureProps> {
  const features: Feature<Point, FeatureProps>[] = []
  for (const feature of fc.features) {
    const geometry = feature.geometry
    if (!geometry) continue
    if (geometry.type === 'Point') {
      features.push({ type: 'Feature', geometry, properties: feature.properties })
    } else if (isArea(feature as Feature)) {
      const area = feature as Feature<Polygon | MultiPolygon>
      const centre = centerOfMass(area)
      const inside = booleanPointInPolygon(centre, area) ? centre : pointOnFeature(area)
      features.push({ type: 'Feature', geometry: inside.geometry, properties: feature.properties })
    }
  }
  return { type: 'FeatureCollection', features }
}
