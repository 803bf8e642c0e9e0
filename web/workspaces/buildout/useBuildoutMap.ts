// The Build-out workspace on the map: flying to a project, and one drawing session at a time (draw a new
// geometry, move vertices of an existing one, pick where to split a road). While a session runs the
// workspace owns map clicks (interaction 'buildout-draw' / 'buildout-split').
import type { Geometry } from 'geojson'
import type { MapMouseEvent } from 'maplibre-gl'
import type { TerraDraw } from 'terra-draw'
import { ref, shallowRef } from 'vue'
import { geometryBBox } from './projects'
import { createDraw, removeSplitPoint, showSplitPoint } from './map_draw'
import { useMapInstanceStore } from '../../stores/map_instance'

export type DrawKind = 'line' | 'polygon' | 'point'
export type SessionState = 'idle' | 'drawing' | 'editing' | 'splitting'

// One session for the whole workspace (the panel and its children share it).
const session = ref<SessionState>('idle')
/** Counts the sessions started: who started one knows it is still theirs while this number stays. */
const run = ref(0)
/** The geometry drawn or edited so far (drawing: once finished). */
const result = shallowRef<Geometry | null>(null)
const splitPoint = shallowRef<[number, number] | null>(null)
let draw: TerraDraw | null = null
let splitHandler: ((e: MapMouseEvent) => void) | null = null
let editedId: string | number | null = null

const MODE: Record<DrawKind, string> = { line: 'linestring', polygon: 'polygon', point: 'point' }

export function useBuildoutMap() {
  const mapInstance = useMapInstanceStore()

  function ensureDraw(): TerraDraw | null {
    const map = mapInstance.map
    if (!map || !mapInstance.ready) return null
    if (!draw) {
      draw = createDraw(map)
      draw.start()
      draw.on('finish', (id, context) => {
        if (session.value === 'drawing' && context.action === 'draw') {
          const feature = draw?.getSnapshotFeature(id)
          result.value = (feature?.geometry as Geometry | undefined) ?? null
          // One geometry per project: stop drawing, keep what was drawn on screen.
          draw?.setMode('static')
        }
      })
      draw.on('change', () => {
        if (session.value === 'editing' && editedId !== null) {
          const feature = draw?.getSnapshotFeature(editedId)
          if (feature) result.value = feature.geometry as Geometry
        }
      })
    }
    return draw
  }

  /** The map's right edge is under the wide side panel: keep the project in the part that shows. */
  function flyTo(geometry: Geometry | null): void {
    const map = mapInstance.map
    const box = geometryBBox(geometry)
    if (!map || !box) return
    const panel = document.querySelector('.side-panel')?.getBoundingClientRect().width ?? 0
    const mapWidth = map.getContainer().clientWidth
    const right = Math.min(panel + 40, Math.max(40, mapWidth - 200))
    map.fitBounds(box, { padding: { top: 60, bottom: 60, left: 40, right }, maxZoom: 15, duration: 800 })
  }

  function startDraw(kind: DrawKind): boolean {
    stop()
    const d = ensureDraw()
    if (!d) return false
    result.value = null
    run.value++
    session.value = 'drawing'
    mapInstance.interaction = 'buildout-draw'
    d.setMode(MODE[kind])
    return true
  }

  function startEdit(geometry: Geometry): boolean {
    stop()
    if (!['LineString', 'Polygon', 'Point'].includes(geometry.type)) return false
    const d = ensureDraw()
    if (!d) return false
    const mode = geometry.type === 'LineString' ? 'linestring' : geometry.type === 'Polygon' ? 'polygon' : 'point'
    d.setMode('select')
    const [added] = d.addFeatures([{ type: 'Feature', geometry: geometry as never, properties: { mode } }])
    if (!added?.valid || added.id === undefined) {
      d.setMode('static')
      return false
    }
    editedId = added.id
    d.selectFeature(added.id)
    result.value = geometry
    run.value++
    session.value = 'editing'
    mapInstance.interaction = 'buildout-draw'
    return true
  }

  function startSplit(): boolean {
    stop()
    const map = mapInstance.map
    if (!map) return false
    run.value++
    session.value = 'splitting'
    splitPoint.value = null
    mapInstance.interaction = 'buildout-split'
    splitHandler = (e) => {
      splitPoint.value = [e.lngLat.lng, e.lngLat.lat]
      showSplitPoint(map, splitPoint.value)
    }
    map.on('click', splitHandler)
    map.getCanvas().style.cursor = 'crosshair'
    return true
  }

  /** Ends any session and clears what it drew; the map's clicks go back to selecting. */
  function stop(): void {
    const map = mapInstance.map
    if (draw) {
      draw.clear()
      draw.setMode('static')
    }
    if (map && splitHandler) {
      map.off('click', splitHandler)
      map.getCanvas().style.cursor = ''
    }
    if (map) removeSplitPoint(map)
    splitHandler = null
    editedId = null
    splitPoint.value = null
    result.value = null
    session.value = 'idle'
    if (mapInstance.interaction.startsWith('buildout-')) mapInstance.interaction = 'select'
  }

  /** On leaving the workspace: nothing of ours stays on the map. */
  function dispose(): void {
    stop()
    if (draw) {
      try {
        draw.stop()
      } catch {
        // The map may already be gone.
      }
      draw = null
    }
  }

  /** Whether the session that started as number `id` (run after its start) still runs. */
  const owns = (id: number | null) => id !== null && id === run.value && session.value !== 'idle'

  return { session, run, result, splitPoint, owns, flyTo, startDraw, startEdit, startSplit, stop, dispose }
}
