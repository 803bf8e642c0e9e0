// Who may change siting scenarios: planners and admins (the server checks every write regardless).
import { computed } from 'vue'
import { useSessionStore } from '../../stores/session'

export function useSitingAccess() {
  const session = useSessionStore()
  const canPlan = computed(() => session.user?.role === 'planner' || session.user?.role === 'admin')
  const canPromote = computed(() => canPlan.value && session.writableLayers.includes('sites'))
  const canEditSettings = computed(() => session.canEditSettings)
  return { canPlan, canPromote, canEditSettings }
}
