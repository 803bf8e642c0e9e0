// The map as a print view's image: the one map, resized to the image's proportions and framed on
// the report's own region (not where the user has zoomed), rendered once its data has been drawn,
// read inside a render callback, then put back exactly as the user left it. A newer request (the
// report's state changed) replaces one under way; only the image of the latest state is kept.
import type { Map as MapLibreMap } from 'maplibre-gl'
import { onBeforeUnmount, ref, shallowRef } from 'vue'
import type { BBox } from '../http/types'
import { useMapInstanceStore } from '../stores/map_instance'
import { useMapViewStore } from '../stores/map_view'

export type CaptureState = 'loading' | 'done' | 'error'

export interface CaptureRequest {
  /** The region the report is about; null keeps the user's view. */
  frame: BBox | null
  /** The image's size in CSS pixels (its place on the paper). */
  width: number
  height: number
}

/** Sharper than the screen (the paper has more dots than the monitor), within a canvas of about 2.5 megapixels. */
const PRINT_PIXEL_RATIO = 2
const PRINT_MAX_PIXELS = 2_500_000
const printRatio = (width: number, height: number) => Math.min(PRINT_PIXEL_RATIO, Math.sqrt(PRINT_MAX_PIXELS / (width * height)))
/** Longest a render may take before the image is given up. */
const RENDER_TIMEOUT_MS = 30_000

/** Resolves once the map has drawn everything it was given (sources loaded, camera still). */
function settled(map: MapLibreMap): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      map.off('idle', check)
      reject(new Error('the map did not settle'))
    }, RENDER_TIMEOUT_MS)
    function check(): void {
      if (map.loaded() && !map.isMoving()) {
        clearTimeout(timer)
        map.off('idle', check)
        resolve()
      }
    }
    map.on('idle', check)
    map.triggerRepaint()
  })
}

/** The canvas as a PNG, read inside a render callback (no preserveDrawingBuffer needed). */
function grab(map: MapLibreMap): Promise<string> {
  return new Promise((resolve, reject) => {
    map.once('render', () => {
      try {
        resolve(map.getCanvas().toDataURL('image/png'))
      } catch (err) {
        reject(err)
      }
    })
    map.triggerRepaint()
  })
}

export function useMapCapture() {
  const mapInstance = useMapInstanceStore()
  const mapView = useMapViewStore()
  const image = shallowRef<string | null>(null)
  const state = ref<CaptureState>('loading')
  /** The key of the state the image shows (null while there is none). */
  const imageKey = ref<string | null>(null)
  /** Counts the requests and invalidations: a render finished for an older one is dropped. */
  let generation = 0
  let wanted: { key: string; request: CaptureRequest; generation: number } | null = null
  let running = false
  let stopped = false

  async function render(map: MapLibreMap, request: CaptureRequest): Promise<string> {
    const container = map.getContainer()
    const camera = { center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch(), padding: map.getPadding() }
    const ratio = map.getPixelRatio()
    const ownRatio = ratio !== window.devicePixelRatio
    const style = container.style.cssText
    mapView.hold(true)
    map.stop()
    try {
      container.style.right = 'auto'
      container.style.bottom = 'auto'
      container.style.width = `${Math.round(request.width)}px`
      container.style.height = `${Math.round(request.height)}px`
      map.setPixelRatio(printRatio(request.width, request.height))
      map.resize()
      map.setPadding({ top: 0, bottom: 0, left: 0, right: 0 })
      if (request.frame) map.fitBounds(request.frame, { padding: 16, maxZoom: 14, animate: false })
      await settled(map)
      return await grab(map)
    } finally {
      container.style.cssText = style
      // Back to the screen's own ratio (null: follow the monitor again).
      map.setPixelRatio((ownRatio ? ratio : null) as number)
      map.resize()
      map.jumpTo(camera)
      mapView.hold(false)
    }
  }

  /** Renders the image of a state (its key); the view shows no image until it is ready. */
  async function capture(key: string, request: CaptureRequest): Promise<void> {
    wanted = { key, request, generation: ++generation }
    image.value = null
    imageKey.value = null
    state.value = 'loading'
    if (running) return // the loop below takes the newest request when the current one ends
    running = true
    while (wanted && !stopped) {
      const job = wanted
      wanted = null
      const map = mapInstance.map
      try {
        if (!map) throw new Error('no map')
        const url = await render(map, job.request)
        if (job.generation !== generation || stopped) continue
        image.value = url
        imageKey.value = job.key
        state.value = 'done'
      } catch {
        if (job.generation === generation && !stopped) state.value = 'error'
      }
    }
    running = false
  }

  /** The state changed and is not ready to be drawn yet: no image meanwhile. */
  function invalidate(): void {
    generation += 1
    wanted = null
    image.value = null
    imageKey.value = null
    state.value = 'loading'
  }

  onBeforeUnmount(() => {
    stopped = true
    wanted = null
  })

  return { image, state, imageKey, capture, invalidate }
}
