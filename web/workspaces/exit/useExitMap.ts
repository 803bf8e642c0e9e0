// The exit workspace's overlays on the shared map: townships filled by the chosen indicator under the
// villages, and villages coloured by exit state over them. Added while the workspace is open, removed
// when it closes. Clicks stay with the map's default handler: it selects the township or village,
// which is how this workspace drills down (the shared selection). Above the county (a province or the
// whole instance) the counties are filled instead, and a click on one opens it.
import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl'
import { computed, onBeforeUnmount, shallowRef, watch } from 'vue'
import { getJson, isAbort } from '../../http/client'
import type { LayerCollection, LayerFeature } from '../../http/types'
import { useCountyStore } from '../../stores/counties'
import { choropleth } from './dashboard'
import {
  CHOROPLETH_BEFORE, EXIT_TOWNSHIP_FILL, EXIT_TOWNSHIP_SOURCE, EXIT_VILLAGE_SOURCE, VILLAGES_BEFORE, exitTownshipLayers, exitVillageLayers,
} from './map_layers'
import { useExitStore } from './store'
import { useLayerStore } from '../../stores/layers'
import { useMapInstanceStore } from '../../stores/map_instance'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

export function useExitMap() {
  const exit = useExitStore()
  const layers = useLayerStore()
  const mapInstance = useMapInstanceStore()
  const counties = useCountyStore()
  let added: MapLibreMap | null = null

  /** The county outlines of the province or instance rolled up (the loaded layers are one county's). */
  const countyShapes = shallowRef<LayerFeature[]>([])
  let asking: AbortController | null = null
  watch(() => [exit.area, counties.currentCode] as const, async ([area, county]) => {
    asking?.abort()
    countyShapes.value = []
    if (area === 'county' || !county) return
    asking = new AbortController()
    const region = area === 'province' ? `?region=${county.slice(0, 2)}` : ''
    try {
      const fc = await getJson<LayerCollection>(`/api/layers/regions${region}`, { signal: asking.signal })
      countyShapes.value = fc.features.filter((f) => f.properties.level === 'county')
    } catch (err) {
      if (!isAbort(err)) countyShapes.value = []
    }
  }, { immediate: true })
  const byCounty = computed(() => exit.summary?.groupBy === 'county')

  const classes = computed(() => choropleth(exit.summary?.groups ?? [], exit.indicator))

  const townships = computed<GeoJSON.FeatureCollection>(() => {
    const regions = byCounty.value ? countyShapes.value : layers.collections.regions?.features ?? []
    const level = byCounty.value ? 'county' : 'township'
    const focus = exit.townshipCode
    return {
      type: 'FeatureCollection',
      features: regions
        .filter((f) => f.properties.level === level && f.geometry)
        .map((f) => {
          const code = f.properties.code
          const c = classes.value.byCode.get(code)
          return {
            type: 'Feature',
            geometry: f.geometry as GeoJSON.Geometry,
            properties: {
              code, name: f.properties.name ?? code, value: c?.value ?? null, cls: c?.cls ?? -1,
              color: c?.color ?? '#F2F2F2', focused: focus === code, dimmed: focus !== null && focus !== code,
            },
          }
        }),
    }
  })

  const villages = computed<GeoJSON.FeatureCollection>(() => {
    const features = layers.collections.villages?.features ?? []
    const byCode = new Map(exit.villages.map((v) => [v.code, v]))
    const focus = exit.townshipCode
    return {
      type: 'FeatureCollection',
      features: features.flatMap((f) => {
        const v = byCode.get(f.properties.code)
        if (!v || f.geometry?.type !== 'Point') return []
        return [{
          type: 'Feature' as const,
          geometry: f.geometry as GeoJSON.Point,
          properties: {
            code: v.code, name: v.name, state: v.state, population: v.population, townshipCode: v.townshipCode,
            dimmed: focus !== null && v.townshipCode !== focus,
          },
        }]
      }),
    }
  })

  function setData(map: MapLibreMap): void {
    ;(map.getSource(EXIT_TOWNSHIP_SOURCE) as GeoJSONSource | undefined)?.setData(townships.value)
    ;(map.getSource(EXIT_VILLAGE_SOURCE) as GeoJSONSource | undefined)?.setData(villages.value)
  }

  function applyVisibility(map: MapLibreMap): void {
    const show = (on: boolean) => (on ? 'visible' : 'none')
    for (const layer of exitTownshipLayers()) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', show(layers.visible.regions))
    for (const layer of exitVillageLayers()) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', show(layers.visible.villages))
  }

  /** Above the county, a click on a county opens it (the default handler selects within the county). */
  function onCountyClick(event: MapLayerMouseEvent): void {
    const code = event.features?.[0]?.properties?.code
    if (byCounty.value && typeof code === 'string') exit.openCounty(code)
  }

  function add(map: MapLibreMap): void {
    if (added === map) return
    map.on('click', EXIT_TOWNSHIP_FILL, onCountyClick)
    if (!map.getSource(EXIT_TOWNSHIP_SOURCE)) map.addSource(EXIT_TOWNSHIP_SOURCE, { type: 'geojson', data: EMPTY })
    if (!map.getSource(EXIT_VILLAGE_SOURCE)) map.addSource(EXIT_VILLAGE_SOURCE, { type: 'geojson', data: EMPTY })
    const before = (id: string) => (map.getLayer(id) ? id : undefined)
    for (const layer of exitTownshipLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer, before(CHOROPLETH_BEFORE))
    for (const layer of exitVillageLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer, before(VILLAGES_BEFORE))
    added = map
    setData(map)
    applyVisibility(map)
  }

  function remove(): void {
    const map = added
    added = null
    map?.off('click', EXIT_TOWNSHIP_FILL, onCountyClick)
    if (!map || !map.getStyle()) return
    for (const layer of [...exitVillageLayers(), ...exitTownshipLayers()]) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
    for (const id of [EXIT_VILLAGE_SOURCE, EXIT_TOWNSHIP_SOURCE]) if (map.getSource(id)) map.removeSource(id)
  }

  watch(() => [mapInstance.ready, mapInstance.map] as const, ([ready, map]) => {
    if (ready && map) add(map)
    else added = null
  }, { immediate: true })
  watch([townships, villages], () => {
    if (added) setData(added)
  })
  watch(() => [layers.visible.regions, layers.visible.villages], () => {
    if (added) applyVisibility(added)
  })

  onBeforeUnmount(remove)

  return { classes }
}
