import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, watch } from 'vue'
import type { DistanceMetric, SiteEvaluation, SiteRequestBody } from '../../../core/contract/analysis'
import type { AssignmentInput, ScenarioDetail, ScenarioSiteInput } from '../../../core/contract/scenarios'
import { settingDefault, type NumberSettingKey } from '../../../core/settings/catalogue'
import type { Factor, LimitKey, SettingLookup } from '../../../core/siting/factors'
import { loadBySite, type AssignmentDraft } from '../../../core/siting/load'
import { overAssignedVillages, type RelocatingVillage } from '../../../core/siting/over_assigned'
import { relocationStandards } from '../../../core/siting/standards'
import { subsidyRates } from '../../../core/siting/subsidy'
import { MAX_CANDIDATES, nextCandidateKey, siteAnchor } from './preview'
import { SESSION_VERSION, isEmptySession, isStoredSession, sessionKey, type StoredSession } from './session'
import type { SiteGeometry } from './types'
import { settingsApi } from '../../http/api'
import { call, download, isAbort, toApiError, type ApiError } from '../../http/client'
import type { Setting } from '../../http/types'
import { useLayerStore } from '../../stores/layers'
import type { LoadState } from '../../stores/load_state'
import { readStored, removeStored, writeStored } from '../../stores/storage'

/** Server calls wait this long after the last change (dragging, typing). */
export const EVALUATE_DELAY_MS = 250

export interface CandidateCapacity {
  households: number | null
  population: number | null
  floorAreaM2: number | null
}

export interface Candidate {
  key: string
  name: string
  geometry: SiteGeometry
  /** An existing site of the sites layer (decision candidate) taken as it is. */
  siteCode: string | null
  radiusM: number
  capacity: CandidateCapacity
  state: LoadState
  evaluation: SiteEvaluation | null
  error: ApiError | null
}

export interface Assignment extends AssignmentDraft {
  poorHouseholds: number
}

/** place: click a point; draw: draw a site outline (polygon) with terra-draw; assign: click villages. */
export type SitingMode = 'idle' | 'place' | 'draw' | 'assign'

/** A village seen in a catchment or a scenario, with what it relocates. */
export interface KnownVillage extends RelocatingVillage {
  name: string
  relocationPopulation: number | null
  relocationPoorHouseholds: number | null
}

export const sitingApi = {
  evaluate: (body: SiteRequestBody, signal?: AbortSignal) => call('POST /api/analysis/site', { body, signal }),
  list: (county: string) => call('GET /api/scenarios', { query: { county } }),
  get: (id: number) => call('GET /api/scenarios/:id', { path: { id } }),
  remove: (id: number) => call('DELETE /api/scenarios/:id', { path: { id } }),
  duplicate: (id: number, name: string) => call('POST /api/scenarios/:id/duplicate', { path: { id }, body: { name } }),
  compare: (ids: number[]) => call('GET /api/scenarios/compare', { query: { ids: ids.join(',') } }),
  export: (id: number) => download('GET /api/scenarios/:id/export', { path: { id } }),
  promote: (id: number, key: string) => call('POST /api/scenarios/:id/sites/:key/promote', { path: { id, key } }),
}

/** The siting workspace: candidates C1…C5, their evaluations, the village assignments and the open scenario. */
export const useSitingStore = defineStore('siting', () => {
  const candidates = ref<Candidate[]>([])
  const activeKey = ref<string | null>(null)
  const assignments = ref<Assignment[]>([])
  const mode = ref<SitingMode>('idle')
  const metric = ref<DistanceMetric>('straight')
  /** Per-evaluation overrides of the settings (sent in the request, not saved). */
  const weightOverrides = ref<Partial<Record<Factor, number>>>({})
  const limitOverrides = ref<Partial<Record<LimitKey, number>>>({})

  const settings = shallowRef<Setting[]>([])
  const settingsState = ref<LoadState>('idle')
  const settingsError = shallowRef<ApiError | null>(null)
  const county = ref<string | null>(null)

  /** The scenario the candidates were saved to or opened from. */
  const scenario = shallowRef<ScenarioDetail | null>(null)
  /** Changed since the scenario was saved or opened. */
  const dirty = ref(false)
  /** The scenario name as typed in the scenarios tab. */
  const draftName = ref('')

  /** Where this account's session of this county is kept in the browser (null until resumed). */
  const sessionStorageKey = ref<string | null>(null)
  /** The session on screen came back from the browser's storage with unsaved changes. */
  const restored = ref(false)
  /** The browser keeps the session (false: storage refused, leaving the page would lose it). */
  const kept = ref(true)

  const active = computed(() => candidates.value.find((c) => c.key === activeKey.value) ?? null)
  const canAddCandidate = computed(() => candidates.value.length < MAX_CANDIDATES)

  function settingValue(key: string): number | null {
    const v = settings.value.find((s) => s.key === key)?.value
    return typeof v === 'number' ? v : null
  }
  /** The county's value of a setting, or the national default while the settings load. */
  const inForce: SettingLookup = (key: NumberSettingKey) => settingValue(key) ?? settingDefault(key)
  const defaultRadiusM = computed(() => inForce('siting.catchmentRadiusM'))
  /** The open scenario's standards (as the server computed it with), else the county's settings. */
  const standards = computed(() => scenario.value?.standards ?? relocationStandards(inForce))
  const floorAreaPerPersonM2 = computed(() => standards.value.floorAreaPerPersonM2)
  const rates = computed(() => subsidyRates(standards.value))

  const loads = computed(() => loadBySite(assignments.value))

  const layers = useLayerStore()
  /** A village's relocation figures as the villages layer on the map has them. */
  function layerVillage(code: string): KnownVillage | null {
    const p = layers.find('villages', code)?.properties
    if (!p) return null
    const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
    return {
      code, name: typeof p.name === 'string' ? p.name : code,
      relocationHouseholds: n(p.relocationHouseholds), relocationPopulation: n(p.relocationPopulation), relocationPoorHouseholds: n(p.relocationPoorHouseholds),
    }
  }

  /**
   * Relocating households of every village assigned or seen in a catchment or a scenario, for the
   * over-assignment warning: the server's figures where a catchment or the scenario has them, else the
   * villages layer's. A village that drops out of every catchment (by road, a candidate off the
   * network) keeps its figures: it still relocates what it relocates.
   */
  const knownVillages = computed(() => {
    const out = new Map<string, KnownVillage>()
    for (const a of assignments.value) {
      const v = layerVillage(a.villageCode)
      if (v) out.set(v.code, v)
    }
    for (const v of scenario.value?.villages ?? []) out.set(v.code, v)
    for (const c of candidates.value) {
      for (const v of c.evaluation?.catchment.villages ?? []) out.set(v.code, v)
    }
    return out
  })
  /** Villages with more households assigned than relocate; one whose figures are not known yet is not judged. */
  const overAssigned = computed(() => overAssignedVillages(assignments.value.filter((a) => knownVillages.value.has(a.villageCode)), knownVillages.value))

  async function loadSettings(code: string): Promise<void> {
    county.value = code
    settingsState.value = 'loading'
    settingsError.value = null
    try {
      settings.value = await settingsApi.list(code)
      settingsState.value = 'done'
    } catch (err) {
      settingsError.value = toApiError(err)
      settingsState.value = 'error'
    }
  }

  // Evaluation: one request in flight per candidate, the older one aborted; changes debounced.
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const controllers = new Map<string, AbortController>()

  function requestBody(c: Candidate): SiteRequestBody {
    const capacity = Object.fromEntries(Object.entries(c.capacity).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)))
    const body: SiteRequestBody = { geometry: c.geometry, radiusM: c.radiusM, metric: metric.value }
    if (Object.keys(capacity).length) body.capacity = capacity
    if (Object.keys(weightOverrides.value).length) body.weights = { ...weightOverrides.value }
    if (Object.keys(limitOverrides.value).length) body.limits = { ...limitOverrides.value }
    return body
  }

  function patch(key: string, change: Partial<Candidate>): void {
    candidates.value = candidates.value.map((c) => (c.key === key ? { ...c, ...change } : c))
  }

  async function evaluate(key: string): Promise<void> {
    const c = candidates.value.find((x) => x.key === key)
    if (!c) return
    controllers.get(key)?.abort()
    const controller = new AbortController()
    controllers.set(key, controller)
    patch(key, { state: 'loading', error: null })
    try {
      const evaluation = await sitingApi.evaluate(requestBody(c), controller.signal)
      if (controllers.get(key) !== controller) return
      patch(key, { state: 'done', evaluation: markRaw(evaluation), error: null })
    } catch (err) {
      if (isAbort(err) || controllers.get(key) !== controller) return
      patch(key, { state: 'error', evaluation: null, error: toApiError(err) })
    }
  }

  function scheduleEvaluate(key: string, delay = EVALUATE_DELAY_MS): void {
    clearTimeout(timers.get(key))
    patch(key, { state: 'loading' })
    timers.set(key, setTimeout(() => {
      timers.delete(key)
      void evaluate(key)
    }, delay))
  }

  function evaluateAll(): void {
    for (const c of candidates.value) scheduleEvaluate(c.key, 0)
  }

  function addCandidate(geometry: SiteGeometry, options: { siteCode?: string; name?: string } = {}): Candidate | null {
    const key = nextCandidateKey(candidates.value.map((c) => c.key))
    if (!key) return null
    const candidate: Candidate = {
      key, name: options.name ?? key, geometry, siteCode: options.siteCode ?? null, radiusM: defaultRadiusM.value,
      capacity: { households: null, population: null, floorAreaM2: null }, state: 'idle', evaluation: null, error: null,
    }
    candidates.value = [...candidates.value, candidate]
    activeKey.value = key
    dirty.value = true
    void evaluate(key)
    return candidate
  }

  /** Moves a candidate (placing again, dragging): the ring previews at once, the figures follow. */
  function moveCandidate(key: string, geometry: SiteGeometry): void {
    const c = candidates.value.find((x) => x.key === key)
    if (!c || c.siteCode) return
    patch(key, { geometry })
    dirty.value = true
    scheduleEvaluate(key)
  }

  function updateCandidate(key: string, change: Partial<Pick<Candidate, 'name' | 'radiusM' | 'capacity'>>): void {
    patch(key, change)
    dirty.value = true
    if (change.radiusM !== undefined || change.capacity !== undefined) scheduleEvaluate(key)
  }

  function removeCandidate(key: string): void {
    clearTimeout(timers.get(key))
    controllers.get(key)?.abort()
    candidates.value = candidates.value.filter((c) => c.key !== key)
    assignments.value = assignments.value.filter((a) => a.siteKey !== key)
    if (activeKey.value === key) activeKey.value = candidates.value[0]?.key ?? null
    dirty.value = true
  }

  function setMetric(value: DistanceMetric): void {
    metric.value = value
    evaluateAll()
  }

  function setOverrides(weights: Partial<Record<Factor, number>>, limits: Partial<Record<LimitKey, number>>): void {
    weightOverrides.value = weights
    limitOverrides.value = limits
    evaluateAll()
  }

  // Assignments: one row per village and candidate.
  function assignmentOf(villageCode: string, siteKey: string): Assignment | null {
    return assignments.value.find((a) => a.villageCode === villageCode && a.siteKey === siteKey) ?? null
  }

  /** Assigns a whole village (all its relocating households and persons) to a candidate. */
  function assignWhole(villageCode: string, siteKey: string): void {
    const v = knownVillages.value.get(villageCode)
    const row: Assignment = {
      villageCode, siteKey,
      households: v?.relocationHouseholds ?? 0,
      persons: v?.relocationPopulation ?? 0,
      poorHouseholds: Math.min(v?.relocationPoorHouseholds ?? 0, v?.relocationHouseholds ?? 0),
    }
    assignments.value = [...assignments.value.filter((a) => !(a.villageCode === villageCode && a.siteKey === siteKey)), row]
    dirty.value = true
  }

  function unassign(villageCode: string, siteKey: string): void {
    assignments.value = assignments.value.filter((a) => !(a.villageCode === villageCode && a.siteKey === siteKey))
    dirty.value = true
  }

  function toggleAssignment(villageCode: string, siteKey: string): void {
    if (assignmentOf(villageCode, siteKey)) unassign(villageCode, siteKey)
    else assignWhole(villageCode, siteKey)
  }

  /** Part of a village: households and persons as typed (poor households kept within the households). */
  function setAssignmentPart(villageCode: string, siteKey: string, part: { households?: number; persons?: number }): void {
    assignments.value = assignments.value.map((a) => {
      if (a.villageCode !== villageCode || a.siteKey !== siteKey) return a
      const households = Math.max(0, Math.round(part.households ?? a.households))
      const persons = Math.max(0, Math.round(part.persons ?? a.persons))
      return { ...a, households, persons, poorHouseholds: Math.min(a.poorHouseholds, households) }
    })
    dirty.value = true
  }

  // Scenarios.
  function content(name: string): { name: string; sites: ScenarioSiteInput[]; assignments: AssignmentInput[] } {
    return {
      name,
      sites: candidates.value.map((c) => {
        const site: ScenarioSiteInput = { key: c.key, name: c.name.trim() || c.key, radiusM: c.radiusM }
        if (c.siteCode) site.siteCode = c.siteCode
        else site.geometry = c.geometry
        if (c.capacity.households !== null) site.capacityHouseholds = c.capacity.households
        if (c.capacity.population !== null) site.capacityPopulation = c.capacity.population
        if (c.capacity.floorAreaM2 !== null) site.floorAreaM2 = c.capacity.floorAreaM2
        return site
      }),
      assignments: assignments.value.map((a) => ({ villageCode: a.villageCode, siteKey: a.siteKey, households: a.households, persons: a.persons, poorHouseholds: a.poorHouseholds })),
    }
  }

  /** Saves as a new scenario (POST), or the open one (PUT with its version). Throws the server's ApiError. */
  async function save(name: string, asNew = false): Promise<ScenarioDetail> {
    if (!county.value) throw new Error('no county')
    const detail = scenario.value && !asNew
      ? await call('PUT /api/scenarios/:id', { path: { id: scenario.value.id }, body: { ...content(name), version: scenario.value.version } })
      : await call('POST /api/scenarios', { body: { ...content(name), countyCode: county.value } })
    scenario.value = markRaw(detail)
    dirty.value = false
    restored.value = false
    draftName.value = detail.name
    return detail
  }

  /** Opens a scenario: its candidates and assignments replace those on screen. */
  function open(detail: ScenarioDetail): void {
    for (const t of timers.values()) clearTimeout(t)
    for (const c of controllers.values()) c.abort()
    timers.clear()
    controllers.clear()
    scenario.value = markRaw(detail)
    candidates.value = detail.sites.filter((s) => s.geometry).slice(0, MAX_CANDIDATES).map((s) => ({
      key: s.key, name: s.name, geometry: s.geometry!, siteCode: s.siteCode, radiusM: s.radiusM ?? defaultRadiusM.value,
      capacity: { households: s.capacityHouseholds, population: s.capacityPopulation, floorAreaM2: s.floorAreaM2 },
      state: 'idle' as LoadState, evaluation: null, error: null,
    }))
    const keys = new Set(candidates.value.map((c) => c.key))
    assignments.value = detail.assignments.filter((a) => keys.has(a.siteKey)).map((a) => ({
      villageCode: a.villageCode, siteKey: a.siteKey, households: a.households, persons: a.persons, poorHouseholds: a.poorHouseholds,
    }))
    activeKey.value = candidates.value[0]?.key ?? null
    dirty.value = false
    restored.value = false
    draftName.value = detail.name
    evaluateAll()
  }

  /** The scenario was deleted or another county chosen: keep the candidates, forget the link. */
  function forgetScenario(): void {
    scenario.value = null
    dirty.value = candidates.value.length > 0
  }

  function setScenario(detail: ScenarioDetail): void {
    scenario.value = markRaw(detail)
  }

  function clear(): void {
    for (const t of timers.values()) clearTimeout(t)
    for (const c of controllers.values()) c.abort()
    timers.clear()
    controllers.clear()
    candidates.value = []
    assignments.value = []
    activeKey.value = null
    scenario.value = null
    dirty.value = false
    draftName.value = ''
    restored.value = false
    mode.value = 'idle'
  }

  // The session in the browser: written on every change, read back when the workspace opens.
  function snapshot(): StoredSession {
    return {
      version: SESSION_VERSION,
      candidates: candidates.value.map((c) => ({ key: c.key, name: c.name, geometry: c.geometry, siteCode: c.siteCode, radiusM: c.radiusM, capacity: { ...c.capacity } })),
      activeKey: activeKey.value,
      assignments: assignments.value.map((a) => ({ ...a })),
      metric: metric.value,
      weightOverrides: { ...weightOverrides.value },
      limitOverrides: { ...limitOverrides.value },
      scenario: scenario.value,
      dirty: dirty.value,
      draftName: draftName.value,
    }
  }

  watch([candidates, activeKey, assignments, metric, weightOverrides, limitOverrides, scenario, dirty, draftName], () => {
    const key = sessionStorageKey.value
    if (!key) return
    const session = snapshot()
    if (isEmptySession(session)) {
      removeStored(key)
      kept.value = true
    } else {
      kept.value = writeStored(key, session)
    }
  })

  /**
   * Takes up this account's session of a county where it was left: its candidates (evaluated again),
   * assignments, parameters, open scenario and unsaved state. Nothing happens when it is on screen already.
   */
  function resume(userId: number, countyCode: string): void {
    const key = sessionKey(userId, countyCode)
    if (sessionStorageKey.value === key) return
    sessionStorageKey.value = null
    clear()
    weightOverrides.value = {}
    limitOverrides.value = {}
    metric.value = 'straight'
    const stored = readStored<StoredSession | null>(key, isStoredSession, null)
    if (stored) {
      const keys = new Set<string>()
      candidates.value = stored.candidates.filter((c) => !keys.has(c.key) && keys.add(c.key)).slice(0, MAX_CANDIDATES).map((c) => ({
        ...c, capacity: { ...c.capacity }, state: 'idle' as LoadState, evaluation: null, error: null,
      }))
      assignments.value = stored.assignments.filter((a) => keys.has(a.siteKey))
      activeKey.value = stored.activeKey && keys.has(stored.activeKey) ? stored.activeKey : candidates.value[0]?.key ?? null
      metric.value = stored.metric
      weightOverrides.value = stored.weightOverrides
      limitOverrides.value = stored.limitOverrides
      scenario.value = stored.scenario ? markRaw(stored.scenario) : null
      dirty.value = stored.dirty
      draftName.value = stored.draftName
      restored.value = stored.dirty && candidates.value.length > 0
      evaluateAll()
    }
    sessionStorageKey.value = key
  }

  /** Nobody signed in: the screen forgets the session, the browser keeps it for the account's return. */
  function leave(): void {
    sessionStorageKey.value = null
    clear()
  }

  return {
    candidates, activeKey, active, assignments, mode, metric, weightOverrides, limitOverrides, settings, settingsState,
    settingsError, county, scenario, dirty, draftName, restored, kept, canAddCandidate, defaultRadiusM, standards, floorAreaPerPersonM2, subsidyRates: rates,
    loads, knownVillages, overAssigned,
    settingValue, inForce, loadSettings, evaluate, scheduleEvaluate, evaluateAll, addCandidate, moveCandidate, updateCandidate,
    removeCandidate, setMetric, setOverrides, assignmentOf, assignWhole, unassign, toggleAssignment, setAssignmentPart,
    save, open, forgetScenario, setScenario, clear, resume, leave, anchorOf: (c: Candidate) => siteAnchor(c.geometry),
  }
})
