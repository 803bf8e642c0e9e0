import { describe, expect, it } from 'vitest'
import {
  CRITERION_SETTINGS, EXIT_CRITERIA, criterion, dataProblems, evaluateVillage, exitRules, villageState,
  type ExitRules, type VillageFacts,
} from '../../core/exit/criteria'
import { exitNotices } from '../../core/exit/year'
import { CATALOGUE } from '../../core/messages/catalogue'
import { english } from '../../core/messages/english'
import { SETTING_SPECS, type ResolvedSetting } from '../../core/settings/catalogue'

// The exit judgement on real values, without a database: the facts as api/exit/facts.ts gathers
// them for a village of 全南县 (360729), judged by the national defaults.

const DEFAULTS: Record<string, ResolvedSetting> = Object.fromEntries(SETTING_SPECS.map((s) => [s.key, {
  key: s.key, value: s.default, scope: '', default: s.default, unit: s.unit, description: s.description,
}]))

const rules: ExitRules = exitRules('360729', DEFAULTS)

/** 田心村 as the sample county has it: 1 240 people, 21 poor, a hardened road at 120 m, a well within its radius. */
const facts = (overrides: Partial<VillageFacts> = {}): VillageFacts => ({
  code: '360729100201', name: '田心村', townshipCode: '360729100', townshipName: '城厢镇', households: 310, population: 1240,
  poorPopulation: 21, isPoorVillage: true, plannedExitYear: 2018, exitYear: null, hasElectricity: true, hasBroadband: true,
  hasClinic: true, hasCulturalRoom: true, road: 'QN-RD-0012', roadM: 120, water: 'QN-W-0031', waterM: 640, waterRadiusM: 1000,
  waterCovers: true, clinic: null, clinicM: null, ...overrides,
})

describe('exit rules from the settings', () => {
  it('takes the national defaults: below 2 %, a road within 500 m, a clinic within 3 km, water 1 km / 500 m', () => {
    expect(rules).toEqual({
      county: '360729', criteria: [...EXIT_CRITERIA], incidenceThreshold: 0.02, roadAccessM: 500, clinicWithinM: 3000,
      pointServiceRadiusM: 1000, pipelineServiceM: 500,
    })
  })

  it('falls back to the default list when the stored list is not a list of ids', () => {
    const broken = { ...DEFAULTS, 'exit.criteria': { ...DEFAULTS['exit.criteria'], value: 'road' } }
    expect(exitRules('360729', broken).criteria).toEqual([...EXIT_CRITERIA])
    const western = { ...DEFAULTS, 'exit.incidenceThreshold': { ...DEFAULTS['exit.incidenceThreshold'], value: 0.03, scope: '52' } }
    expect(exitRules('522301', western).incidenceThreshold).toBe(0.03)
  })

  it('names the setting of every criterion’s threshold', () => {
    expect(Object.keys(CRITERION_SETTINGS).sort()).toEqual([...EXIT_CRITERIA].sort())
    for (const keys of Object.values(CRITERION_SETTINGS)) for (const key of keys) expect(DEFAULTS[key], key).toBeDefined()
  })
})

describe('each criterion on real values', () => {
  it('needs the incidence strictly below the threshold', () => {
    expect(criterion('incidence', facts({ poorPopulation: 24 }), rules)).toMatchObject({ value: 24 / 1240, threshold: 0.02, pass: true })
    expect(criterion('incidence', facts({ population: 1000, poorPopulation: 19 }), rules)).toMatchObject({ value: 0.019, pass: true })
    expect(criterion('incidence', facts({ population: 1000, poorPopulation: 20 }), rules)).toMatchObject({ value: 0.02, pass: false })
    expect(criterion('incidence', facts({ population: 1000, poorPopulation: 20 }), { ...rules, incidenceThreshold: 0.03 }).pass).toBe(true)
  })

  it('leaves the incidence unknown at population 0 or without a poor count, never a pass', () => {
    const empty = criterion('incidence', facts({ population: 0, poorPopulation: 0 }), rules)
    expect(empty).toMatchObject({ value: null, pass: null, noteMsg: { code: 'exit.incidence_population_zero' } })
    const unknown = criterion('incidence', facts({ poorPopulation: null }), rules)
    expect(unknown).toMatchObject({ value: null, pass: null, noteMsg: { code: 'exit.incidence_unknown' } })
  })

  it('passes a hardened road at 499 m and fails one at 501 m; none at all fails', () => {
    expect(criterion('road', facts({ roadM: 499 }), rules)).toMatchObject({ value: 499, threshold: 500, pass: true, feature: 'QN-RD-0012' })
    expect(criterion('road', facts({ roadM: 500 }), rules).pass).toBe(true)
    expect(criterion('road', facts({ roadM: 501 }), rules)).toMatchObject({ value: 501, pass: false, noteMsg: { code: 'exit.road_distance' } })
    expect(criterion('road', facts({ road: null, roadM: null }), rules)).toMatchObject({ value: null, pass: false, noteMsg: { code: 'exit.road_none' } })
  })

  it('judges water by the radius of the scheme the query found (the well’s own, the pipeline setting)', () => {
    expect(criterion('water', facts({ waterM: 250, waterRadiusM: 300, waterCovers: true }), rules))
      .toMatchObject({ value: 250, threshold: 300, pass: true, noteMsg: { code: 'exit.water_covered' } })
    expect(criterion('water', facts({ waterM: 350, waterRadiusM: 300, waterCovers: false }), rules))
      .toMatchObject({ value: 350, threshold: 300, pass: false, noteMsg: { code: 'exit.water_beyond' } })
    expect(criterion('water', facts({ water: 'QN-PIPE-3', waterM: 450, waterRadiusM: 500, waterCovers: true }), rules))
      .toMatchObject({ threshold: 500, pass: true, feature: 'QN-PIPE-3' })
    expect(criterion('water', facts({ water: null, waterM: null, waterRadiusM: null, waterCovers: false }), rules))
      .toMatchObject({ value: null, pass: false, noteMsg: { code: 'exit.water_none' } })
  })

  it('takes the village’s own clinic, else one within 3 000 m; unknown without one in reach', () => {
    expect(criterion('clinic', facts({ hasClinic: true }), rules)).toMatchObject({ pass: true, noteMsg: { code: 'exit.clinic_own' } })
    expect(criterion('clinic', facts({ hasClinic: false, clinic: 'QN-CL-2', clinicM: 2900 }), rules))
      .toMatchObject({ value: 2900, threshold: 3000, pass: true, noteMsg: { code: 'exit.clinic_near' } })
    expect(criterion('clinic', facts({ hasClinic: false, clinic: 'QN-CL-2', clinicM: 3100 }), rules))
      .toMatchObject({ pass: false, noteMsg: { code: 'exit.clinic_none' } })
    expect(criterion('clinic', facts({ hasClinic: null, clinic: 'QN-CL-2', clinicM: 3100 }), rules))
      .toMatchObject({ pass: null, noteMsg: { code: 'exit.clinic_unknown' } })
    expect(criterion('clinic', facts({ hasClinic: null, clinic: 'QN-CL-2', clinicM: 1000 }), rules).pass).toBe(true)
  })

  it('never passes an unknown yes/no attribute', () => {
    for (const [id, property] of [['electricity', 'hasElectricity'], ['broadband', 'hasBroadband'], ['cultural_room', 'hasCulturalRoom']] as const) {
      expect(criterion(id, facts({ [property]: true }), rules)).toMatchObject({ value: true, threshold: null, pass: true, noteMsg: { code: `exit.${id}_yes` } })
      expect(criterion(id, facts({ [property]: false }), rules)).toMatchObject({ value: false, pass: false, noteMsg: { code: `exit.${id}_no` } })
      expect(criterion(id, facts({ [property]: null }), rules)).toMatchObject({ value: null, pass: null, noteMsg: { code: `exit.${id}_unknown` } })
    }
  })

  it('cannot judge an id the data does not know, and names it', () => {
    expect(criterion('toilets', facts(), rules)).toMatchObject({
      pass: null, noteMsg: { code: 'exit.unsupported', params: { criterion: 'toilets' } }, note: 'The criterion toilets cannot be computed from the data.',
    })
  })

  it('writes each note as the English of its code', () => {
    const variants = [
      facts(), facts({ population: 0 }), facts({ poorPopulation: null }), facts({ road: null, roadM: null }), facts({ waterCovers: false }),
      facts({ water: null, waterCovers: false }), facts({ hasClinic: false, clinicM: 100 }), facts({ hasClinic: false }), facts({ hasClinic: null }),
      facts({ hasElectricity: false, hasBroadband: null, hasCulturalRoom: false }),
      facts({ hasElectricity: null, hasBroadband: false, hasCulturalRoom: null }),
    ]
    const codes = new Set<string>()
    for (const v of variants) {
      for (const id of [...EXIT_CRITERIA, 'toilets']) {
        const c = criterion(id, v, rules)
        expect(c.note).toBe(english(c.noteMsg))
        codes.add(c.noteMsg.code)
      }
    }
    // Every note code of the catalogue's exit section is reached, and nothing else.
    const noteCodes = Object.keys(CATALOGUE.exit).filter((k) => !/^(year_|scope_)/.test(k)).map((k) => `exit.${k}`)
    expect([...codes].sort()).toEqual(noteCodes.sort())
    expect(criterion('incidence', facts(), rules).note).toBe('poorPopulation ÷ population, must be below the threshold; current figures (no yearly history).')
  })
})

describe('data problems and the state at the end of a year', () => {
  it('lists population 0, an unknown poor-village flag and every criterion not known', () => {
    const v = facts({ population: 0, poorPopulation: 0, isPoorVillage: null, hasBroadband: null, hasClinic: null })
    const criteria = rules.criteria.map((id) => criterion(id, v, rules))
    expect(dataProblems(v, criteria)).toEqual(['population_zero', 'unknown_poor_village', 'unknown_broadband', 'unknown_clinic'])
    const unknownPoor = facts({ poorPopulation: null })
    expect(dataProblems(unknownPoor, [criterion('incidence', unknownPoor, rules)])).toEqual(['unknown_poor_population'])
    expect(dataProblems(facts(), [criterion('toilets', facts(), rules)])).toEqual(['unsupported_toilets'])
  })

  it('goes from behind to exited as the years pass', () => {
    const planned2018 = facts({ roadM: 800, plannedExitYear: 2018, exitYear: 2020 })
    const state = (year: number) => evaluateVillage(planned2018, rules, year).state
    expect(state(2017)).toBe('in_progress')
    expect(state(2018)).toBe('behind')
    expect(state(2019)).toBe('behind')
    expect(state(2020)).toBe('exited')
  })

  it('makes a village ready only when every criterion passes and no data is missing', () => {
    expect(evaluateVillage(facts(), rules, 2017).state).toBe('ready')
    expect(evaluateVillage(facts(), rules, 2019).state).toBe('ready') // ready comes before behind
    expect(evaluateVillage(facts({ hasCulturalRoom: null }), rules, 2019).state).toBe('behind')
    const ok = rules.criteria.map((id) => criterion(id, facts(), rules))
    expect(villageState(facts(), ok, ['unknown_poor_village'], 2017)).toBe('in_progress')
  })

  it('keeps villages that are not registered poor out of the campaign', () => {
    expect(evaluateVillage(facts({ isPoorVillage: false }), rules, 2019)).toMatchObject({ state: 'not_poor', dataProblems: [] })
    expect(evaluateVillage(facts({ isPoorVillage: null }), rules, 2019)).toMatchObject({ state: 'not_poor', dataProblems: ['unknown_poor_village'] })
  })

  it('gives the village’s criteria in the rules’ order, and only those', () => {
    const fewer = { ...rules, criteria: ['road', 'incidence'] }
    const v = evaluateVillage(facts({ hasBroadband: null }), fewer, 2019)
    expect(v.criteria.map((c) => c.id)).toEqual(['road', 'incidence'])
    expect(v).toMatchObject({ code: '360729100201', townshipName: '城厢镇', population: 1240, poorPopulation: 21, state: 'ready', dataProblems: [] })
  })

  it('does not change the facts it judges', () => {
    const v = facts()
    const copy = structuredClone(v)
    evaluateVillage(v, rules, 2019)
    expect(v).toEqual(copy)
  })
})

describe('what the year means', () => {
  it('says the year, the last day projects count by and that poverty figures are current', () => {
    expect(exitNotices(2019)).toEqual([
      { code: 'exit.year_state', params: { year: 2019 } },
      { code: 'exit.year_projects', params: { endDate: '2019-12-31' } },
      { code: 'exit.year_figures', params: {} },
    ])
    expect(exitNotices(2019).map(english)[1]).toContain('actualEnd ≤ 2019-12-31')
  })

  it('adds the caller’s region when only its villages count', () => {
    const notices = exitNotices(2020, '360729102')
    expect(notices.at(-1)).toEqual({ code: 'exit.scope_only', params: { scope: '360729102' } })
    expect(english(notices.at(-1)!)).toBe('Only the villages of your region 360729102 are counted.')
  })
})
