// Draws the siting workspace on the shared map (rings, catchment, lines to services, assignments,
// candidates) and owns the map's clicks while placing or assigning; candidates are dragged with the mouse.
import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent, MapMouseEvent, MapSourceDataEvent, PointLike } from 'maplibre-gl'
import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson'
import type { TerraDraw } from 'terra-draw'
import { onBeforeUnmount, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { nextCandidateKey, lineToFeature, ringPreview, siteAnchor } from './preview'
import { SERVICE_FACTORS, type ServiceFactor } from '../../../core/siting/factors'
import type { LayerName } from '../../../core/format/layers'
import { createSitingDraw } from './map_draw'
import { CANDIDATE_LAYER, SITING_LAYERS, SITING_SOURCES, candidateColor } from './map_layers'
import { tileSourceId } from '../../map/layer_styles'
import { useLayerStore } from '../../stores/layers'
import { useMapInstanceStore } from '../../stores/map_instance'
import { useSitingStore } from './store'
import { useFormat } from '../../composables/useFormat'

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }
const MAX_RING_M = 500_000

/** Where each nearest service's geometry is kept in the layers store. */
const SERVICE_LAYER: Record<ServiceFactor, LayerName> = {
  road: 'roads', water: 'water', school: 'facilities', clinic: 'facilities', townshipSeat: 'facilities',
}

const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })

export function useSitingMap() {
  const { t } = useI18n()
  const format = useFormat()
  const mapInstance = useMapInstanceStore()
  const layers = useLayerStore()
  const siting = useSitingStore()
  let map: MapLibreMap | null = null
  let dragging: string | null = null
  /** The terra-draw session while a site outline is drawn (mode 'draw'), else null. */
  let draw: TerraDraw | null = null

  /** Some village asked for had no position yet (its tile not loaded): draw again when tiles arrive. */
  let pointsMissing = false

  /**
   * Positions of villages by code: from the loaded villages, or, when the map draws them from tiles,
   * from the tiles loaded (the catchment lies around the candidate, which is in view). Below the
   * cluster zoom the tiles hold clusters, and the villages in reach are listed but not ringed.
   */
  function villagePoints(codes: readonly string[]): Map<string, [number, number]> {
    const out = new Map<string, [number, number]>()
    const missing: string[] = []
    for (const code of codes) {
      const g = layers.find('villages', code)?.geometry
      if (g?.type === 'Point') out.set(code, [g.coordinates[0], g.coordinates[1]])
      else missing.push(code)
    }
    const tiles = tileSourceId('villages')
    if (missing.length && layers.tiled.villages && map?.getSource(tiles)) {
      const found = map.querySourceFeatures(tiles, { sourceLayer: 'villages', filter: ['in', ['get', 'code'], ['literal', missing]] })
      for (const f of found) {
        const code = f.properties?.code
        if (typeof code === 'string' && f.geometry.type === 'Point') out.set(code, f.geometry.coordinates as [number, number])
      }
    }
    pointsMissing = pointsMissing || out.size < codes.length
    return out
  }

  function onTileData(event: MapSourceDataEvent): void {
    if (!pointsMissing || event.sourceId !== tileSourceId('villages') || !event.isSourceLoaded) return
    pointsMissing = false
    drawEvaluation()
    drawAssignments()
  }

  function setData(id: string, data: FeatureCollection): void {
    (map?.getSource(id) as GeoJSONSource | undefined)?.setData(data)
  }

  function drawCandidates(): void {
    if (!map) return
    const rings: Feature[] = []
    const points: Feature[] = []
    for (const c of siting.candidates) {
      const color = candidateColor(c.key)
      const active = c.key === siting.activeKey
      const anchor = siteAnchor(c.geometry)
      if (c.radiusM > 0 && c.radiusM <= MAX_RING_M) {
        const ring = ringPreview(anchor, c.radiusM)
        ring.properties = { key: c.key, color, active }
        rings.push(ring)
      }
      if (c.geometry.type === 'Polygon') points.push({ type: 'Feature', properties: { key: c.key, color, active }, geometry: c.geometry })
      points.push({ type: 'Feature', properties: { key: c.key, color, active, fixed: c.siteCode !== null || c.geometry.type === 'Polygon' }, geometry: { type: 'Point', coordinates: anchor } })
    }
    setData(SITING_SOURCES.rings, fc(rings))
    setData(SITING_SOURCES.candidates, fc(points))
  }

  function drawEvaluation(): void {
    if (!map) return
    const c = siting.active
    const assignedHere = new Set(siting.assignments.filter((a) => a.siteKey === c?.key).map((a) => a.villageCode))
    const catchment: Feature[] = []
    const lines: Feature[] = []
    if (c?.evaluation) {
      const color = candidateColor(c.key)
      const points = villagePoints(c.evaluation.catchment.villages.map((v) => v.code))
      for (const v of c.evaluation.catchment.villages) {
        const p = points.get(v.code)
        if (p) catchment.push({ type: 'Feature', properties: { code: v.code, color, assigned: assignedHere.has(v.code) }, geometry: { type: 'Point', coordinates: p } })
      }
      const from = c.evaluation.site.point
      for (const factor of SERVICE_FACTORS) {
        // A service the roads do not reach gets no line: it has no distance to label.
        const found = c.evaluation.nearest[factor]
        const near = found && found.reachable !== false ? found : null
        // The point the answer names (the layer may be drawn from tiles, without its features here), else the loaded feature.
        const geometry = near?.point ? { type: 'Point' as const, coordinates: near.point } : near ? layers.find(SERVICE_LAYER[factor], near.code)?.geometry : null
        const line = near && geometry ? lineToFeature(from, geometry as Geometry) : null
        if (!line || !near) continue
        line.properties = { factor, label: `${t(`siting.factors.${factor}`)} ${format.length(near.distanceM)}` }
        lines.push(line)
      }
    }
    setData(SITING_SOURCES.catchment, fc(catchment))
    setData(SITING_SOURCES.lines, fc(lines))
  }

  function drawAssignments(): void {
    if (!map) return
    const anchors = new Map(siting.candidates.map((c) => [c.key, siteAnchor(c.geometry)]))
    const features: Feature[] = []
    const points = villagePoints(siting.assignments.map((a) => a.villageCode))
    for (const a of siting.assignments) {
      const from = points.get(a.villageCode)
      const to = anchors.get(a.siteKey)
      if (from && to) features.push({ type: 'Feature', properties: { color: candidateColor(a.siteKey) }, geometry: { type: 'LineString', coordinates: [from, to] } })
    }
    setData(SITING_SOURCES.assigned, fc(features))
  }

  function drawAll(): void {
    drawCandidates()
    drawEvaluation()
    drawAssignments()
  }

  function villageAt(point: { x: number; y: number }): string | null {
    if (!map || !map.getLayer('villages-circle')) return null
    const r = 8
    const box: [PointLike, PointLike] = [[point.x - r, point.y - r], [point.x + r, point.y + r]]
    const hits = map.queryRenderedFeatures(box, { layers: ['villages-circle'] })
    let best: { code: string; d: number } | null = null
    for (const f of hits) {
      const code = f.properties?.code
      if (typeof code !== 'string' || f.geometry.type !== 'Point') continue
      const p = map.project(f.geometry.coordinates as [number, number])
      const d = Math.hypot(p.x - point.x, p.y - point.y)
      if (!best || d < best.d) best = { code, d }
    }
    return best?.code ?? null
  }

  function onClick(event: MapMouseEvent): void {
    if (siting.mode === 'place') {
      siting.addCandidate({ type: 'Point', coordinates: [round(event.lngLat.lng), round(event.lngLat.lat)] })
      siting.mode = 'idle'
    } else if (siting.mode === 'assign' && siting.activeKey) {
      const code = villageAt(event.point)
      if (code) siting.toggleAssignment(code, siting.activeKey)
    }
  }

  function onCandidateDown(event: MapLayerMouseEvent): void {
    const f = event.features?.[0]
    const key = f?.properties?.key
    if (!map || typeof key !== 'string' || f?.properties?.fixed === true || siting.mode !== 'idle') return
    event.preventDefault()
    dragging = key
    siting.activeKey = key
    map.dragPan.disable()
    map.getCanvasContainer().style.cursor = 'grabbing'
  }

  function onMove(event: MapMouseEvent): void {
    if (!dragging) return
    siting.moveCandidate(dragging, { type: 'Point', coordinates: [round(event.lngLat.lng), round(event.lngLat.lat)] })
  }

  function onUp(): void {
    if (!dragging || !map) return
    dragging = null
    map.dragPan.enable()
    applyCursor()
  }

  const onEnter = () => {
    if (map && siting.mode === 'idle' && !dragging) map.getCanvasContainer().style.cursor = 'move'
  }
  const onLeave = () => applyCursor()

  function applyCursor(): void {
    if (!map || dragging) return
    map.getCanvasContainer().style.cursor = siting.mode === 'idle' ? '' : 'crosshair'
  }

  /** Starts drawing an outline in the colour of the candidate it will become. */
  function startDraw(): void {
    stopDraw()
    if (!map) return
    const key = nextCandidateKey(siting.candidates.map((c) => c.key))
    if (!key) {
      siting.mode = 'idle'
      return
    }
    const session = createSitingDraw(map, candidateColor(key))
    draw = session
    session.start()
    session.setMode('polygon')
    session.on('finish', (id, context) => {
      if (draw !== session || context.action !== 'draw') return
      const geometry = session.getSnapshotFeature(id)?.geometry
      if (geometry?.type === 'Polygon') {
        const coordinates = (geometry as Polygon).coordinates.map((ring) => ring.map(([lng, lat]) => [round(lng), round(lat)]))
        siting.addCandidate({ type: 'Polygon', coordinates })
      }
      // One outline per session: further clicks draw nothing.
      session.setMode('static')
      // The siting layers show the outline from now on; terra-draw's copy goes. Deferred so that the map's
      // click of the closing vertex (after terra-draw's pointerup) still sees 'siting-draw' and opens no popup.
      setTimeout(() => {
        if (siting.mode === 'draw') siting.mode = 'idle'
      }, 0)
    })
  }

  /** Ends the drawing session, if any: terra-draw's sources and layers leave the map. */
  function stopDraw(session: TerraDraw | null = draw): void {
    if (session === draw) draw = null
    if (!session) return
    try {
      session.clear()
      session.stop()
    } catch {
      // The map may already be gone.
    }
  }

  function install(instance: MapLibreMap): void {
    map = instance
    for (const id of Object.values(SITING_SOURCES)) {
      if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY })
    }
    for (const layer of SITING_LAYERS) {
      if (!map.getLayer(layer.id)) map.addLayer(layer)
    }
    map.on('click', onClick)
    map.on('sourcedata', onTileData)
    map.on('mousedown', CANDIDATE_LAYER, onCandidateDown)
    map.on('mouseenter', CANDIDATE_LAYER, onEnter)
    map.on('mouseleave', CANDIDATE_LAYER, onLeave)
    map.on('mousemove', onMove)
    map.on('mouseup', onUp)
    drawAll()
    if (siting.mode === 'draw') startDraw()
    applyCursor()
  }

  function uninstall(): void {
    if (!map) return
    stopDraw()
    map.off('click', onClick)
    map.off('sourcedata', onTileData)
    map.off('mousedown', CANDIDATE_LAYER, onCandidateDown)
    map.off('mouseenter', CANDIDATE_LAYER, onEnter)
    map.off('mouseleave', CANDIDATE_LAYER, onLeave)
    map.off('mousemove', onMove)
    map.off('mouseup', onUp)
    map.dragPan.enable()
    map.getCanvasContainer().style.cursor = ''
    // The map may already be gone (the whole app unmounting).
    if (map.style) {
      for (const layer of [...SITING_LAYERS].reverse()) if (map.getLayer(layer.id)) map.removeLayer(layer.id)
      for (const id of Object.values(SITING_SOURCES)) if (map.getSource(id)) map.removeSource(id)
    }
    map = null
  }

  watch(() => (mapInstance.ready ? mapInstance.map : null), (instance) => {
    uninstall()
    if (instance) install(instance)
  }, { immediate: true })

  watch(() => siting.mode, (mode) => {
    mapInstance.interaction = mode === 'place' ? 'siting-place' : mode === 'draw' ? 'siting-draw' : mode === 'assign' ? 'siting-assign' : 'select'
    // Deferred: the mode may change inside terra-draw's own finish handler.
    if (mode === 'draw') startDraw()
    else if (draw) {
      const session = draw
      draw = null
      setTimeout(() => stopDraw(session), 0)
    }
    applyCursor()
  }, { immediate: true })

  watch(() => [siting.candidates, siting.activeKey], drawCandidates)
  watch(() => [siting.active?.evaluation, siting.assignments, layers.collections, layers.tiled.villages], () => {
    drawEvaluation()
    drawAssignments()
  })

  onBeforeUnmount(() => {
    stopDraw()
    uninstall()
    siting.mode = 'idle'
    mapInstance.interaction = 'select'
  })

  return { redraw: drawAll }
}

/** Seven decimals (about 1 cm) are plenty for a site. */
function round(n: number): number {
  return Math.round(n * 1e7) / 1e7
}
