// The extent a view or a report frames: a region by its code (the county from the list of counties,
// a township from the regions layer), and the subject of the county on screen, which is the area
// an account scoped below its county looks after (its township, or its village's township), else
// the county.
import { bbox as turfBbox } from '@turf/turf'
import { computed } from 'vue'
import type { BBox } from '../http/types'
import { useCountyStore } from '../stores/counties'
import { useLayerStore } from '../stores/layers'
import { useSessionStore } from '../stores/session'

export function useRegionFrame() {
  const counties = useCountyStore()
  const layers = useLayerStore()
  const session = useSessionStore()

  /** A county's or township's extent; null when it is not known (yet). */
  function bboxOf(code: string): BBox | null {
    const county = counties.list.find((c) => c.code === code)
    if (county) return county.bbox
    const geometry = layers.find('regions', code)?.geometry
    return geometry ? (turfBbox(geometry) as BBox) : null
  }

  /**
   * The area of the account in the county on screen: undefined while the regions are still loading,
   * null when the account is not scoped below the county.
   */
  const ownArea = computed<BBox | null | undefined>(() => {
    const county = counties.current
    const scope = session.user?.regionCode ?? ''
    if (!county || scope.length <= 6 || !scope.startsWith(county.code)) return null
    const status = layers.status.regions
    if (status === 'idle' || status === 'loading') return undefined
    return bboxOf(scope) ?? bboxOf(scope.slice(0, 9))
  })

  /** What a workspace opened without a view of its own frames: undefined until it is known. */
  const subject = computed<BBox | undefined>(() => {
    const county = counties.current
    if (!county) return undefined
    const area = ownArea.value
    return area === undefined ? undefined : area ?? county.bbox
  })

  /** The code of that subject (the account's township, or the county). */
  const subjectCode = computed<string | null>(() => {
    const county = counties.current
    if (!county) return null
    const scope = session.user?.regionCode ?? ''
    return scope.length > 6 && scope.startsWith(county.code) ? scope.slice(0, 9) : county.code
  })

  return { bboxOf, subject, subjectCode }
}
