// Names and values of an audited change in words: property labels of a layer, roles, regions, settings.
import { useI18n } from 'vue-i18n'
import { isLayerName } from '../../core/format/layers'
import type { PropertyChange } from '../domain/changes'
import { useFormat } from './useFormat'
import { useRegionOptions } from './useRegionOptions'

export function useChangeText() {
  const { t, te } = useI18n()
  const format = useFormat()
  const { regionLabel } = useRegionOptions()

  function entityName(entity: string): string {
    if (isLayerName(entity)) return format.layerName(entity)
    return te(`audit.entities.${entity}`) ? t(`audit.entities.${entity}`) : entity
  }

  function label(entity: string, name: string): string {
    if (name === 'geometry') return t('history.geometry')
    if (isLayerName(entity)) return format.propLabel(entity, name)
    const key = `audit.fields.${name}`
    return te(key) ? t(key) : name
  }

  function value(entity: string, change: PropertyChange, side: 'before' | 'after'): string {
    const raw = change[side]
    if (raw === null || raw === undefined || raw === '') return t('history.empty')
    if (change.name === 'geometry') return t('history.geometryValue')
    // A password change records what happened to it ('changed', 'reset', '***'), never the password.
    if (change.name === 'password' && typeof raw === 'string') return t(`audit.passwordValues.${te(`audit.passwordValues.${raw}`) ? raw : 'hidden'}`)
    if (isLayerName(entity)) return format.value(entity, change.name, raw) ?? t('history.empty')
    if (change.name === 'role' && typeof raw === 'string' && te(`roles.${raw}`)) return t(`roles.${raw}`)
    if (change.name === 'regionCode' && typeof raw === 'string') return regionLabel(raw)
    if (typeof raw === 'boolean') return format.bool(raw)
    if (typeof raw === 'string') return raw
    if (typeof raw === 'number') return String(raw)
    return JSON.stringify(raw)
  }

  function action(action: string): string {
    return te(`history.actions.${action}`) ? t(`history.actions.${action}`) : action
  }

  return { entityName, label, value, action }
}
