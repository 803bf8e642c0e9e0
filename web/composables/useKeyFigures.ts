// The few figures that describe a feature at a glance: shared by the popup and the card.
import { useI18n } from 'vue-i18n'
import type { LayerName } from '../../core/format/layers'
import type { PropertyRow } from '../base/property_row'
import { povertyIncidencePct, villagePovertyState } from '../domain/village'
import { KEY_FIGURES } from '../format/property_kinds'
import type { FeatureProps } from '../http/types'
import { useFormat } from './useFormat'

export function useKeyFigures() {
  const { t } = useI18n()
  const format = useFormat()

  return function keyFigures(layer: LayerName, props: FeatureProps): PropertyRow[] {
    const rows: PropertyRow[] = []
    for (const name of KEY_FIGURES[layer]) {
      const value = format.value(layer, name, props[name])
      if (value !== null) rows.push({ key: name, label: format.propLabel(layer, name), value })
    }
    if (layer === 'villages') {
      const incidence = povertyIncidencePct(props)
      if (incidence !== null) {
        rows.push({
          key: 'povertyIncidence',
          label: t('card.povertyIncidence'),
          value: format.percent(incidence),
          hint: t('card.povertyIncidenceHint'),
        })
      }
      rows.push({ key: 'povertyState', label: t('card.state'), value: t(`villageState.${villagePovertyState(props)}`) })
    }
    return rows
  }
}
