// The figures of the county and its townships the map workspace shows (overview, a region's card,
// the print's table by township). Counted from the loaded villages when they are GeoJSON; when the
// map draws them from tiles the browser has no village to count, and they come from the server's
// exit summary of the county (GET /api/exit/summary, by township) instead. Sites are counted from
// their layer while it is loaded as GeoJSON, else (tiles) only the region's total is known.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ExitSummaryAnswer } from '../../../core/contract/exit'
import { call, isAbort, toApiError, type ApiError } from '../../http/client'
import type { LayerFeature } from '../../http/types'
import { useCountyStore } from '../../stores/counties'
import { useLayerStore } from '../../stores/layers'
import type { LoadState } from '../../stores/load_state'
import { tallyByRegion } from './region_tally'

export interface ShownTally {
  villages: number
  poor: number
  exited: number
  population: number
  /** Null when the sites are drawn from tiles and the region is not the one counted. */
  sites: number | null
}

export const useTallyStore = defineStore('mapTallies', () => {
  const layers = useLayerStore()
  const counties = useCountyStore()
  const summary = shallowRef<ExitSummaryAnswer | null>(null)
  const status = ref<LoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  let controller: AbortController | null = null

  const fromServer = computed(() => layers.tiled.villages)

  async function load(county: string): Promise<void> {
    controller?.abort()
    controller = new AbortController()
    status.value = 'loading'
    error.value = null
    try {
      summary.value = await call('GET /api/exit/summary', { query: { region: county }, signal: controller.signal })
      status.value = 'done'
    } catch (err) {
      if (isAbort(err)) return
      error.value = toApiError(err)
      status.value = 'error'
    }
  }

  // Asked again when the villages are loaded again (after an edit: a new tile version).
  watch(() => [fromServer.value, counties.currentCode, layers.tileVersion.villages] as const, ([server, county]) => {
    summary.value = null
    if (server && county) void load(county)
    else {
      controller?.abort()
      status.value = 'idle'
    }
  }, { immediate: true })

  /** Tallies of the regions given (townships or the county), by code; null until they can be counted. */
  function tallies(regions: readonly LayerFeature[]): Map<string, ShownTally> | null {
    const sites = layers.collections.sites?.features
    if (!fromServer.value) {
      const villages = layers.collections.villages?.features
      if (!villages) return null
      const counted = tallyByRegion(regions, villages, sites ?? [])
      return new Map([...counted].map(([code, t]) => [code, { ...t, sites: sites ? t.sites : null }]))
    }
    const answer = summary.value
    if (!answer) return null
    const bySites = sites ? tallyByRegion(regions, [], sites) : null
    const out = new Map<string, ShownTally>()
    for (const region of regions) {
      const code = String(region.properties.code)
      const rollup = answer.region.code === code ? answer.region : answer.groups.find((g) => g.code === code)
      out.set(code, {
        villages: rollup?.villages ?? 0,
        poor: rollup?.poorVillages ?? 0,
        exited: rollup?.exitedPoorVillages ?? 0,
        population: rollup?.population ?? 0,
        sites: bySites ? bySites.get(code)?.sites ?? 0 : answer.region.code === code ? layers.counts.sites ?? null : null,
      })
    }
    return out
  }

  return { summary, status, error, fromServer, tallies }
})
