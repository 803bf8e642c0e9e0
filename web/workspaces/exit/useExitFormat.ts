// Words and numbers of the exit dashboard (UX.md: percentages with one decimal, 人, 2018年).
import { useI18n } from 'vue-i18n'
import { criterionKind, type Criterion, type DataProblem, type VillageState } from './dashboard'
import type { Setting } from '../../http/types'
import { useFormat } from '../../composables/useFormat'
import { useSay } from '../../i18n/say'

export function useExitFormat() {
  const { t, te } = useI18n()
  const format = useFormat()
  const { say } = useSay()

  /** A ratio (0.714) as a percentage with one decimal; "—" when not defined. */
  const ratio = (r: number | null | undefined) => (typeof r === 'number' && Number.isFinite(r) ? format.percent(r * 100) : '—')
  const state = (s: VillageState) => t(`exit.states.${s}`)
  const criterionName = (id: string) => (te(`exit.criteria.${id}`) ? t(`exit.criteria.${id}`) : id)

  /** A data problem; `unsupported_<id>` names the criterion the data cannot judge. */
  function problem(id: DataProblem | string): string {
    if (te(`exit.problems.${id}`)) return t(`exit.problems.${id}`)
    const unsupported = /^unsupported_(.+)$/.exec(id)
    return unsupported ? t('exit.problems.unsupported', { criterion: criterionName(unsupported[1]) }) : id
  }

  /** Items joined as the reader's language lists them (、 or , ). */
  const list = (items: readonly string[]) => items.join(t('labels.listSeparator'))

  /** How the server judged a criterion, said from its code (never the English note). */
  const note = (c: Pick<Criterion, 'noteMsg'>) => say(c.noteMsg)

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

  /** 'Setting "Hardened road distance" (exit.roadAccessM) = 500 m (from 360729)', for hover titles. */
  function settingHint(s: Setting | null): string {
    if (!s) return ''
    const label = te(`settingLabels.${s.key}`) ? t(`settingLabels.${s.key}`) : s.key
    return t('exit.card.settingHint', { label, key: s.key, value: settingValue(s), scope: scopeName(s.scope) })
  }

  return { ...format, ratio, state, criterionName, problem, list, note, value, threshold, settingValue, settingHint, scopeName }
}
