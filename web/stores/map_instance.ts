import type { Map as MapLibreMap } from 'maplibre-gl'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

/**
 * The one MapLibre map, for workspaces that draw their own overlays (ids prefixed by the workspace:
 * `siting-…`, `buildout-…`, `exit-…`, removed when the workspace closes). `interaction` says who owns
 * a click on the map: 'select' (the default: clicking a feature opens its card) or a workspace's own
 * mode (placing a candidate, drawing a road…), in which case the map leaves the click alone.
 */
export const useMapInstanceStore = defineStore('mapInstance', () => {
  const map = shallowRef<MapLibreMap | null>(null)
  /** True once the style and our data layers are loaded: overlays can be added. */
  const ready = ref(false)
  const interaction = ref<string>('select')
  /**
   * The side panel (TheSidePanel.vue), which lies over the map's east side in the wide workspaces:
   * the map keeps what it frames, and its controls, clear of it.
   */
  const sidePanel = shallowRef<HTMLElement | null>(null)

  function attach(instance: MapLibreMap | null): void {
    map.value = instance
    ready.value = instance !== null
  }

  return { map, ready, interaction, sidePanel, attach }
})
