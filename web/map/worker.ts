// MapLibre 6 loads its worker from a file beside its own module. Once bundled, that file is not
// beside our bundle, so the build emits it as an asset and MapLibre is told where it is.
import { setWorkerUrl } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'

export function setBundledWorkerUrl(): void {
  setWorkerUrl(workerUrl)
}
