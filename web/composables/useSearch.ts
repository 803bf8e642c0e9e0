// Search as you type: GET /api/search, debounced, the older request cancelled.
import { ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError, getJson, isAbort } from '../http/client'
import type { SearchResult } from '../http/types'

export type SearchState = 'idle' | 'loading' | 'done' | 'error'

const DEBOUNCE_MS = 220
const LIMIT = 10

export function useSearch(query: Ref<string>) {
  const state = ref<SearchState>('idle')
  const results = shallowRef<SearchResult[]>([])
  const error = shallowRef<ApiError | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let controller: AbortController | null = null

  async function run(q: string): Promise<void> {
    controller?.abort()
    controller = new AbortController()
    state.value = 'loading'
    try {
      results.value = await getJson<SearchResult[]>(
        `/api/search?q=${encodeURIComponent(q)}&limit=${LIMIT}`, { signal: controller.signal })
      error.value = null
      state.value = 'done'
    } catch (err) {
      if (isAbort(err)) return
      error.value = err instanceof ApiError ? err : new ApiError(0, 'error', String(err))
      state.value = 'error'
    }
  }

  watch(query, (value) => {
    clearTimeout(timer)
    const q = value.trim()
    if (!q) {
      controller?.abort()
      results.value = []
      state.value = 'idle'
      return
    }
    timer = setTimeout(() => void run(q), DEBOUNCE_MS)
  })

  return { state, results, error }
}
