// Words and numbers of the exit dashboard (UX.md: percentages with one decimal, 人, 2018年).
import { useI18n } from 'vue-i18n'
import { NOTE_KEYS, criterionKind, type Criterion, type VillageState } from './dashboard'
import type { Setting } from '../../http/types'
import { useFormat } from '../../composables/useFormat'

export function useExitFormat() {
  const { t, te } = useI18n()
  const format = useFormat()

  /** A ratio (0.714) as a percentage with one decimal; "—" when not defined. */
  const ratio = (r: number | null | undefined) => (typeof r === 'number' && Number.isFinite(r) ? format.percent(r * 100) : '—')
  const state = (s: VillageState) => t(`exit.states.${s}`)
  const criterionName = (id: string) => (te(`exit.criteria.${id}`) ? t(`exit.criteria.${id}`) : id)
  const problem = (id: string) => (te(`exit.problems.${id}`) ? t(`exit.problems.${id}`) : id)

  function note(c: Criterion): string {
    const key = NOTE_KEYS[c.note]
    return key ? t(`exit.notes.${key}`) : c.note
  }

  function value(c: Criterion): string {
    if (c.value === null) return t('exit.card.unknown')
    switch (criterionKind(c)) {
      case 'ratio': return typeof c.value === 'number' ? ratio(c.value) : String(c.value)
      case 'metres': return typeof c.value === 'number' ? format.length(c.value) : String(c.value)
      case 'boolean': return format.bool(c.value)
      default: return String(c.value)
    }
  }

  function threshold(c: Criterion): string {
    if (c.threshold === null) return criterionKind(c) === 'boolean' || c.value === null ? format.bool(true) : '—'
    return c.id === 'incidence'
      ? t('exit.card.thresholdBelow', { value: ratio(c.threshold) })
      : t('exit.card.thresholdWithin', { value: format.length(c.threshold) })
  }

  function settingValue(s: Setting): string {
    if (typeof s.value === 'number') {
      if (s.unit === 'ratio') return ratio(s.value)
      if (s.unit === 'm') return format.length(s.value)
    }
    return Array.isArray(s.value) ? s.value.join(', ') : String(s.value)
  }

  const scopeName = (scope: string) => (scope === '' ? t('exit.scopes.default') : scope)

  /** "Setting exit.roadAccessM = 500 m (from 360729)", for hover titles. */
  function settingHint(s: Setting | null): string {
    if (!s) return ''
    return t('exit.card.settingHint', { key: s.key, value: settingValue(s), scope: scopeName(s.scope) })
  }

  return { ...format, ratio, state, criterionName, problem, note, value, threshold, settingValue, settingHint, scopeName }
}
