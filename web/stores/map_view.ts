import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { BBox } from '../http/types'
import type { MapView } from '../url/url_state'

/** A request from the rest of the app to move the map. */
export type MoveRequest =
  | { kind: 'fit'; bbox: BBox; animate: boolean }
  | { kind: 'view'; view: MapView }

/** The map's current view, and requests to move it. */
export const useMapViewStore = defineStore('mapView', () => {
  const view = ref<MapView | null>(null)
  const moveRequest = shallowRef<MoveRequest | null>(null)

  function setView(next: MapView): void {
    view.value = next
  }

  function fitTo(bbox: BBox, animate = true): void {
    moveRequest.value = { kind: 'fit', bbox, animate }
  }

  function jumpTo(next: MapView): void {
    moveRequest.value = { kind: 'view', view: next }
  }

  return { view, moveRequest, setView, fitTo, jumpTo }
})
