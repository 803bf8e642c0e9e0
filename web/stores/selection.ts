import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { ApiError, getJson } from '../http/client'
import type { LayerFeature } from '../http/types'
import type { FeatureRef } from '../url/url_state'
import { useLayerStore } from './layers'
import type { LoadState } from './load_state'

/** The selected feature, shared by every workspace. */
export const useSelectionStore = defineStore('selection', () => {
  const layers = useLayerStore()
  const selected = ref<FeatureRef | null>(null)
  const feature = shallowRef<LayerFeature | null>(null)
  const status = ref<LoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  /** Where the user clicked: the popup's place for a line or an area. */
  const anchor = shallowRef<[number, number] | null>(null)

  const isCurrent = (ref: FeatureRef) =>
    selected.value?.layer === ref.layer && selected.value.code === ref.code

  async function resolve(ref: FeatureRef): Promise<void> {
    const local = layers.find(ref.layer, ref.code)
    if (local) {
      feature.value = local
      status.value = 'done'
      return
    }
    // Not in the loaded layers (another county, or a feature the layer query left out): ask for it.
    try {
      const fetched = await getJson<LayerFeature>(`/api/layers/${ref.layer}/${encodeURIComponent(ref.code)}`)
      if (!isCurrent(ref)) return
      feature.value = fetched
      status.value = 'done'
    } catch (err) {
      if (!isCurrent(ref)) return
      error.value = err instanceof ApiError ? err : new ApiError(0, 'error', String(err))
      status.value = 'error'
    }
  }

  /** Selects a feature; until the layers are loaded it waits for them. */
  function select(ref: FeatureRef, options: { anchor?: [number, number] } = {}): void {
    if (isCurrent(ref) && status.value === 'done') {
      anchor.value = options.anchor ?? anchor.value
      return
    }
    selected.value = { ...ref }
    anchor.value = options.anchor ?? null
    feature.value = null
    error.value = null
    status.value = 'loading'
    if (layers.allSettled) void resolve(ref)
  }

  function clear(): void {
    selected.value = null
    feature.value = null
    anchor.value = null
    error.value = null
    status.value = 'idle'
  }

  function retry(): void {
    if (selected.value) {
      status.value = 'loading'
      error.value = null
      void resolve(selected.value)
    }
  }

  // A selection made before the layers arrived (a reload, a shared link) resolves once they have.
  watch(() => layers.allSettled, (settled) => {
    if (settled && selected.value && status.value === 'loading') void resolve(selected.value)
  })

  return { selected, feature, status, error, anchor, select, clear, retry }
})
