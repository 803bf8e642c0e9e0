// Number formatting rules from UX.md, as pure functions. Units and words come from i18n.
import { WAN_TABLE_DECIMALS, yuanToWan } from '../../core/ledgers/sheet'

export type NumberLocale = 'zh-CN' | 'en'

const cache = new Map<string, Intl.NumberFormat>()
function formatter(locale: NumberLocale, minFraction: number, maxFraction: number): Intl.NumberFormat {
  const key = `${locale}|${minFraction}|${maxFraction}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', {
      minimumFractionDigits: minFraction,
      maximumFractionDigits: maxFraction,
    })
    cache.set(key, f)
  }
  return f
}

export function formatInteger(n: number, locale: NumberLocale): string {
  return formatter(locale, 0, 0).format(Math.round(n))
}

export function formatDecimal(n: number, locale: NumberLocale, fractionDigits = 1): string {
  return formatter(locale, fractionDigits, fractionDigits).format(n)
}

export interface LengthParts {
  value: string
  unit: 'km' | 'm'
}

/** km with one decimal from 1 km up, whole metres below. */
export function lengthParts(metres: number, locale: NumberLocale): LengthParts {
  if (Math.abs(metres) >= 1000) return { value: formatDecimal(metres / 1000, locale, 1), unit: 'km' }
  return { value: formatInteger(metres, locale), unit: 'm' }
}

/** Percent with one decimal; the input is already in percent (34.4 for 34.4 %). */
export function formatPercent(pct: number, locale: NumberLocale): string {
  return formatDecimal(pct, locale, 1)
}

/** Money is stored in yuan and shown in 万元 (10,000 yuan). */
// Shared with the ledgers (core/ledgers/sheet.ts).
export { WAN_TABLE_DECIMALS, yuanToWan }

/** Money in running text and cards: 万元 with up to two decimals (17, 10.21). */
export function formatWanYuan(yuan: number, locale: NumberLocale): string {
  return formatter(locale, 0, 2).format(yuanToWan(yuan))
}


/** Money in a table column: 万元 with always two decimals (17.00, 10.21, 11,461.10), so that a column lines up. */
export function formatWanYuanTable(yuan: number, locale: NumberLocale): string {
  return formatDecimal(yuanToWan(yuan), locale, WAN_TABLE_DECIMALS)
}
