import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Workspace } from '../url/url_state'

/** The tabs of the Data workspace, in the order shown; which ones a user sees depends on the role. */
export const DATA_TABS = ['import', 'export', 'settings', 'users', 'tokens', 'audit'] as const
export type DataTab = (typeof DATA_TABS)[number]

export const useWorkspaceStore = defineStore('workspace', () => {
  const current = ref<Workspace>('map')
  /** The Data workspace's tab; null until one is chosen (the first the user may use). */
  const dataTab = ref<DataTab | null>(null)
  function open(workspace: Workspace): void {
    current.value = workspace
  }
  function openDataTab(tab: DataTab): void {
    dataTab.value = tab
  }
  return { current, dataTab, open, openDataTab }
})
