import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { BASEMAPS, type Basemap } from '../map/basemaps'
import { readStored, writeStored } from './storage'

const KEY = 'fupin.settings'

interface StoredSettings {
  basemap: Basemap
  tiandituKey: string
}

function isStoredSettings(value: unknown): value is StoredSettings {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (BASEMAPS as readonly unknown[]).includes(v.basemap) && typeof v.tiandituKey === 'string'
}

/** Per-browser settings; the basemap is off by default so the app works offline. */
export const useSettingsStore = defineStore('settings', () => {
  const stored = readStored(KEY, isStoredSettings, { basemap: 'none' as Basemap, tiandituKey: '' })
  const basemap = ref<Basemap>(stored.basemap)
  const tiandituKey = ref(stored.tiandituKey)
  /** Tiles of the chosen basemap failed to load (no internet, a wrong key); not stored. */
  const basemapFailed = ref(false)

  watch([basemap, tiandituKey], () => {
    basemapFailed.value = false
    writeStored(KEY, { basemap: basemap.value, tiandituKey: tiandituKey.value })
  })

  return { basemap, tiandituKey, basemapFailed }
})
