// Build-out figures as the rollup, its print view and their tables show them: km with one decimal,
// money as a number of 万元 (the column or label names the unit), rates as percentages.
import { useI18n } from 'vue-i18n'
import { ratePct } from './projects'
import { formatDecimal, formatWanYuan, type NumberLocale } from '../../format/numbers'
import { useFormat } from '../../composables/useFormat'

export function useBuildoutFormat() {
  const { locale } = useI18n()
  const format = useFormat()
  const numberLocale = (): NumberLocale => (locale.value === 'en' ? 'en' : 'zh-CN')
  return {
    ...format,
    km: (n: number) => formatDecimal(n, numberLocale(), 1),
    wan: (yuan: number) => formatWanYuan(yuan, numberLocale()),
    rate: (r: number | null) => (r === null ? '—' : format.percent(ratePct(r)!)),
  }
}
