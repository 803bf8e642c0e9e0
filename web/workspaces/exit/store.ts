// The exit dashboard's state: the year and indicator chosen, the county's summary and village states
// for that year, and where the user has drilled to (taken from the shared selection, so that the top
// bar's breadcrumb, the map and this panel always agree).
import { bbox as turfBbox } from '@turf/turf'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { yearInChina } from '../../../core/time/china'
import type { ExitSummaryAnswer, ExitVillage, Indicator, RegionRollup } from './dashboard'
import { settingsApi } from '../../http/api'
import { call, isAbort, toApiError, type ApiError } from '../../http/client'
import type { BBox, Setting } from '../../http/types'
import { useCountyNavigation } from '../../composables/useCountyDrill'
import { useCountyStore } from '../../stores/counties'
import { useLayerStore } from '../../stores/layers'
import type { LoadState } from '../../stores/load_state'
import { useMapViewStore } from '../../stores/map_view'
import { useSelectionStore } from '../../stores/selection'
import { useSessionStore } from '../../stores/session'
import { mayRollUp } from '../../domain/county_scope'

export type ExitLevel = 'county' | 'township' | 'village'

/** What the dashboard rolls up: the county chosen (by township), its province or every county of the instance (by county). */
export type ExitArea = 'county' | 'province' | 'instance'

export const useExitStore = defineStore('exit', () => {
  const counties = useCountyStore()
  const layers = useLayerStore()
  const selection = useSelectionStore()
  const mapView = useMapViewStore()
  const navigation = useCountyNavigation()

  const thisYear = yearInChina()
  const year = ref(thisYear)
  const indicator = ref<Indicator>('exitedShare')
  const session = useSessionStore()
  const area = ref<ExitArea>('county')
  // Another account signed in: back in the county when its region does not reach the area rolled up.
  watch(() => session.user?.regionCode ?? '', (own) => {
    if (!mayRollUp(own, area.value)) area.value = 'county'
  })
  /** The region asked for: the county, its province's two digits, or none (the whole instance). */
  const regionAsked = computed(() => {
    const county = counties.currentCode
    if (!county) return null
    return area.value === 'county' ? county : area.value === 'province' ? county.slice(0, 2) : undefined
  })
  const status = ref<LoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  const summary = shallowRef<ExitSummaryAnswer | null>(null)
  const villages = shallowRef<ExitVillage[]>([])
  const settings = shallowRef<Setting[]>([])
  /** County, year and area of what is loaded. */
  const loadedKey = ref<string | null>(null)
  let latest = 0
  let controller: AbortController | null = null

  async function load(force = false): Promise<void> {
    const county = counties.currentCode
    const region = regionAsked.value
    if (!county || region === null) return
    // County and year first (the print view reads the year from it), then the area.
    const key = `${county}|${year.value}|${area.value}`
    if (!force && key === loadedKey.value && status.value !== 'error') return
    const id = ++latest
    controller?.abort()
    controller = new AbortController()
    const { signal } = controller
    status.value = 'loading'
    error.value = null
    try {
      // The county: the summary and the villages it counts from one judgement. Above it (a province,
      // every county) the summary is counted from the stored judgement and only the county's villages,
      // the ones on the map, come judged one by one.
      const dashboard = region === county
        ? call('GET /api/exit/dashboard', { query: { region, year: year.value }, signal })
        : Promise.all([
          call('GET /api/exit/summary', { query: { region, year: year.value }, signal }),
          call('GET /api/exit/villages', { query: { region: county, year: year.value }, signal }),
        ]).then(([summary, villages]) => ({ summary, villages }))
      const [answer, st] = await Promise.all([
        dashboard,
        // Settings change rarely: once per county.
        settings.value.length && loadedKey.value?.startsWith(`${county}|`) ? Promise.resolve(settings.value) : settingsApi.list(county),
      ])
      if (id !== latest) return
      summary.value = answer.summary
      villages.value = answer.villages
      settings.value = st
      loadedKey.value = key
      status.value = 'done'
    } catch (err) {
      if (id !== latest || isAbort(err)) return
      error.value = toApiError(err)
      status.value = 'error'
    }
  }

  function setYear(next: number): void {
    year.value = next
    void load()
  }

  // ---- Where the user is (from the shared selection) ----

  const villageByCode = computed(() => new Map(villages.value.map((v) => [v.code, v])))

  const village = computed<ExitVillage | null>(() => {
    const ref = selection.selected
    return ref?.layer === 'villages' ? villageByCode.value.get(ref.code) ?? null : null
  })

  const townshipCode = computed<string | null>(() => {
    const ref = selection.selected
    if (!ref) return null
    if (ref.layer === 'villages') {
      return village.value?.townshipCode ?? (typeof selection.feature?.properties.townshipCode === 'string' ? selection.feature.properties.townshipCode : null)
    }
    if (ref.layer === 'regions' && ref.code.length === 9) return ref.code
    if (ref.layer === 'regions' && ref.code.length === 12) return ref.code.slice(0, 9)
    return null
  })

  const level = computed<ExitLevel>(() => (village.value ? 'village' : townshipCode.value ? 'township' : 'county'))

  const township = computed<RegionRollup | null>(() =>
    summary.value?.groups.find((g) => g.code === townshipCode.value) ?? null)

  /** The villages of the township drilled into (all of the county at county level). */
  const villagesInView = computed(() =>
    townshipCode.value ? villages.value.filter((v) => v.townshipCode === townshipCode.value) : villages.value)

  function fitRegion(code: string): void {
    const f = layers.find('regions', code)
    if (f?.geometry) mapView.fitTo(turfBbox(f.geometry) as BBox)
  }

  function openTownship(code: string): void {
    selection.select({ layer: 'regions', code })
    fitRegion(code)
  }

  function openVillage(code: string): void {
    selection.select({ layer: 'villages', code })
  }

  function backToCounty(): void {
    selection.clear()
    const county = counties.current
    if (county) mapView.fitTo(county.bbox)
  }

  /** Rolls up the county, its province or the whole instance. */
  function setArea(next: ExitArea): void {
    if (next === area.value || !mayRollUp(session.user?.regionCode ?? '', next)) return
    area.value = next
    selection.clear()
    void load()
    // Frame the counties rolled up.
    const code = counties.currentCode ?? ''
    const extent = code ? counties.extentOf(next === 'instance' ? '' : next === 'province' ? code.slice(0, 2) : code) : null
    if (extent) mapView.fitTo(extent)
  }

  /** From a province or the whole instance into one county (by township). */
  function openCounty(code: string): void {
    const same = code === counties.currentCode
    if (!navigation.enterCounty(code)) return
    area.value = 'county'
    if (same) void load()
  }

  function setting(key: string): Setting | null {
    return settings.value.find((s) => s.key === key) ?? null
  }

  return {
    thisYear, year, indicator, area, status, error, summary, villages, settings, loadedKey,
    village, townshipCode, township, level, villagesInView,
    load, setYear, setArea, openCounty, openTownship, openVillage, backToCounty, setting,
  }
})
