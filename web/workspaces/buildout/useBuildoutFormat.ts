// Build-out figures as the project table, the rollup, the print view and their tables show them: km
// with one decimal, money as a number of 万元 with two decimals (the column names the unit; the Excel
// export uses the same decimals), rates as percentages.
import { useI18n } from 'vue-i18n'
import { ratePct } from './projects'
import { formatDecimal, formatWanYuanTable, type NumberLocale } from '../../format/numbers'
import { useFormat } from '../../composables/useFormat'

export function useBuildoutFormat() {
  const { locale } = useI18n()
  const format = useFormat()
  const numberLocale = (): NumberLocale => (locale.value === 'en' ? 'en' : 'zh-CN')
  return {
    ...format,
    km: (n: number) => formatDecimal(n, numberLocale(), 1),
    /** 万元 in a table cell; blank when the project names no amount. */
    wan: (yuan: number | null) => (yuan === null ? '' : formatWanYuanTable(yuan, numberLocale())),
    rate: (r: number | null) => (r === null ? '—' : format.percent(ratePct(r)!)),
  }
}
