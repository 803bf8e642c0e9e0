// The regions an admin may give an account: the county on screen and its townships, within the admin's own region.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useCountyStore } from '../stores/counties'
import { useLayerStore } from '../stores/layers'
import { useSessionStore } from '../stores/session'

export interface RegionOption {
  code: string
  label: string
}

export function useRegionOptions() {
  const { t } = useI18n()
  const layers = useLayerStore()
  const counties = useCountyStore()
  const session = useSessionStore()

  /** Names of every county and township the app knows, by code. */
  const names = computed(() => {
    const out = new Map<string, string>()
    for (const c of counties.list) out.set(c.code, c.name)
    for (const f of layers.collections.regions?.features ?? []) {
      if (f.properties.level === 'county' || f.properties.level === 'township') out.set(f.properties.code, String(f.properties.name ?? f.properties.code))
    }
    return out
  })

  function regionLabel(code: string): string {
    if (code === '') return t('user.allRegions')
    const name = names.value.get(code)
    return name ? `${name}(${code})` : code
  }

  const options = computed<RegionOption[]>(() => {
    const own = session.user?.regionCode ?? null
    if (own === null) return []
    const codes = [...names.value.keys()].filter((c) => c.startsWith(own)).sort()
    const out = own === '' ? [{ code: '', label: regionLabel('') }] : []
    return [...out, ...codes.map((code) => ({ code, label: regionLabel(code) }))]
  })

  return { options, regionLabel }
}
