// Above the county the build-out map outlines the counties rolled up, each labelled with its name
// and its projects listed, and a click on one opens it: the same drilling as the exit map
// (composables/useCountyDrill). Added while the workspace is open, removed when it closes.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { computed, onBeforeUnmount, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { bindCountyClicks, useCountyShapes } from '../../composables/useCountyDrill'
import type { LayerCollection } from '../../http/types'
import { labelPoints } from '../../map/label_points'
import { useCountyStore } from '../../stores/counties'
import { useMapInstanceStore } from '../../stores/map_instance'
import {
  BUILDOUT_COUNTY_FILL, BUILDOUT_COUNTY_LABEL, BUILDOUT_COUNTY_LABEL_SOURCE, BUILDOUT_COUNTY_SYMBOL, BUILDOUT_COUNTY_SOURCE, COUNTIES_BEFORE, buildoutCountyLayers,
} from './map_layers'
import { countyOf } from './projects'
import { useBuildoutStore } from './store'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

export function useBuildoutCounties() {
  const { t } = useI18n()
  const store = useBuildoutStore()
  const counties = useCountyStore()
  const mapInstance = useMapInstanceStore()
  let added: MapLibreMap | null = null
  let unbind: (() => void) | null = null

  const shapes = useCountyShapes(computed(() => (store.aboveCounty ? store.apiRegion : null)))

  /** Projects listed per county (the list above the county is the province's or the instance's). */
  const listed = computed(() => {
    const out = new Map<string, number>()
    if (store.listState !== 'done') return out
    for (const row of store.rows) {
      const code = countyOf(row)
      if (code) out.set(code, (out.get(code) ?? 0) + 1)
    }
    return out
  })

  const outlines = computed<LayerCollection>(() => ({
    type: 'FeatureCollection',
    features: store.aboveCounty ? shapes.value.filter((f) => f.geometry).map((f) => {
      const code = String(f.properties.code)
      const name = String(f.properties.name ?? code)
      // Its projects counted from the list; the name alone where the list is not had (too many above the county).
      const label = store.listState === 'done' ? t('buildout.mapCounty', { name, n: listed.value.get(code) ?? 0 }) : name
      return { ...f, properties: { code, name, current: code === counties.currentCode, label } }
    }) : [],
  }))

  function setData(map: MapLibreMap): void {
    ;(map.getSource(BUILDOUT_COUNTY_SOURCE) as GeoJSONSource | undefined)?.setData(outlines.value as GeoJSON.FeatureCollection)
    ;(map.getSource(BUILDOUT_COUNTY_LABEL_SOURCE) as GeoJSONSource | undefined)?.setData(labelPoints(outlines.value))
  }

  function add(map: MapLibreMap): void {
    if (added === map) return
    if (!map.getSource(BUILDOUT_COUNTY_SOURCE)) map.addSource(BUILDOUT_COUNTY_SOURCE, { type: 'geojson', data: EMPTY })
    if (!map.getSource(BUILDOUT_COUNTY_LABEL_SOURCE)) map.addSource(BUILDOUT_COUNTY_LABEL_SOURCE, { type: 'geojson', data: EMPTY })
    const before = map.getLayer(COUNTIES_BEFORE) ? COUNTIES_BEFORE : undefined
    for (const layer of buildoutCountyLayers()) {
      if (map.getLayer(layer.id)) continue
      // The symbols and labels go on top, where they can be clicked; the outlines under the data layers.
      map.addLayer(layer, layer.id === BUILDOUT_COUNTY_LABEL || layer.id === BUILDOUT_COUNTY_SYMBOL ? undefined : before)
    }
    unbind = bindCountyClicks(map, [BUILDOUT_COUNTY_FILL, BUILDOUT_COUNTY_SYMBOL, BUILDOUT_COUNTY_LABEL], () => store.aboveCounty, (code) => store.openCounty(code))
    added = map
    setData(map)
  }

  function remove(): void {
    const map = added
    added = null
    unbind?.()
    unbind = null
    if (!map || !map.getStyle()) return
    for (const layer of buildoutCountyLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
    for (const id of [BUILDOUT_COUNTY_SOURCE, BUILDOUT_COUNTY_LABEL_SOURCE]) if (map.getSource(id)) map.removeSource(id)
  }

  watch(() => [mapInstance.ready, mapInstance.map] as const, ([ready, map]) => {
    if (ready && map) add(map)
    else added = null
  }, { immediate: true })
  watch(outlines, () => {
    if (added) setData(added)
  })
  onBeforeUnmount(remove)

  return { outlines }
}
