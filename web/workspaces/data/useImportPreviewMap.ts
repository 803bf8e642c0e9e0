// Draws the previewed file's features on the shared map and frames them, while the Import tab shows
// a preview; removed when the preview goes or the tab closes.
import type { GeoJSONSource, LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl'
import { computed, onBeforeUnmount, watch } from 'vue'
import { useImportStore } from '../../stores/imports'
import { useMapInstanceStore } from '../../stores/map_instance'
import { IMPORT_PREVIEW_SOURCE, importPreviewLayers } from './import_layers'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

export function useImportPreviewMap() {
  const imports = useImportStore()
  const mapInstance = useMapInstanceStore()
  let added: MapLibreMap | null = null

  const data = computed<GeoJSON.FeatureCollection>(() => {
    const preview = imports.state === 'previewed' || imports.state === 'sending' ? imports.preview : null
    if (!preview) return EMPTY
    const bad = new Set(preview.errors.map((e) => e.row ?? (e.index === null ? null : e.index + 1)))
    return {
      type: 'FeatureCollection',
      features: preview.features.features.flatMap((f) => (f.geometry
        ? [{ type: 'Feature' as const, geometry: f.geometry, properties: { ...f.properties, _bad: bad.has(f.properties?._row as number) } }]
        : [])),
    }
  })

  function bounds(fc: GeoJSON.FeatureCollection): LngLatBoundsLike | null {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
    const visit = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') {
        const [x, y] = c as number[]
        if (Math.abs(x) <= 180 && Math.abs(y) <= 90) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y) }
      } else if (Array.isArray(c)) c.forEach(visit)
    }
    for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates)
    return Number.isFinite(w) ? [[w, s], [e, n]] : null
  }

  function show(map: MapLibreMap): void {
    ;(map.getSource(IMPORT_PREVIEW_SOURCE) as GeoJSONSource | undefined)?.setData(data.value)
    const box = bounds(data.value)
    if (!box) return
    const panel = document.querySelector('.side-panel')?.getBoundingClientRect().width ?? 0
    const right = Math.min(panel + 40, Math.max(40, map.getContainer().clientWidth - 200))
    map.fitBounds(box, { padding: { top: 60, bottom: 60, left: 40, right }, maxZoom: 14, duration: 600 })
  }

  function add(map: MapLibreMap): void {
    if (added === map) return
    if (!map.getSource(IMPORT_PREVIEW_SOURCE)) map.addSource(IMPORT_PREVIEW_SOURCE, { type: 'geojson', data: EMPTY })
    for (const layer of importPreviewLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer)
    added = map
    if (data.value.features.length) show(map)
  }

  function remove(): void {
    const map = added
    added = null
    if (!map || !map.getStyle()) return
    for (const layer of importPreviewLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
    if (map.getSource(IMPORT_PREVIEW_SOURCE)) map.removeSource(IMPORT_PREVIEW_SOURCE)
  }

  watch(() => [mapInstance.ready, mapInstance.map] as const, ([ready, map]) => {
    if (ready && map) add(map)
    else added = null
  }, { immediate: true })
  watch(data, () => {
    if (added) show(added)
  })
  onBeforeUnmount(remove)

  return { featuresOnMap: computed(() => data.value.features.length) }
}
