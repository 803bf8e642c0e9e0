import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { LAYERS, isLayerName, type LayerName } from '../../core/format/layers'
import { ApiError, getJson, isAbort } from '../http/client'
import type { LayerCollection, LayerFeature } from '../http/types'
import type { LoadState } from './load_state'
import { readStored, writeStored } from './storage'

const VISIBILITY_KEY = 'fupin.layers.visible'

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

  const fetchLayer = (layer: LayerName, region: string, signal?: AbortSignal) =>
    getJson<LayerCollection>(`/api/layers/${layer}?region=${encodeURIComponent(region)}`, { signal })

  /** Layers asked for ahead of loadRegion() (at start-up, for the county last looked at). */
  let early: { region: string; layers: Map<LayerName, Promise<LayerCollection>> } | null = null

  /** Asks for a region's layers now; a later loadRegion() of the same region takes the answers. */
  function prefetch(region: string): void {
    // Villages first: the server answers in turn, and they are what a user looks for.
    const order: LayerName[] = ['villages', ...LAYERS.filter((l) => l !== 'villages')]
    const layers = new Map(order.map((layer) => [layer, fetchLayer(layer, region)] as const))
    for (const answer of layers.values()) answer.catch(() => {}) // a refusal is loadOne()'s to handle
    early = { region, layers }
  }

  function takeEarly(layer: LayerName, region: string): Promise<LayerCollection> | undefined {
    if (early?.region !== region) return undefined
    const answer = early.layers.get(layer)
    early.layers.delete(layer)
    return answer
  }

  async function loadOne(layer: LayerName, region: string, signal: AbortSignal): Promise<void> {
    status.value = { ...status.value, [layer]: 'loading' }
    try {
      const asked = takeEarly(layer, region)
      const fc = await (asked ? asked.catch(() => fetchLayer(layer, region, signal)) : fetchLayer(layer, region, signal))
      if (signal.aborted) return
      collections.value = { ...collections.value, [layer]: markRaw(fc) }
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
    errors.value = {}
    status.value = allOf<LoadState>('idle')
    await Promise.all(LAYERS.map((layer) => loadOne(layer, region, signal)))
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
    errors.value = {}
    status.value = allOf<LoadState>('idle')
  }

  function find(layer: LayerName, code: string): LayerFeature | null {
    return index.value[layer]?.get(code) ?? null
  }

  return { visible, status, errors, collections, doneCount, allSettled, setVisible, prefetch, loadRegion, retry, retryFailed, clear, find }
})
