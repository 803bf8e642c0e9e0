// Draws the optimisation's answer on the shared map while its tab is open: each chosen site, and a
// line from every assigned village to its site (dashed where the village lies beyond the coverage).
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, FeatureCollection } from 'geojson'
import { onBeforeUnmount, watch, type Ref } from 'vue'
import { useMapInstanceStore } from '../../stores/map_instance'
import { OPTIMISE_LAYERS, OPTIMISE_SOURCES, chosenColor } from './optimise_layers'
import { useOptimiseStore } from './optimise_store'

const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })

export function useOptimiseMap(visible: Ref<boolean>) {
  const mapInstance = useMapInstanceStore()
  const optimise = useOptimiseStore()
  let map: MapLibreMap | null = null

  function setData(id: string, data: FeatureCollection): void {
    (map?.getSource(id) as GeoJSONSource | undefined)?.setData(data)
  }

  function draw(): void {
    if (!map) return
    const a = visible.value ? optimise.answer : null
    const lines: Feature[] = []
    const sites: Feature[] = []
    if (a) {
      const at = new Map(a.candidates.map((c) => [c.key, [c.lon, c.lat]]))
      const color = new Map(a.chosen.map((key, i) => [key, chosenColor(i)]))
      // Villages placed by the answer (the layer may be drawn from tiles, without its features here).
      const from = new Map(a.villages.map((v) => [v.code, [v.lon, v.lat]]))
      for (const x of a.assignments) {
        const g = from.get(x.village)
        const to = at.get(x.key)
        if (!g || !to) continue
        lines.push({ type: 'Feature', properties: { color: color.get(x.key), covered: x.covered ?? true }, geometry: { type: 'LineString', coordinates: [g, to] } })
      }
      for (const key of a.chosen) {
        const name = optimise.pool.find((c) => c.key === key)?.name ?? key
        sites.push({ type: 'Feature', properties: { key, color: color.get(key), label: name }, geometry: { type: 'Point', coordinates: at.get(key)! } })
      }
    }
    setData(OPTIMISE_SOURCES.lines, fc(lines))
    setData(OPTIMISE_SOURCES.sites, fc(sites))
  }

  function install(instance: MapLibreMap): void {
    map = instance
    for (const id of Object.values(OPTIMISE_SOURCES)) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: fc([]) })
    // Under the page's candidates, over everything else.
    const before = map.getLayer('siting-candidates-fill') ? 'siting-candidates-fill' : undefined
    for (const layer of OPTIMISE_LAYERS) if (!map.getLayer(layer.id)) map.addLayer(layer, before)
    draw()
  }

  function uninstall(): void {
    if (!map) return
    if (map.style) {
      for (const layer of [...OPTIMISE_LAYERS].reverse()) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
      for (const id of Object.values(OPTIMISE_SOURCES)) if (map.getSource(id)) map.removeSource(id)
    }
    map = null
  }

  watch(() => (mapInstance.ready ? mapInstance.map : null), (instance) => {
    uninstall()
    if (instance) install(instance)
  }, { immediate: true })
  watch(() => [optimise.answer, visible.value], draw)
  onBeforeUnmount(uninstall)
}
