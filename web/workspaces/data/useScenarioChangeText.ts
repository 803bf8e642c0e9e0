// A siting scenario's audit row in words (scenario_changes.ts finds what changed): its name and
// description, its county, its sites and assignments counted, and on an update what was added,
// removed or changed in each list, with the fields of a changed item.
import { useI18n } from 'vue-i18n'
import type { ChangeRow } from '../../base/change_row'
import { useRegionOptions } from '../../composables/useRegionOptions'
import { useLayerStore } from '../../stores/layers'
import { scenarioChanges, type ScenarioItemRef, type ScenarioListChange } from './scenario_changes'

export function useScenarioChangeText() {
  const { t, te } = useI18n()
  const layers = useLayerStore()
  const { regionLabel } = useRegionOptions()

  const list = (parts: string[]) => parts.join(t('data.listSeparator'))
  const fieldName = (name: string) => (te(`audit.scenarioFields.${name}`) ? t(`audit.scenarioFields.${name}`) : name)
  const villageName = (code: string) => String(layers.find('villages', code)?.properties.name ?? code)

  function item(field: ScenarioListChange['field'], ref: ScenarioItemRef): string {
    if (field === 'assignments') return t('audit.scenario.assignment', { village: villageName(ref.key), site: ref.siteKey ?? '' })
    return ref.name && ref.name !== ref.key ? `${ref.key} ${ref.name}` : ref.key
  }

  function count(change: ScenarioListChange, n: number | null): string {
    return n === null ? t('history.empty') : t(`audit.scenario.${change.field}`, { n })
  }

  /** A new or deleted scenario's list: counted, its sites named. */
  function whole(change: ScenarioListChange, refs: ScenarioItemRef[], n: number | null): string {
    if (change.field !== 'sites' || refs.length === 0) return count(change, n)
    return t('audit.scenario.countWith', { count: count(change, n), what: list(refs.map((r) => item(change.field, r))) })
  }

  /** An updated list's new count, then what happened to its items. */
  function updated(change: ScenarioListChange): string {
    const parts: string[] = []
    if (change.added.length) parts.push(t('audit.scenario.added', { items: list(change.added.map((r) => item(change.field, r))) }))
    if (change.removed.length) parts.push(t('audit.scenario.removed', { items: list(change.removed.map((r) => item(change.field, r))) }))
    if (change.changed.length) {
      const items = change.changed.map((r) => t('audit.scenario.itemFields', { item: item(change.field, r), fields: list(r.fields.map(fieldName)) }))
      parts.push(t('audit.scenario.changed', { items: list(items) }))
    }
    return t('audit.scenario.countWith', { count: count(change, change.after), what: parts.join(t('audit.scenario.partSeparator')) })
  }

  /** The rows of a scenario's audit entry, as the Audit tab and its Excel export show them. */
  function rows(before: unknown, after: unknown): ChangeRow[] {
    return scenarioChanges(before, after).map((change) => {
      const label = t(`audit.fields.${change.field}`)
      if (change.kind === 'field') {
        const say = (v: string | null) => (v === null ? t('history.empty') : change.field === 'countyCode' ? regionLabel(v) : v)
        return { key: change.field, label, before: say(change.before), after: say(change.after) }
      }
      if (change.before === null) return { key: change.field, label, before: '', after: whole(change, change.added, change.after) }
      if (change.after === null) return { key: change.field, label, before: whole(change, change.removed, change.before), after: '' }
      return { key: change.field, label, before: count(change, change.before), after: updated(change) }
    })
  }

  return { rows }
}
