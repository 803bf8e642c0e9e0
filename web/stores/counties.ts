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

  return { list, status, error, currentCode, current, load, choose }
})
