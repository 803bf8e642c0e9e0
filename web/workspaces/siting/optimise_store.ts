// The optimisation tab of the siting workspace: the model and its parameters, the candidate pool
// (this page's candidates and the sites of the sites layer, each may be chosen, must be, or is left
// out), the run as a job with progress and cancel, and the answer saved as a scenario.
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { OptimiseAnswer, OptimiseBody, OptimiseJob, OptimiseWeight } from '../../../core/contract/optimise'
import type { ScenarioDetail } from '../../../core/contract/scenarios'
import type { OptimiseModel } from '../../../core/siting/optimise/problem'
import { scenarioFromAnswer, type RelocationOf } from '../../../core/siting/optimise/scenario'
import { ApiError, call, toApiError } from '../../http/client'
import { useCountyStore } from '../../stores/counties'
import { useLayerStore } from '../../stores/layers'
import { siteAnchor } from './preview'
import { useSitingStore } from './store'
import type { SiteGeometry } from './types'

export type CandidateState = 'free' | 'locked' | 'excluded'
export type RunState = 'idle' | 'running' | 'done' | 'error' | 'cancelled'

export interface PoolCandidate {
  key: string
  name: string
  lon: number
  lat: number
  siteCode: string | null
  capacityPopulation: number | null
  /** One of this page's candidates (C1…C5), not a site of the sites layer. */
  fromPage: boolean
}

const POLL_MS = 400

export const useOptimiseStore = defineStore('siting-optimise', () => {
  const siting = useSitingStore()
  const layers = useLayerStore()
  const counties = useCountyStore()

  const model = ref<OptimiseModel>('p_median')
  const p = ref(3)
  const withinM = ref(8000)
  const weight = ref<OptimiseWeight>('relocationPopulation')
  /** null: the county's catchment radius. */
  const maxDistanceM = ref<number | null>(null)
  const splitVillages = ref(false)
  const timeLimitS = ref<number | null>(null)
  const states = ref<Record<string, CandidateState>>({})

  const state = ref<RunState>('idle')
  const progress = ref(0)
  const jobId = ref<string | null>(null)
  const answer = shallowRef<OptimiseAnswer | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const saved = shallowRef<ScenarioDetail | null>(null)
  const saving = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  /** Counts runs: an answer to a run cancelled or replaced meanwhile is dropped. */
  let runs = 0

  const defaultMaxDistanceM = computed(() => siting.defaultRadiusM)

  /** This page's candidates, then the sites of the sites layer (rejected ones left out at first). */
  const pool = computed<PoolCandidate[]>(() => {
    const out: PoolCandidate[] = []
    for (const c of siting.candidates) {
      const [lon, lat] = siteAnchor(c.geometry)
      out.push({ key: c.key, name: c.name, lon, lat, siteCode: c.siteCode, capacityPopulation: c.capacity.population, fromPage: true })
    }
    const taken = new Set(out.flatMap((c) => (c.siteCode ? [c.siteCode] : [])))
    for (const f of layers.collections.sites?.features ?? []) {
      const code = String(f.properties.code)
      if (!f.geometry || taken.has(code) || !/^[A-Za-z0-9_-]{1,20}$/.test(code)) continue
      if (f.geometry.type !== 'Point' && f.geometry.type !== 'Polygon') continue
      const [lon, lat] = siteAnchor(f.geometry as SiteGeometry)
      const cap = f.properties.capacityPopulation
      out.push({ key: code, name: String(f.properties.name ?? code), lon, lat, siteCode: code, capacityPopulation: typeof cap === 'number' ? cap : null, fromPage: false })
    }
    return out
  })

  function stateOf(c: PoolCandidate): CandidateState {
    const s = states.value[c.key]
    if (s) return s
    if (c.fromPage) return 'free'
    const decision = layers.find('sites', c.key)?.properties.decision
    return decision === 'rejected' ? 'excluded' : 'free'
  }

  function setState(key: string, next: CandidateState): void {
    states.value = { ...states.value, [key]: next }
  }

  const needsP = computed(() => model.value !== 'lscp')
  const needsWithin = computed(() => model.value === 'mclp' || model.value === 'lscp')

  function body(): OptimiseBody {
    const county = counties.currentCode ?? ''
    const candidates = pool.value.map((c) => (c.fromPage && !c.siteCode
      ? { key: c.key, geometry: { type: 'Point' as const, coordinates: [c.lon, c.lat] as [number, number] }, ...(c.capacityPopulation !== null ? { capacityPopulation: c.capacityPopulation } : {}) }
      : { key: c.key, siteCode: c.siteCode!, ...(c.fromPage && c.capacityPopulation !== null ? { capacityPopulation: c.capacityPopulation } : {}) }))
    return {
      model: model.value,
      ...(needsP.value ? { p: p.value } : {}),
      ...(needsWithin.value ? { withinM: withinM.value } : {}),
      origins: { region: county, weight: weight.value },
      candidates,
      locked: pool.value.filter((c) => stateOf(c) === 'locked').map((c) => c.key),
      excluded: pool.value.filter((c) => stateOf(c) === 'excluded').map((c) => c.key),
      metric: siting.metric,
      splitVillages: model.value === 'capacitated_p_median' && splitVillages.value,
      limits: maxDistanceM.value !== null ? { maxDistanceM: maxDistanceM.value } : {},
      ...(timeLimitS.value !== null ? { timeLimitS: timeLimitS.value } : {}),
      job: true,
    }
  }

  function stopPolling(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  function take(job: OptimiseJob): void {
    progress.value = job.progress
    if (job.state === 'running') {
      timer = setTimeout(() => void poll(), POLL_MS)
      return
    }
    jobId.value = null
    if (job.state === 'done' && job.result) {
      answer.value = markRaw(job.result)
      state.value = 'done'
    } else if (job.state === 'cancelled') {
      state.value = 'cancelled'
    } else {
      error.value = new ApiError(500, 'job_failed', job.error?.code ?? 'failed', { msg: job.error })
      state.value = 'error'
    }
  }

  async function poll(): Promise<void> {
    const id = jobId.value
    if (!id || state.value !== 'running') return
    try {
      const job = await call('GET /api/optimise/:id', { path: { id } })
      if (jobId.value === id && state.value === 'running') take(job)
    } catch (err) {
      if (jobId.value !== id) return
      error.value = toApiError(err)
      state.value = 'error'
      jobId.value = null
    }
  }

  async function run(): Promise<void> {
    stopPolling()
    const run = ++runs
    state.value = 'running'
    progress.value = 0
    error.value = null
    saved.value = null
    try {
      const started = await call('POST /api/optimise', { body: body() })
      if (run !== runs || state.value !== 'running') {
        // Cancelled while it was being started: stop the job too.
        if ('state' in started && started.state === 'running') void call('DELETE /api/optimise/:id', { path: { id: started.id } }).catch(() => {})
        return
      }
      if ('state' in started) {
        jobId.value = started.id
        take(started)
      } else {
        answer.value = markRaw(started)
        state.value = 'done'
      }
    } catch (err) {
      if (run !== runs) return
      error.value = toApiError(err)
      state.value = 'error'
    }
  }

  async function cancel(): Promise<void> {
    const id = jobId.value
    runs++
    stopPolling()
    jobId.value = null
    state.value = 'cancelled'
    if (!id) return
    try {
      await call('DELETE /api/optimise/:id', { path: { id } })
    } catch {
      // Already finished or gone: nothing left to stop.
    }
  }

  function clear(): void {
    runs++
    stopPolling()
    jobId.value = null
    answer.value = null
    saved.value = null
    state.value = 'idle'
  }

  /** The answer as a new scenario of the county (its sites, and each village's relocating households and persons). */
  async function saveAsScenario(name: string): Promise<ScenarioDetail | null> {
    const a = answer.value
    const county = counties.currentCode
    if (!a || !county || a.status === 'infeasible') return null
    const villages = new Map<string, RelocationOf>()
    for (const x of a.assignments) {
      const props = layers.find('villages', x.village)?.properties
      const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
      villages.set(x.village, { relocationHouseholds: n(props?.relocationHouseholds), relocationPopulation: n(props?.relocationPopulation) })
    }
    const names = new Map(pool.value.map((c) => [c.key, c.name]))
    const content = scenarioFromAnswer(a, villages, names)
    saving.value = true
    try {
      const detail = await call('POST /api/scenarios', { body: { name, countyCode: county, sites: content.sites, assignments: content.assignments } })
      saved.value = markRaw(detail)
      return detail
    } catch (err) {
      error.value = toApiError(err)
      return null
    } finally {
      saving.value = false
    }
  }

  return {
    model, p, withinM, weight, maxDistanceM, splitVillages, timeLimitS, states, state, progress, answer, error, saved, saving,
    defaultMaxDistanceM, pool, needsP, needsWithin, stateOf, setState, body, run, cancel, clear, saveAsScenario,
  }
})
