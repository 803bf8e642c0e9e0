// The exit workspace's overlays on the shared map: townships filled by the chosen indicator under the
// villages, and villages coloured by exit state over them. Added while the workspace is open, removed
// when it closes. Clicks stay with the map's default handler: it selects the township or village,
// which is how this workspace drills down (the shared selection). Above the county (a province or the
// whole instance) the counties are filled instead, and a click on one opens it.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { computed, onBeforeUnmount, watch } from 'vue'
import { bindCountyClicks, useCountyShapes } from '../../composables/useCountyDrill'
import { useCountyStore } from '../../stores/counties'
import { choropleth } from './dashboard'
import { tileSourceId } from '../../map/layer_styles'
import {
  type TiledVillages, CHOROPLETH_BEFORE, EXIT_TOWNSHIP_FILL, EXIT_TOWNSHIP_SOURCE, EXIT_VILLAGE_SOURCE, VILLAGES_BEFORE, exitTownshipLayers, exitVillageLayers,
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

  let unbind: (() => void) | null = null

  /** The county outlines of the province or instance rolled up (the loaded layers are one county's). */
  const countyShapes = useCountyShapes(computed(() => {
    const county = counties.currentCode
    if (exit.area === 'county' || !county) return null
    return exit.area === 'province' ? county.slice(0, 2) : ''
  }))
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

  /** The villages' vector tiles, when the map draws the villages from them (the exit states then go on as feature-state). */
  const VILLAGE_TILES: TiledVillages = { source: tileSourceId('villages'), sourceLayer: 'villages' }
  /** Which source our village layers read now: null for our own GeoJSON source. */
  let villagesOn: TiledVillages | null | undefined
  /** Codes given a feature-state on the tiles, to take it off again. */
  let stated = false

  function placeVillages(map: MapLibreMap): void {
    const tiles = layers.tiled.villages && map.getSource(VILLAGE_TILES.source) ? VILLAGE_TILES : null
    if (villagesOn !== undefined && villagesOn === tiles && exitVillageLayers().every((l) => map.getLayer(l.id))) return
    for (const layer of exitVillageLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
    const before = map.getLayer(VILLAGES_BEFORE) ? VILLAGES_BEFORE : undefined
    for (const layer of exitVillageLayers(tiles)) map.addLayer(layer, before)
    villagesOn = tiles
    applyVisibility(map)
    applyStates(map)
  }

  /** Over tiles: each judged village's state and whether it is dimmed, by code (the tiles' promoteId). */
  function applyStates(map: MapLibreMap): void {
    if (!map.getSource(VILLAGE_TILES.source)) return
    const target = { source: VILLAGE_TILES.source, sourceLayer: VILLAGE_TILES.sourceLayer }
    if (stated) map.removeFeatureState(target)
    stated = false
    if (!villagesOn) return
    const focus = exit.townshipCode
    for (const v of exit.villages) {
      map.setFeatureState({ ...target, id: v.code }, { state: v.state, dimmed: focus !== null && v.townshipCode !== focus })
    }
    stated = exit.villages.length > 0
  }

  function onSourceData(event: { sourceId?: string }): void {
    if (added && event.sourceId === VILLAGE_TILES.source) placeVillages(added)
  }

  function setData(map: MapLibreMap): void {
    ;(map.getSource(EXIT_TOWNSHIP_SOURCE) as GeoJSONSource | undefined)?.setData(townships.value)
    ;(map.getSource(EXIT_VILLAGE_SOURCE) as GeoJSONSource | undefined)?.setData(villages.value)
  }

  function applyVisibility(map: MapLibreMap): void {
    const show = (on: boolean) => (on ? 'visible' : 'none')
    for (const layer of exitTownshipLayers()) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', show(layers.visible.regions))
    for (const layer of exitVillageLayers()) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', show(layers.visible.villages))
  }

  function add(map: MapLibreMap): void {
    if (added === map) return
    // Above the county, a click on a county opens it (the default handler selects within the county).
    unbind = bindCountyClicks(map, [EXIT_TOWNSHIP_FILL], () => byCounty.value, (code) => exit.openCounty(code))
    if (!map.getSource(EXIT_TOWNSHIP_SOURCE)) map.addSource(EXIT_TOWNSHIP_SOURCE, { type: 'geojson', data: EMPTY })
    if (!map.getSource(EXIT_VILLAGE_SOURCE)) map.addSource(EXIT_VILLAGE_SOURCE, { type: 'geojson', data: EMPTY })
    const before = (id: string) => (map.getLayer(id) ? id : undefined)
    for (const layer of exitTownshipLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer, before(CHOROPLETH_BEFORE))
    added = map
    villagesOn = undefined
    placeVillages(map)
    // The villages' tiles may come after this overlay (the layer counts answered later).
    map.on('sourcedata', onSourceData)
    setData(map)
    applyVisibility(map)
  }

  function remove(): void {
    const map = added
    added = null
    unbind?.()
    unbind = null
    map?.off('sourcedata', onSourceData)
    if (!map || !map.getStyle()) return
    for (const layer of [...exitVillageLayers(), ...exitTownshipLayers()]) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
    for (const id of [EXIT_VILLAGE_SOURCE, EXIT_TOWNSHIP_SOURCE]) if (map.getSource(id)) map.removeSource(id)
    if (stated && map.getSource(VILLAGE_TILES.source)) map.removeFeatureState({ source: VILLAGE_TILES.source, sourceLayer: VILLAGE_TILES.sourceLayer })
    stated = false
    villagesOn = undefined
  }

  watch(() => [mapInstance.ready, mapInstance.map] as const, ([ready, map]) => {
    if (ready && map) add(map)
    else added = null
  }, { immediate: true })
  watch([townships, villages], () => {
    if (added) setData(added)
  })
  watch(() => [layers.tiled.villages, layers.tileVersion.villages], () => {
    if (added) placeVillages(added)
  }, { flush: 'post' })
  watch(() => [exit.villages, exit.townshipCode], () => {
    if (added) applyStates(added)
  })
  watch(() => [layers.visible.regions, layers.visible.villages], () => {
    if (added) applyVisibility(added)
  })

  onBeforeUnmount(remove)

  return { classes }
}
