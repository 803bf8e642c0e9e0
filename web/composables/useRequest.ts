// One API call with its state: what a table shows while loading, when empty, on failure.
import { ref, shallowRef } from 'vue'
import { isAbort, toApiError, type ApiError } from '../http/client'

export type RequestState = 'idle' | 'loading' | 'done' | 'error'

/**
 * Wraps a call so that a component shows its loading and error states. Only the latest run
 * counts: an older answer arriving late is dropped.
 */
export function useRequest<T, A extends unknown[]>(call: (...args: A) => Promise<T>) {
  const state = ref<RequestState>('idle')
  const data = shallowRef<T | null>(null)
  const error = shallowRef<ApiError | null>(null)
  let latest = 0

  /** Resolves to the answer, or null when the call failed or a newer run replaced it. */
  async function run(...args: A): Promise<T | null> {
    const id = ++latest
    state.value = 'loading'
    error.value = null
    try {
      const result = await call(...args)
      if (id !== latest) return null
      data.value = result
      state.value = 'done'
      return result
    } catch (err) {
      if (id !== latest || isAbort(err)) return null
      error.value = toApiError(err)
      state.value = 'error'
      return null
    }
  }

  function reset(): void {
    latest++
    state.value = 'idle'
    data.value = null
    error.value = null
  }

  return { state, data, error, run, reset }
}
