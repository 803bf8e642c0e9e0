// Says a server message (a catalogue code with its parameters, core/messages) in the reader's
// language: each parameter written by its kind (m or km, 万元, 户/人, 2018年; property, layer,
// status and setting names translated), then put into the text of the code (web/i18n/codes).
import { useI18n } from 'vue-i18n'
import { specOf, type WireMessage } from '../../core/messages/catalogue'
import type { ParamKind } from '../../core/messages/params'
import { formatDecimal, formatInteger, formatPercent, formatWanYuan, lengthParts, type NumberLocale } from '../format/numbers'

/** Anything that may carry a message: an error's details, an import problem, a check. */
export function isWireMessage(value: unknown): value is WireMessage {
  return typeof value === 'object' && value !== null && typeof (value as WireMessage).code === 'string'
    && typeof (value as WireMessage).params === 'object' && (value as WireMessage).params !== null
}

export function useSay() {
  const { t, te, locale } = useI18n()
  const numberLocale = (): NumberLocale => (locale.value === 'en' ? 'en' : 'zh-CN')
  const label = (key: string, fallback: string) => (te(key) ? t(key) : fallback)

  function property(name: string): string {
    if (te(`props.${name}`)) return t(`props.${name}`)
    for (const layer of ['sites', 'hazards', 'regions']) if (te(`propsByLayer.${layer}.${name}`)) return t(`propsByLayer.${layer}.${name}`)
    return name
  }

  function word(kind: ParamKind | undefined, value: unknown, element?: ParamKind): string {
    if (value === null || value === undefined) return '—'
    if (Array.isArray(value)) return value.map((v) => word(element, v)).join(t('labels.listSeparator'))
    if (kind === 'message') return isWireMessage(value) ? say(value) : String(value)
    if (typeof value === 'number') {
      const l = numberLocale()
      switch (kind) {
        case 'metres': {
          const { value: n, unit } = lengthParts(value, l)
          return t(unit === 'km' ? 'units.km' : 'units.m', { n })
        }
        case 'count': return formatInteger(value, l)
        // A 0-based position, told as people count: the first is 1.
        case 'ordinal': return formatInteger(value + 1, l)
        case 'households': return t('units.households', { n: formatInteger(value, l) })
        case 'persons': return t('units.persons', { n: formatInteger(value, l) })
        case 'm2': return t('units.m2', { n: formatInteger(value, l) })
        case 'ratio': return t('units.percent', { n: formatPercent(value * 100, l) })
        case 'percent': return t('units.percent', { n: formatPercent(value, l) })
        case 'cny': return t('units.wanYuan', { n: formatWanYuan(value, l) })
        case 'bytes': return value >= 1024 * 1024 ? t('units.mb', { n: formatDecimal(value / 1024 / 1024, l, 1) })
          : value >= 1024 ? t('labels.kb', { n: formatDecimal(value / 1024, l, 1) }) : t('labels.bytes', { n: formatInteger(value, l) })
        case 'seconds': return t('labels.seconds', { n: formatInteger(value, l) })
        case 'year': return t('units.year', { n: String(value) })
        case 'number': return Number.isInteger(value) ? formatInteger(value, l) : String(value)
        default: return String(value)
      }
    }
    const text = String(value)
    switch (kind) {
      case 'date': {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
        return m && locale.value !== 'en' ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : text
      }
      case 'property': return property(text)
      case 'layer': return label(`layers.names.${text}`, text)
      case 'status': return label(`enums.status.${text}`, text)
      case 'setting': return label(`settingLabels.${text}`, text)
      case 'role': return label(`roles.${text}`, text)
      case 'level': return label(`enums.regions.level.${text}`, text)
      case 'target': return label(`labels.targets.${text}`, label(`enums.facilities.kind.${text}`, text))
      case 'criterion': return label(`exit.criteria.${text}`, text)
      case 'factor': return label(`siting.factors.${text}`, text)
      case 'geometry': return label(`labels.geometry.${text}`, text)
      default: return text
    }
  }

  /** The message in the reader's language; an unknown code is shown as the code itself. */
  function say(message: WireMessage): string {
    const key = `codes.${message.code}`
    if (!te(key)) return message.code
    const spec = specOf(message.code)
    const params: Record<string, string> = {}
    for (const [name, value] of Object.entries(message.params ?? {})) params[name] = word(spec?.params?.[name], value, spec?.lists?.[name])
    return t(key, params)
  }

  return { say, property }
}
