import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Workspace } from '../url/url_state'

export const useWorkspaceStore = defineStore('workspace', () => {
  const current = ref<Workspace>('map')
  function open(workspace: Workspace): void {
    current.value = workspace
  }
  return { current, open }
})
