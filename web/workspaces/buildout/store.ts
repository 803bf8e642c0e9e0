import type { Geometry } from 'geojson'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ProjectDetail, ProjectRow } from '../../../core/contract/projects'
import type { BodyOf } from '../../../core/contract/routes'
import type { ProjectStatus } from '../../../core/format/layers'
import { isProjectLayer, type ProjectLayer } from '../../../core/projects/layers'
import { call, toApiError, type ApiError } from '../../http/client'
import { filterProjects, homeRegion, sortProjects, type SortKey } from './projects'
import { useCountyNavigation } from '../../composables/useCountyDrill'
import { useCountyStore } from '../../stores/counties'
import { useLayerStore } from '../../stores/layers'
import { useMapViewStore } from '../../stores/map_view'
import type { LoadState } from '../../stores/load_state'
import { useSelectionStore } from '../../stores/selection'
import { useSessionStore } from '../../stores/session'

/** A new entry of a project's progress log, as the form sends it. */
export type ProgressEntry = BodyOf<'POST /api/projects/:layer/:code/progress'>

/** The projects API (core/contract/projects.ts), as the workspace calls it. */
export const buildoutApi = {
  list: (region: string) => call('GET /api/projects', { query: { region } }),
  summary: (region: string, type: ProjectLayer | '') => call('GET /api/projects/summary', { query: { region, type } }),
  detail: (layer: ProjectLayer, code: string) => call('GET /api/projects/:layer/:code', { path: { layer, code } }),
  progress: (layer: ProjectLayer, code: string, entry: ProgressEntry) =>
    call('POST /api/projects/:layer/:code/progress', { path: { layer, code }, body: entry }),
  patch: (layer: ProjectLayer, code: string, body: BodyOf<'PATCH /api/projects/:layer/:code'>) =>
    call('PATCH /api/projects/:layer/:code', { path: { layer, code }, body }),
  addFunding: (layer: ProjectLayer, code: string, body: BodyOf<'POST /api/projects/:layer/:code/funding'>) =>
    call('POST /api/projects/:layer/:code/funding', { path: { layer, code }, body }),
  removeFunding: (layer: ProjectLayer, code: string, id: number, version: number) =>
    call('DELETE /api/projects/:layer/:code/funding/:id', { path: { layer, code, id }, query: { version } }),
  split: (code: string, version: number, point: [number, number], newCode?: string) =>
    call('POST /api/projects/roads/:code/split', { path: { code }, body: { version, point, ...(newCode ? { newCode } : {}) } }),
  /** A new project goes in through the import path, checked like any imported feature. */
  create: (layer: ProjectLayer, properties: Record<string, unknown>, geometry: Geometry | null) =>
    call('POST /api/layers/:layer/import', {
      path: { layer },
      raw: JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] }),
    }),
  remove: (layer: ProjectLayer, code: string) => call('DELETE /api/layers/:layer/:code', { path: { layer, code } }),
}

export type BuildoutTab = 'projects' | 'rollup'

/** The region choice for every county of the instance (the API's region ''). */
export const ALL_COUNTIES = 'all'

/** The Build-out workspace: the county's projects, the table's filters, the rollup and the open project. */
export const useBuildoutStore = defineStore('buildout', () => {
  const counties = useCountyStore()
  const layers = useLayerStore()
  const selection = useSelectionStore()
  const session = useSessionStore()
  const navigation = useCountyNavigation()

  const tab = ref<BuildoutTab>('projects')
  /**
   * The county or one of its townships: filters the table and scopes the rollup. It opens on the
   * account's own township (a township engineer's projects), and keeps what the user chooses after
   * that until the county or the account changes.
   */
  const region = ref<string>('')
  const type = ref<ProjectLayer | ''>('')
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
  /** The region as the API takes it: '' for every county of the instance. */
  const apiRegion = computed(() => (region.value === ALL_COUNTIES ? '' : region.value))
  /** A province or the whole instance: rolled up and listed by county. */
  const isAbove = (code: string) => code === ALL_COUNTIES || code.length === 2
  const aboveCounty = computed(() => isAbove(region.value))
  /** The region the list is read for: the county (its townships filter it here), or the province or instance. */
  const listRegion = computed(() => (aboveCounty.value ? apiRegion.value : county.value))
  /** The province and the whole instance are offered where the account's region covers them. */
  const offersProvince = computed(() => {
    const own = session.user?.regionCode ?? ''
    return county.value !== '' && own.length <= 2 && county.value.startsWith(own)
  })
  const offersInstance = computed(() => (session.user?.regionCode ?? '') === '')

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
    const code = listRegion.value
    if (!county.value) return
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
    return s && isProjectLayer(s.layer) ? { layer: s.layer, code: s.code } : null
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
  async function applyChange(layer: ProjectLayer, next: ProjectDetail | null): Promise<void> {
    if (next) {
      detail.value = next
      detailState.value = 'done'
    }
    summaryStamp.value++
    await Promise.all([loadList(), layers.retry(layer)])
    // The map's copy of the feature (for the highlight) comes from the reloaded layer.
    if (openRef.value) selection.retry()
  }

  /** From a province or the whole instance into one of its counties (by township). */
  function openCounty(code: string): void {
    if (!navigation.enterCounty(code)) return
    region.value = code
  }

  function open(row: Pick<ProjectRow, 'layer' | 'code'>): void {
    selection.select({ layer: row.layer, code: row.code })
  }

  /** Bumped after every change, so that the rollup loads again. */
  const summaryStamp = ref(0)

  /** The account whose region the list opened on: another account opens on its own again. */
  let openedFor: number | undefined
  watch([county, () => session.user?.id], ([code, account], [before]) => {
    if (code !== before || (account !== undefined && account !== openedFor)) region.value = homeRegion(code, session.user?.regionCode ?? '')
    if (account !== undefined) openedFor = account
  }, { immediate: true })
  watch(listRegion, () => void loadList(), { immediate: true })
  // A province or the whole instance frames its counties; back in a county, the county.
  const mapView = useMapViewStore()
  watch(region, (next, before) => {
    if (!isAbove(next) && !isAbove(before)) return
    const extent = isAbove(next) ? counties.extentOf(next === ALL_COUNTIES ? '' : next) : counties.current?.bbox ?? null
    if (extent) mapView.fitTo(extent)
  })
  watch(() => openRef.value && `${openRef.value.layer}/${openRef.value.code}`, () => void loadDetail(), { immediate: true })

  return {
    tab, region, type, status, overdueOnly, text, sortKey, sortDirection, rows, listState, listError, county, township,
    apiRegion, aboveCounty, listRegion, offersProvince, offersInstance, openCounty,
    visibleRows, openRef, detail, detailState, detailError, summaryStamp,
    sortBy, loadList, loadDetail, applyChange, open,
  }
})
