// vue-i18n set-up: Chinese by default, the user's choice remembered in this browser.
import { createI18n } from 'vue-i18n'
import { codesEn, codesZhCN } from './codes'
import { en } from './en'
import { labelsEn, labelsZhCN } from './labels'
import * as buildout from '../workspaces/buildout/messages'
import * as exit from '../workspaces/exit/messages'
import * as siting from '../workspaces/siting/messages'
import * as sitingOptimise from '../workspaces/siting/optimise_messages'
import { zhCN } from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const STORAGE_KEY = 'fupin.locale'

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLocale(value) ? value : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  // Each workspace keeps its messages in a module of its own, merged here under its namespace.
  messages: {
    'zh-CN': { ...zhCN, siting: { ...siting.zhCN, optimise: sitingOptimise.zhCN }, buildout: buildout.zhCN, exit: exit.zhCN, codes: codesZhCN, labels: labelsZhCN },
    en: { ...en, siting: { ...siting.en, optimise: sitingOptimise.en }, buildout: buildout.en, exit: exit.en, codes: codesEn, labels: labelsEn },
  },
  missingWarn: false,
  fallbackWarn: false,
})

export function currentLocale(): Locale {
  const value = i18n.global.locale.value
  return isLocale(value) ? value : 'zh-CN'
}

export function applyDocumentLocale(locale: Locale): void {
  document.documentElement.lang = locale
  document.title = i18n.global.t('app.title')
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Private mode or storage disabled: the choice lasts for this visit only.
  }
  applyDocumentLocale(locale)
}
