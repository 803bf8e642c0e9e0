// Above the county (a province or the whole instance) a workspace's map shows the counties it rolls
// up, and a click on one opens it. The exit and build-out workspaces drill through this one place:
// the county outlines asked for, which county a click meant, whether the account may open it, and
// the navigation into it (the county chosen, the selection cleared, the county framed).
import type { Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl'
import { shallowRef, watch, type Ref } from 'vue'
import { mayOpenCounty } from '../domain/county_scope'
import { getJson, isAbort } from '../http/client'
import type { LayerCollection, LayerFeature } from '../http/types'
import { useCountyStore } from '../stores/counties'
import { useMapViewStore } from '../stores/map_view'
import { useSelectionStore } from '../stores/selection'
import { useSessionStore } from '../stores/session'

/** Opens a county from above: the navigation both workspaces share. False when the account may not. */
export function useCountyNavigation() {
  const counties = useCountyStore()
  const selection = useSelectionStore()
  const mapView = useMapViewStore()
  const session = useSessionStore()

  function enterCounty(code: string): boolean {
    if (!mayOpenCounty(session.user?.regionCode ?? '', code) || !counties.list.some((c) => c.code === code)) return false
    selection.clear()
    if (code !== counties.currentCode) counties.choose(code)
    const county = counties.list.find((c) => c.code === code)
    if (county) mapView.fitTo(county.bbox)
    return true
  }

  return { enterCounty }
}

/** County outlines simplified to at most this many metres: a pixel is ~1 km at a province's zoom, ~5 km at the country's. */
const SIMPLIFY_PROVINCE_M = 100
const SIMPLIFY_INSTANCE_M = 500

/**
 * The county outlines of the region rolled up: `above` is a province's two digits, '' for the
 * whole instance, or null in a county (no outlines). Empty while loading or when they cannot be had.
 */
export function useCountyShapes(above: Ref<string | null>): Ref<LayerFeature[]> {
  const shapes = shallowRef<LayerFeature[]>([])
  let asking: AbortController | null = null
  watch(above, async (region) => {
    asking?.abort()
    shapes.value = []
    if (region === null) return
    asking = new AbortController()
    // The counties only (a country's townships are tens of thousands), simplified for the zoom they are seen at.
    const query = new URLSearchParams({ level: 'county', simplify: String(region ? SIMPLIFY_PROVINCE_M : SIMPLIFY_INSTANCE_M) })
    if (region) query.set('region', region)
    try {
      const fc = await getJson<LayerCollection>(`/api/layers/regions?${query}`, { signal: asking.signal })
      shapes.value = fc.features
    } catch (err) {
      if (!isAbort(err)) shapes.value = []
    }
  }, { immediate: true })
  return shapes
}

/** The county a click on one of `layerIds` meant, for `open` (while `active()`); returns the unbinding. */
export function bindCountyClicks(map: MapLibreMap, layerIds: readonly string[], active: () => boolean, open: (code: string) => void): () => void {
  const onClick = (event: MapLayerMouseEvent) => {
    const code = event.features?.[0]?.properties?.code
    if (active() && typeof code === 'string') open(code)
  }
  for (const id of layerIds) map.on('click', id, onClick)
  return () => {
    for (const id of layerIds) map.off('click', id, onClick)
  }
}
