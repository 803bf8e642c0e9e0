// Why a place has no distance along the roads, said in the reader's language: the route's reason is a
// code of the `network` messages, its distance the setting network.maxConnectorM of the county.
import type { UnreachableReason } from '../../../core/contract/analysis'
import { msg } from '../../../core/messages/catalogue'
import { useSay } from '../../i18n/say'
import { useSitingStore } from './store'

export function useUnreachable() {
  const { say } = useSay()
  const siting = useSitingStore()
  return (reason: UnreachableReason): string => say(reason === 'no_road_nearby'
    ? msg('network.no_road_nearby', { maxConnectorM: siting.inForce('network.maxConnectorM') })
    : msg('network.not_connected'))
}
