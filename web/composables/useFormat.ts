// Labels and values in the current language, following UX.md's number rules.
import { useI18n } from 'vue-i18n'
import type { LayerName } from '../../core/format/layers'
import type { FeatureProps } from '../http/types'
import {
  formatDecimal, formatInteger, formatPercent, formatWanYuan, lengthParts, type NumberLocale,
} from '../format/numbers'
import { propertySpec, valueKind } from '../format/property_kinds'
import { useLayerStore } from '../stores/layers'

export function useFormat() {
  const { t, te, locale } = useI18n()
  const layers = useLayerStore()

  const numberLocale = (): NumberLocale => (locale.value === 'en' ? 'en' : 'zh-CN')
  const int = (n: number) => formatInteger(n, numberLocale())

  const households = (n: number) => t('units.households', { n: int(n) })
  const persons = (n: number) => t('units.persons', { n: int(n) })
  const percent = (pct: number) => t('units.percent', { n: formatPercent(pct, numberLocale()) })
  const money = (yuan: number) => t('units.wanYuan', { n: formatWanYuan(yuan, numberLocale()) })
  const year = (y: number) => t('units.year', { n: String(y) })
  const count = (n: number) => t('units.count', { n: int(n) })
  function length(metres: number): string {
    const { value, unit } = lengthParts(metres, numberLocale())
    return t(unit === 'km' ? 'units.km' : 'units.m', { n: value })
  }
  const bool = (b: unknown) => t(b === true ? 'values.yes' : b === false ? 'values.no' : 'values.unknown')

  const layerName = (layer: LayerName) => t(`layers.names.${layer}`)
  /** An account's name; the server's own actors (`system:seed`) in words. */
  const userName = (name: string | null | undefined) =>
    !name ? '' : name.startsWith('system:') && te(`actors.${name.slice(7)}`) ? t(`actors.${name.slice(7)}`) : name
  const layerSingular = (layer: LayerName) => t(`layers.singular.${layer}`)

  function propLabel(layer: LayerName, name: string): string {
    const byLayer = `propsByLayer.${layer}.${name}`
    if (te(byLayer)) return t(byLayer)
    return te(`props.${name}`) ? t(`props.${name}`) : name
  }

  function enumLabel(layer: LayerName, prop: string, value: string): string {
    const specific = `enums.${layer}.${prop}.${value}`
    if (te(specific)) return t(specific)
    const shared = `enums.${prop}.${value}`
    return te(shared) ? t(shared) : value
  }

  function title(layer: LayerName, props: FeatureProps): string {
    const name = typeof props.name === 'string' ? props.name.trim() : ''
    return name || t('card.unnamed', { layer: layerSingular(layer) })
  }

  function referenceName(layer: LayerName, code: string): string {
    const feature = layers.find(layer, code)
    const name = feature?.properties.name
    return typeof name === 'string' && name ? name : code
  }

  /** A property's value as text, or null when the feature does not have it. */
  function value(layer: LayerName, name: string, raw: unknown): string | null {
    if (raw === null || raw === undefined || raw === '') return null
    const spec = propertySpec(layer, name)
    if (!spec) return otherValue(raw)
    const num = typeof raw === 'number' ? raw : Number.NaN
    switch (valueKind(spec)) {
      case 'households': return Number.isFinite(num) ? households(num) : String(raw)
      case 'persons': return Number.isFinite(num) ? persons(num) : String(raw)
      case 'length': return Number.isFinite(num) ? length(num) : String(raw)
      case 'money': return Number.isFinite(num) ? money(num) : String(raw)
      case 'percent': return Number.isFinite(num) ? percent(num) : String(raw)
      case 'area': return Number.isFinite(num) ? t('units.m2', { n: int(num) }) : String(raw)
      case 'elevation': return Number.isFinite(num) ? t('units.elevation', { n: int(num) }) : String(raw)
      case 'volume': return Number.isFinite(num) ? t('units.m3', { n: int(num) }) : String(raw)
      case 'volumePerDay': return Number.isFinite(num) ? t('units.m3PerDay', { n: int(num) }) : String(raw)
      case 'year': return Number.isFinite(num) ? year(num) : String(raw)
      case 'boolean': return bool(raw)
      case 'enum': return enumLabel(layer, name, String(raw))
      case 'reference': return spec.references ? referenceName(spec.references, String(raw)) : String(raw)
      case 'number': return Number.isFinite(num) ? formatDecimal(num, numberLocale(), Number.isInteger(num) ? 0 : 1) : String(raw)
      default: return String(raw)
    }
  }

  /** Properties outside the format (kept by the server as they came). */
  function otherValue(raw: unknown): string {
    if (typeof raw === 'boolean') return bool(raw)
    if (typeof raw === 'number') return formatDecimal(raw, numberLocale(), Number.isInteger(raw) ? 0 : 2)
    if (typeof raw === 'string') return raw
    return JSON.stringify(raw)
  }

  return {
    households, persons, percent, money, year, count, length, bool, int,
    layerName, layerSingular, userName, propLabel, enumLabel, title, referenceName, value,
  }
}
