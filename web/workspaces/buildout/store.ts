import type { Geometry } from 'geojson'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { getJson, request, toApiError, type ApiError } from '../../http/client'
import {
  filterProjects, sortProjects, type ProgressEntry, type ProjectDetail, type ProjectRow, type ProjectStatus,
  type ProjectSummary, type ProjectType, type SortKey,
} from './projects'
import { useCountyStore } from '../../stores/counties'
import { useLayerStore } from '../../stores/layers'
import type { LoadState } from '../../stores/load_state'
import { useSelectionStore } from '../../stores/selection'

const enc = encodeURIComponent

/** The projects API, typed (api/routes/projects.ts). */
export const buildoutApi = {
  list: (region: string) => getJson<ProjectRow[]>(`/api/projects?region=${enc(region)}`),
  summary: (region: string, type: ProjectType | '') =>
    getJson<ProjectSummary>(`/api/projects/summary?region=${enc(region)}${type ? `&type=${type}` : ''}`),
  detail: (layer: ProjectType, code: string) => getJson<ProjectDetail>(`/api/projects/${layer}/${enc(code)}`),
  progress: (layer: ProjectType, code: string, entry: ProgressEntry) =>
    request<ProjectDetail>('POST', `/api/projects/${layer}/${enc(code)}/progress`, { json: entry }),
  patch: (layer: ProjectType, code: string, body: { version: number; properties?: Record<string, unknown>; geometry?: Geometry | null }) =>
    request<ProjectDetail>('PATCH', `/api/projects/${layer}/${enc(code)}`, { json: body }),
  addFunding: (layer: ProjectType, code: string, body: { version: number; source: string; amountCny: number }) =>
    request<ProjectDetail>('POST', `/api/projects/${layer}/${enc(code)}/funding`, { json: body }),
  removeFunding: (layer: ProjectType, code: string, id: number, version: number) =>
    request<ProjectDetail>('DELETE', `/api/projects/${layer}/${enc(code)}/funding/${id}?version=${version}`),
  split: (code: string, version: number, point: [number, number], newCode?: string) =>
    request<{ parts: [ProjectDetail, ProjectDetail] }>('POST', `/api/projects/roads/${enc(code)}/split`, { json: { version, point, ...(newCode ? { newCode } : {}) } }),
  create: (layer: ProjectType, properties: Record<string, unknown>, geometry: Geometry | null) =>
    request<{ inserted: number; updated: number }>('POST', `/api/layers/${layer}/import`, {
      json: { type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] },
    }),
  remove: (layer: ProjectType, code: string) => request<unknown>('DELETE', `/api/layers/${layer}/${enc(code)}`),
}

export type BuildoutTab = 'projects' | 'rollup'

/** The Build-out workspace: the county's projects, the table's filters, the rollup and the open project. */
export const useBuildoutStore = defineStore('buildout', () => {
  const counties = useCountyStore()
  const layers = useLayerStore()
  const selection = useSelectionStore()

  const tab = ref<BuildoutTab>('projects')
  /** The county or one of its townships: filters the table and scopes the rollup. */
  const region = ref<string>('')
  const type = ref<ProjectType | ''>('')
  const status = ref<ProjectStatus | ''>('')
  const overdueOnly = ref(false)
  const text = ref('')
  const sortKey = ref<SortKey>('township')
  const sortDirection = ref<'asc' | 'desc'>('asc')

  const rows = shallowRef<ProjectRow[]>([])
  const listState = ref<LoadState>('idle')
  const listError = shallowRef<ApiError | null>(null)
  let listRun = 0

  const county = computed(() => counties.currentCode ?? '')
  const township = computed(() => (region.value.length === 9 ? region.value : ''))

  const visibleRows = computed(() => sortProjects(
    filterProjects(rows.value, { type: type.value, township: township.value, status: status.value, overdueOnly: overdueOnly.value, text: text.value }),
    sortKey.value, sortDirection.value))

  function sortBy(key: SortKey): void {
    if (sortKey.value === key) sortDirection.value = sortDirection.value === 'asc' ? 'desc' : 'asc'
    else {
      sortKey.value = key
      sortDirection.value = 'asc'
    }
  }

  async function loadList(): Promise<void> {
    const code = county.value
    if (!code) return
    const id = ++listRun
    listState.value = 'loading'
    listError.value = null
    try {
      const answer = await buildoutApi.list(code)
      if (id !== listRun) return
      rows.value = answer
      listState.value = 'done'
    } catch (err) {
      if (id !== listRun) return
      listError.value = toApiError(err)
      listState.value = 'error'
    }
  }

  // ---- the open project: the shared selection, when it is a project -------------------------
  const openRef = computed(() => {
    const s = selection.selected
    return s && (s.layer === 'sites' || s.layer === 'roads' || s.layer === 'water') ? { layer: s.layer as ProjectType, code: s.code } : null
  })
  const detail = shallowRef<ProjectDetail | null>(null)
  const detailState = ref<LoadState>('idle')
  const detailError = shallowRef<ApiError | null>(null)
  let detailRun = 0

  async function loadDetail(): Promise<void> {
    const open = openRef.value
    const id = ++detailRun
    if (!open) {
      detail.value = null
      detailState.value = 'idle'
      return
    }
    detailState.value = 'loading'
    detailError.value = null
    try {
      const answer = await buildoutApi.detail(open.layer, open.code)
      if (id !== detailRun) return
      detail.value = answer
      detailState.value = 'done'
    } catch (err) {
      if (id !== detailRun) return
      detailError.value = toApiError(err)
      detailState.value = 'error'
    }
  }

  /** After a change saved on the server: the answer becomes the open project; the list, rollup and map follow. */
  async function applyChange(layer: ProjectType, next: ProjectDetail | null): Promise<void> {
    if (next) {
      detail.value = next
      detailState.value = 'done'
    }
    summaryStamp.value++
    await Promise.all([loadList(), layers.retry(layer)])
    // The map's copy of the feature (for the highlight) comes from the reloaded layer.
    if (openRef.value) selection.retry()
  }

  function open(row: Pick<ProjectRow, 'layer' | 'code'>): void {
    selection.select({ layer: row.layer, code: row.code })
  }

  /** Bumped after every change, so that the rollup loads again. */
  const summaryStamp = ref(0)

  watch(county, (code) => {
    region.value = code
    if (code) void loadList()
  }, { immediate: true })
  watch(() => openRef.value && `${openRef.value.layer}/${openRef.value.code}`, () => void loadDetail(), { immediate: true })

  return {
    tab, region, type, status, overdueOnly, text, sortKey, sortDirection, rows, listState, listError, county, township,
    visibleRows, openRef, detail, detailState, detailError, summaryStamp,
    sortBy, loadList, loadDetail, applyChange, open,
  }
})
