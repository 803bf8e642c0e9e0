import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { LAYERS, isLayerName, type LayerName } from '../../core/format/layers'
import { ApiError, getJson, isAbort } from '../http/client'
import type { LayerCollection, LayerCount, LayerFeature } from '../http/types'
import type { LoadState } from './load_state'
import { readStored, writeStored } from './storage'

const VISIBILITY_KEY = 'fupin.layers.visible'
/** The layers drawn from tiles at the last visit, per region (the few regions last looked at). */
const TILED_KEY = 'fupin.layers.tiled'
const TILED_REGIONS_KEPT = 8

type TiledBefore = Record<string, LayerName[]>
function isTiledBefore(value: unknown): value is TiledBefore {
  return typeof value === 'object' && value !== null
    && Object.values(value).every((v) => Array.isArray(v) && v.every((l) => typeof l === 'string' && isLayerName(l)))
}

type Visibility = Record<LayerName, boolean>

function isVisibility(value: unknown): value is Partial<Visibility> {
  return typeof value === 'object' && value !== null
    && Object.entries(value).every(([k, v]) => isLayerName(k) && typeof v === 'boolean')
}

const allOf = <T>(value: T): Record<LayerName, T> =>
  Object.fromEntries(LAYERS.map((l) => [l, value])) as Record<LayerName, T>

export const useLayerStore = defineStore('layers', () => {
  const visible = ref<Visibility>({ ...allOf(true), ...readStored(VISIBILITY_KEY, isVisibility, {}) })
  const status = ref<Record<LayerName, LoadState>>(allOf<LoadState>('idle'))
  const errors = shallowRef<Partial<Record<LayerName, ApiError>>>({})
  /** Loaded collections, kept raw: large GeoJSON does not need deep reactivity. */
  const collections = shallowRef<Partial<Record<LayerName, LayerCollection>>>({})
  /**
   * Layers the map draws from vector tiles (more features in the region than map.tilesAboveFeatures):
   * their collection is not loaded. The version changes when such a layer is loaded again (after an
   * edit), so that the map asks for its tiles afresh.
   */
  const tiled = ref<Record<LayerName, boolean>>(allOf(false))
  const tileVersion = ref<Record<LayerName, number>>(allOf(0))
  /** Features per layer in the region (and the account's scope), as the server counts them. */
  const counts = shallowRef<Partial<Record<LayerName, number>>>({})
  let controller: AbortController | null = null
  let loadedRegion: string | null = null

  const doneCount = computed(() => LAYERS.filter((l) => status.value[l] === 'done').length)
  const allSettled = computed(() => LAYERS.every((l) => status.value[l] === 'done' || status.value[l] === 'error'))

  /** Features by code, per layer, for lookups (names of referenced townships and sites). */
  const index = computed(() => {
    const out: Partial<Record<LayerName, Map<string, LayerFeature>>> = {}
    for (const layer of LAYERS) {
      const fc = collections.value[layer]
      if (fc) out[layer] = new Map(fc.features.map((f) => [f.properties.code, f]))
    }
    return out
  })

  function setVisible(layer: LayerName, value: boolean): void {
    visible.value = { ...visible.value, [layer]: value }
    writeStored(VISIBILITY_KEY, visible.value)
  }

  const fetchCollection = (layer: LayerName, region: string, signal?: AbortSignal) =>
    getJson<LayerCollection>(`/api/layers/${layer}?region=${encodeURIComponent(region)}`, { signal })

  /** The region's counts, and which layers are drawn from tiles; null if they cannot be had (then GeoJSON). */
  const fetchCounts = (region: string, signal?: AbortSignal) =>
    getJson<LayerCount[]>(`/api/layers?region=${encodeURIComponent(region)}`, { signal }).catch((err) => {
      if (isAbort(err)) throw err
      return null
    })

  /** A layer's data: its collection, or 'tiles' with its count when the map draws it from tiles. */
  type Answer = { collection: LayerCollection; count?: number } | { tiles: true; count: number }

  /** Which layers were drawn from tiles in a region at the last visit (kept in the browser). */
  let tiledBefore = readStored<TiledBefore>(TILED_KEY, isTiledBefore, {})
  function noteTiled(region: string, layer: LayerName, fromTiles: boolean): void {
    const was = tiledBefore[region] ?? []
    if (was.includes(layer) === fromTiles) return
    const { [region]: _old, ...others } = tiledBefore
    const kept = Object.entries(others).slice(-(TILED_REGIONS_KEPT - 1))
    tiledBefore = { ...Object.fromEntries(kept), [region]: fromTiles ? [...was, layer] : was.filter((l) => l !== layer) }
    writeStored(TILED_KEY, tiledBefore)
  }

  /**
   * The counts decide tiles or GeoJSON, but are not waited for before the GeoJSON is asked: that
   * would add a round trip before the first village is drawn. A layer is asked as GeoJSON beside the
   * counts, and its request dropped if they say tiles; only a layer drawn from tiles at the last
   * visit of the region waits for the counts (it most likely needs no GeoJSON at all).
   */
  async function fetchLayer(layer: LayerName, region: string, asked: Promise<LayerCount[] | null>, signal?: AbortSignal): Promise<Answer> {
    const countOf = async () => (await asked)?.find((c) => c.layer === layer)
    if (tiledBefore[region]?.includes(layer)) {
      const count = await countOf()
      if (count?.tiles) return { tiles: true, count: count.count }
      return { collection: await fetchCollection(layer, region, signal), count: count?.count }
    }
    const own = new AbortController()
    const stop = () => own.abort()
    signal?.addEventListener('abort', stop, { once: true })
    try {
      const collection = fetchCollection(layer, region, own.signal)
      collection.catch(() => {}) // awaited below unless the counts say tiles
      const count = await countOf()
      if (count?.tiles) {
        own.abort()
        return { tiles: true, count: count.count }
      }
      return { collection: await collection, count: count?.count }
    } finally {
      signal?.removeEventListener('abort', stop)
    }
  }

  /** Layers asked for ahead of loadRegion() (at start-up, for the county last looked at). */
  let early: { region: string; layers: Map<LayerName, Promise<Answer>> } | null = null

  /** Asks for a region's layers now; a later loadRegion() of the same region takes the answers. */
  function prefetch(region: string): void {
    // Villages first: the server answers in turn, and they are what a user looks for.
    const order: LayerName[] = ['villages', ...LAYERS.filter((l) => l !== 'villages')]
    const asked = fetchCounts(region)
    const layers = new Map(order.map((layer) => [layer, fetchLayer(layer, region, asked)] as const))
    for (const answer of layers.values()) answer.catch(() => {}) // a refusal is loadOne()'s to handle
    early = { region, layers }
  }

  function takeEarly(layer: LayerName, region: string): Promise<Answer> | undefined {
    if (early?.region !== region) return undefined
    const answer = early.layers.get(layer)
    early.layers.delete(layer)
    return answer
  }

  async function loadOne(layer: LayerName, region: string, signal: AbortSignal, asked?: () => Promise<LayerCount[] | null>): Promise<void> {
    status.value = { ...status.value, [layer]: 'loading' }
    try {
      const early = takeEarly(layer, region)
      const again = () => fetchLayer(layer, region, asked ? asked() : fetchCounts(region, signal), signal)
      const answer = await (early ? early.catch(again) : again())
      if (signal.aborted) return
      counts.value = { ...counts.value, [layer]: answer.count ?? ('collection' in answer ? answer.collection.features.length : undefined) }
      tiled.value = { ...tiled.value, [layer]: 'tiles' in answer }
      noteTiled(region, layer, 'tiles' in answer)
      if ('tiles' in answer) {
        const { [layer]: _none, ...others } = collections.value
        collections.value = others
        tileVersion.value = { ...tileVersion.value, [layer]: tileVersion.value[layer] + 1 }
      } else {
        collections.value = { ...collections.value, [layer]: markRaw(answer.collection) }
      }
      const { [layer]: _dropped, ...rest } = errors.value
      errors.value = rest
      status.value = { ...status.value, [layer]: 'done' }
    } catch (err) {
      if (isAbort(err)) return
      errors.value = { ...errors.value, [layer]: err instanceof ApiError ? err : new ApiError(0, 'error', String(err)) }
      status.value = { ...status.value, [layer]: 'error' }
    }
  }

  /** Loads every layer of a region (a county code), replacing what was loaded before. */
  async function loadRegion(region: string): Promise<void> {
    controller?.abort()
    controller = new AbortController()
    const { signal } = controller
    loadedRegion = region
    collections.value = {}
    counts.value = {}
    errors.value = {}
    status.value = allOf<LoadState>('idle')
    // The counts are asked once, by the first layer that is not already on its way (prefetch).
    let counted: Promise<LayerCount[] | null> | undefined
    const asked = () => (counted ??= fetchCounts(region, signal))
    await Promise.all(LAYERS.map((layer) => loadOne(layer, region, signal, asked)))
  }

  async function retry(layer: LayerName): Promise<void> {
    if (!loadedRegion) return
    controller ??= new AbortController()
    await loadOne(layer, loadedRegion, controller.signal)
  }

  /** Loads again every layer that failed (after signing in again, for instance). */
  async function retryFailed(): Promise<void> {
    await Promise.all(LAYERS.filter((l) => status.value[l] === 'error').map((l) => retry(l)))
  }

  /** Forgets everything loaded (on signing out: the next account may see less). */
  function clear(): void {
    controller?.abort()
    controller = null
    early = null
    loadedRegion = null
    collections.value = {}
    counts.value = {}
    tiled.value = allOf(false)
    errors.value = {}
    status.value = allOf<LoadState>('idle')
  }

  function find(layer: LayerName, code: string): LayerFeature | null {
    return index.value[layer]?.get(code) ?? null
  }

  return { visible, status, errors, collections, tiled, tileVersion, counts, doneCount, allSettled, setVisible, prefetch, loadRegion, retry, retryFailed, clear, find }
})
