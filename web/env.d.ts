/// <reference types="vite/client" />
import type { Map as MapLibreMap } from 'maplibre-gl'

declare global {
  interface Window {
    /** Test and support hook: the live MapLibre map (see TheMap.vue). */
    __map?: MapLibreMap
  }
}
