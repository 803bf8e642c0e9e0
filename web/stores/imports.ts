import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LayerName } from '../../core/format/layers'
import { layersApi } from '../http/api'
import { toApiError, type ApiError } from '../http/client'
import type { ImportResult } from '../http/types'
import { useLayerStore } from './layers'
import { useSelectionStore } from './selection'

export type ImportState = 'idle' | 'sending' | 'done' | 'error'

/** The last import: kept here so that it goes on (and its outcome stays) while the user looks elsewhere. */
export const useImportStore = defineStore('imports', () => {
  const layers = useLayerStore()
  const selection = useSelectionStore()
  const state = ref<ImportState>('idle')
  const layer = ref<LayerName | null>(null)
  const fileName = ref('')
  const result = shallowRef<ImportResult | null>(null)
  const error = shallowRef<ApiError | null>(null)

  async function send(target: LayerName, file: File): Promise<void> {
    if (state.value === 'sending') return
    state.value = 'sending'
    layer.value = target
    fileName.value = file.name
    result.value = null
    error.value = null
    try {
      result.value = await layersApi.importFile(target, file) as ImportResult
      state.value = 'done'
    } catch (err) {
      error.value = toApiError(err)
      state.value = 'error'
      return
    }
    // Show what was imported: the layer reloads, and the open card with it.
    await layers.retry(target)
    if (selection.selected?.layer === target) selection.retry()
  }

  function reset(): void {
    if (state.value === 'sending') return
    state.value = 'idle'
    result.value = null
    error.value = null
  }

  return { state, layer, fileName, result, error, send, reset }
})
