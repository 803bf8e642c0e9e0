import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { BBox } from '../http/types'
import type { MapView, Workspace } from '../url/url_state'

/** A request from the rest of the app to move the map. */
export type MoveRequest =
  | { kind: 'fit'; bbox: BBox; animate: boolean }
  | { kind: 'view'; view: MapView }

/**
 * The map's current view, and requests to move it. Each workspace keeps the view the user left it
 * at (a workspace opened for the first time frames its subject instead: TheMap.vue); a print view
 * holds the camera while it renders its own frame, and the views it passes through are not the
 * user's.
 */
export const useMapViewStore = defineStore('mapView', () => {
  const view = ref<MapView | null>(null)
  const moveRequest = shallowRef<MoveRequest | null>(null)
  /** True while a print view has the camera: moves are neither recorded nor put in the address. */
  const held = ref(false)
  const byWorkspace = new Map<Workspace, MapView>()

  function setView(next: MapView): void {
    view.value = next
  }

  function fitTo(bbox: BBox, animate = true): void {
    moveRequest.value = { kind: 'fit', bbox, animate }
  }

  function jumpTo(next: MapView): void {
    moveRequest.value = { kind: 'view', view: next }
  }

  function remember(workspace: Workspace, at: MapView): void {
    byWorkspace.set(workspace, at)
  }

  function recall(workspace: Workspace): MapView | null {
    return byWorkspace.get(workspace) ?? null
  }

  /** Another county: the views left in each workspace were of the last one. */
  function forgetViews(): void {
    byWorkspace.clear()
  }

  function hold(on: boolean): void {
    held.value = on
  }

  return { view, moveRequest, held, setView, fitTo, jumpTo, remember, recall, forgetViews, hold }
})
