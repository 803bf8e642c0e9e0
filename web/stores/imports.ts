import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LayerName } from '../../core/format/layers'
import { toApiError, type ApiError } from '../http/client'
import type { ImportPreview, ImportResult } from '../http/types'
import { uploadImport } from '../http/upload'
import { useLayerStore } from './layers'
import { useSelectionStore } from './selection'

/** idle → previewing → previewed → sending → done; a refusal at either step is error. */
export type ImportState = 'idle' | 'previewing' | 'previewed' | 'sending' | 'done' | 'error'

export interface ImportChoices {
  encoding: 'auto' | 'utf-8' | 'gbk' | 'gb18030'
  /** '' for what the file says (or longitude/latitude). */
  crs: string
  gcj02: boolean
}

/**
 * The import under way: the file is first previewed (the server reads and checks it, writes nothing),
 * then confirmed. Kept here so that it goes on (and its outcome stays) while the user looks elsewhere.
 */
export const useImportStore = defineStore('imports', () => {
  const layers = useLayerStore()
  const selection = useSelectionStore()
  const state = ref<ImportState>('idle')
  const layer = ref<LayerName | null>(null)
  const file = shallowRef<File | null>(null)
  const fileName = ref('')
  const choices = ref<ImportChoices>({ encoding: 'auto', crs: '', gcj02: false })
  /** Share of the file uploaded (0–1) while previewing or sending. */
  const progress = ref(0)
  const preview = shallowRef<ImportPreview | null>(null)
  const result = shallowRef<ImportResult | null>(null)
  const error = shallowRef<ApiError | null>(null)
  /** Which step the error came from. */
  const failedStep = ref<'preview' | 'import' | null>(null)

  const busy = () => state.value === 'previewing' || state.value === 'sending'

  async function previewFile(target: LayerName, chosen: File): Promise<void> {
    if (busy()) return
    state.value = 'previewing'
    layer.value = target
    file.value = chosen
    fileName.value = chosen.name
    progress.value = 0
    preview.value = null
    result.value = null
    error.value = null
    failedStep.value = null
    try {
      preview.value = await uploadImport(target, chosen, true, { ...choices.value, onProgress: (p) => (progress.value = p) })
      state.value = 'previewed'
    } catch (err) {
      error.value = toApiError(err)
      failedStep.value = 'preview'
      state.value = 'error'
    }
  }

  async function confirm(): Promise<void> {
    const target = layer.value
    const chosen = file.value
    if (busy() || !target || !chosen || !preview.value || preview.value.errors.length) return
    state.value = 'sending'
    progress.value = 0
    try {
      result.value = await uploadImport(target, chosen, false, { ...choices.value, onProgress: (p) => (progress.value = p) })
      state.value = 'done'
    } catch (err) {
      error.value = toApiError(err)
      failedStep.value = 'import'
      state.value = 'error'
      return
    }
    // Show what was imported: the layer reloads, and the open card with it.
    await layers.retry(target)
    if (selection.selected?.layer === target) selection.retry()
  }

  function reset(): void {
    if (busy()) return
    state.value = 'idle'
    preview.value = null
    result.value = null
    error.value = null
    failedStep.value = null
  }

  return { state, layer, file, fileName, choices, progress, preview, result, error, failedStep, previewFile, confirm, reset }
})
