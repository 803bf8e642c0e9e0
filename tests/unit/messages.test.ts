import { describe, expect, it } from 'vitest'
import { allCodes, CATALOGUE, msg, specOf } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { PARAM_KINDS } from '../../core/messages/params.ts'
import { codesEn, codesZhCN } from '../../web/i18n/codes/index.ts'

// Every code the server can say is in one catalogue (core/messages); each needs a text in both
// languages of the web app, using exactly the parameters the catalogue names.

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const textOf = (texts: Record<string, Record<string, string>>, code: string) => {
  const [section, key] = code.split('.')
  return texts[section]?.[key]
}

describe('the message catalogue', () => {
  const codes = allCodes()

  it('holds every section with codes', () => {
    expect(codes.length).toBeGreaterThan(150)
    for (const section of Object.keys(CATALOGUE)) expect(codes.some((c) => c.startsWith(`${section}.`)), section).toBe(true)
  })

  it('has a Chinese and an English text for every code', () => {
    const missing = codes.flatMap((code) => [
      ...(textOf(codesZhCN, code) ? [] : [`zh-CN ${code}`]),
      ...(textOf(codesEn, code) ? [] : [`en ${code}`]),
    ])
    expect(missing).toEqual([])
  })

  it('has no text for a code the server cannot send', () => {
    for (const texts of [codesZhCN, codesEn]) {
      for (const [section, entries] of Object.entries(texts)) {
        for (const key of Object.keys(entries)) expect(specOf(`${section}.${key}`), `${section}.${key}`).toBeDefined()
      }
    }
  })

  it('uses in each text exactly the parameters the catalogue names', () => {
    for (const code of codes) {
      const spec = specOf(code)!
      const names = Object.keys(spec.params ?? {}).sort()
      expect([...new Set(placeholders(spec.en))].sort(), `catalogue ${code}`).toEqual(names)
      for (const [lang, texts] of [['zh-CN', codesZhCN], ['en', codesEn]] as const) {
        expect([...new Set(placeholders(textOf(texts, code)!))].sort(), `${lang} ${code}`).toEqual(names)
      }
      for (const kind of Object.values(spec.params ?? {})) expect(PARAM_KINDS).toContain(kind)
    }
  })

  it("keeps a feature's 0-based position in the English for scripts (the web says it from 1)", () => {
    expect(specOf('import.duplicate_code')?.params).toMatchObject({ first: 'ordinal' })
    expect(specOf('import.not_a_feature')?.params).toEqual({ index: 'ordinal' })
    expect(specOf('import.missing_properties')?.params).toEqual({ index: 'ordinal' })
    expect(english(msg('import.duplicate_code', { code: '360729100201', first: 0 }))).toBe('Code 360729100201 already appears in feature 0.')
  })

  it('writes English for scripts with units by kind', () => {
    expect(english(msg('siting.check_distance_fail', { factor: 'road', valueM: 3167.4, limitM: 1000 })))
      .toBe('Nearest road at 3.2 km; the limit is 1.0 km.')
    expect(english(msg('import.far_from_township', { distanceM: 134_456, township: '360729100' })))
      .toBe('The feature lies 134.5 km from its township 360729100.')
    expect(english(msg('errors.invalid_body', { field: 'sites.0.name', problem: msg('fields.not_empty') })))
      .toBe('sites.0.name: must not be empty')
    expect(english(msg('errors.forbidden_role', { roles: ['planner', 'admin'], role: 'viewer' })))
      .toBe('This needs the role planner, admin; you are viewer.')
  })
})

describe('the settings in the web app', () => {
  it('have a label and a hint in both languages for every setting of the catalogue', async () => {
    const { SETTING_SPECS } = await import('../../core/settings/catalogue.ts')
    const { zhCN } = await import('../../web/i18n/zh-CN.ts')
    const { en } = await import('../../web/i18n/en.ts')
    const at = (tree: unknown, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree)
    const missing = SETTING_SPECS.flatMap((s) => [
      ...(typeof at(zhCN.settingLabels, s.key) === 'string' ? [] : [`zh-CN label ${s.key}`]),
      ...(typeof at(zhCN.settingHints, s.key) === 'string' ? [] : [`zh-CN hint ${s.key}`]),
      ...(typeof at(en.settingLabels, s.key) === 'string' ? [] : [`en label ${s.key}`]),
      ...(typeof at(en.settingHints, s.key) === 'string' ? [] : [`en hint ${s.key}`]),
    ])
    expect(missing).toEqual([])
  })
})
