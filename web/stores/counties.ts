import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { ApiError, getJson } from '../http/client'
import type { County } from '../http/types'
import type { LoadState } from './load_state'
import { readStored, writeStored } from './storage'

/** The county last looked at: the next visit opens on it (and can ask for its layers at once). */
const LAST_COUNTY_KEY = 'fupin.county'
const isCountyCode = (value: unknown): value is string => typeof value === 'string' && /^\d{6}$/.test(value)

export const useCountyStore = defineStore('counties', () => {
  const list = ref<County[]>([])
  const status = ref<LoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  const currentCode = ref<string | null>(readStored<string | null>(LAST_COUNTY_KEY, isCountyCode, null))
  watch(currentCode, (code) => {
    if (code) writeStored(LAST_COUNTY_KEY, code)
  })

  const current = computed(() => list.value.find((c) => c.code === currentCode.value) ?? null)

  /** Asked once signed in (App.vue): before, the server would only refuse. */
  async function load(): Promise<void> {
    status.value = 'loading'
    error.value = null
    try {
      list.value = await getJson<County[]>('/api/counties')
      status.value = 'done'
      if (!list.value.some((c) => c.code === currentCode.value)) currentCode.value = list.value[0]?.code ?? null
    } catch (err) {
      error.value = err instanceof ApiError ? err : new ApiError(0, 'error', String(err))
      status.value = 'error'
    }
  }

  /** Chooses a county; before the list is loaded the code is kept and checked on load. */
  function choose(code: string | null): void {
    currentCode.value = code
  }

  /** The extent of the counties whose code starts with `prefix` ('' for every county), null if none. */
  function extentOf(prefix: string): County['bbox'] | null {
    const shown = list.value.filter((c) => c.code.startsWith(prefix))
    if (!shown.length) return null
    return shown.map((c) => c.bbox).reduce((a, b) =>
      [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] as County['bbox'])
  }

  return { list, status, error, currentCode, current, load, choose, extentOf }
})
