// Keeps the address in step with the workspace, county, selection and map view.
import { onBeforeUnmount, watch } from 'vue'
import { useCountyStore } from '../stores/counties'
import { useMapViewStore } from '../stores/map_view'
import { useSelectionStore } from '../stores/selection'
import { useWorkspaceStore } from '../stores/workspace'
import { formatUrlState, parseUrlState, type UrlState } from '../url/url_state'

export function useUrlSync(): void {
  const workspace = useWorkspaceStore()
  const counties = useCountyStore()
  const selection = useSelectionStore()
  const mapView = useMapViewStore()

  function apply(state: UrlState): void {
    workspace.open(state.workspace)
    if (state.county) counties.choose(state.county)
    if (state.view) mapView.setView(state.view)
    if (state.selection) selection.select(state.selection)
    else selection.clear()
  }

  function current(): UrlState {
    return {
      workspace: workspace.current,
      county: counties.currentCode,
      selection: selection.selected,
      view: mapView.view,
    }
  }

  apply(parseUrlState(window.location.hash))

  let writing = false
  watch(current, (state) => {
    const hash = formatUrlState(state)
    if (hash === window.location.hash) return
    writing = true
    history.replaceState(history.state, '', hash)
    writing = false
  }, { deep: true })

  // Someone edited the address or pasted a link into this tab.
  const onHashChange = () => {
    if (writing) return
    const state = parseUrlState(window.location.hash)
    apply(state)
    if (state.view) mapView.jumpTo(state.view)
  }
  window.addEventListener('hashchange', onHashChange)
  onBeforeUnmount(() => window.removeEventListener('hashchange', onHashChange))
}
