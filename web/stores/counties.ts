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

  let early: Promise<County[]> | null = null

  /** Asks for the list ahead of load() (at start-up, beside the session check); load() takes the answer. */
  function prefetch(): void {
    early = getJson<County[]>('/api/counties')
    early.catch(() => {}) // a refusal (not signed in yet) is load()'s to handle
  }

  async function load(): Promise<void> {
    status.value = 'loading'
    error.value = null
    const asked = early
    early = null
    try {
      const fetchList = () => getJson<County[]>('/api/counties')
      list.value = await (asked ? asked.catch(fetchList) : fetchList())
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

  return { list, status, error, currentCode, current, prefetch, load, choose }
})
