import { describe, expect, it } from 'vitest'
import { evaluateVillage, exitRules, meetsAll, stateInYear, stateOf, yearPosition } from '../../core/exit/criteria.ts'
import type { ExitVillage, VillageFacts } from '../../core/exit/criteria.ts'
import { rollup, rollupTallies, summarize, summarizeTallies } from '../../core/exit/rollup.ts'
import type { Count, GroupedTallies } from '../../core/exit/rollup.ts'
import { SETTING_SPECS } from '../../core/settings/catalogue.ts'
import { mulberry32 } from '../../core/siting/optimise/substitution.ts'

// The rollup of classes of villages alike (what api/exit/aggregate.ts counts in SQL from the stored
// judgement) equals the rollup of the villages one by one.

/** The seeded generator of the optimiser, for edits that are the same on every run. */
const rng = mulberry32

const settings = Object.fromEntries(SETTING_SPECS.map((s) => [s.key, { key: s.key, value: s.default, scope: '', default: s.default }])) as any
const rules = exitRules('360729', settings)

function villages(n: number, seed: number): ExitVillage[] {
  const r = rng(seed)
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]
  return Array.from({ length: n }, (_, i) => {
    const county = pick(['360729', '360730', '520999'])
    const population = pick([0, 120, 800, 1500])
    const facts: VillageFacts = {
      code: `${county}${pick(['100', '101'])}${String(200 + i).padStart(3, '0')}`, name: `村${i}`, townshipCode: `${county}100`, townshipName: null,
      households: 10, population, poorPopulation: pick([null, 0, 12, 90]), isPoorVillage: pick([true, true, false, null]),
      plannedExitYear: pick([null, 2017, 2018, 2019, 2021]), exitYear: pick([null, 2018, 2019, 2020]),
      hasElectricity: pick([true, true, null]), hasBroadband: pick([true, false]), hasClinic: pick([true, false, null]), hasCulturalRoom: true,
      road: 'R', roadM: pick([100, 900, null]), water: 'W', waterM: 200, waterRadiusM: 500, waterCovers: pick([true, false]), clinic: null, clinicM: pick([null, 800, 4000]),
    }
    return evaluateVillage(facts, rules, 2019)
  })
}

/** Villages alike in what their state comes from, as one tally each with their failing criteria and data problems counted (the SQL's GROUP BY). */
function classes(list: ExitVillage[], year: number): GroupedTallies {
  const states = new Map<string, GroupedTallies['states'][number]>()
  const years = new Map<string, GroupedTallies['years'][number]>()
  for (const v of list) {
    const county = v.code.slice(0, 6)
    const failing = v.criteria.filter((c) => c.pass === false).map((c) => c.id)
    const meets = meetsAll(v.criteria, v.dataProblems)
    const position = yearPosition(v, year)
    const key = JSON.stringify([county, v.isPoorVillage, position, meets])
    const known = v.poorPopulation === null ? 0 : v.population
    const held = states.get(key)
    const add = <Id extends string>(counts: readonly Count<Id>[], ids: readonly Id[]) => {
      const map = new Map(counts)
      for (const id of ids) map.set(id, (map.get(id) ?? 0) + 1)
      return [...map]
    }
    if (held) {
      Object.assign(held, {
        villages: held.villages + 1, population: held.population + v.population, poorPopulation: held.poorPopulation + (v.poorPopulation ?? 0),
        knownPopulation: held.knownPopulation + known, failing: add(held.failing, failing), dataProblems: add(held.dataProblems, v.dataProblems),
      })
    } else {
      states.set(key, {
        villages: 1, state: stateOf(v.isPoorVillage, position, meets), isPoorVillage: v.isPoorVillage,
        population: v.population, poorPopulation: v.poorPopulation ?? 0, knownPopulation: known,
        failing: add([], failing), dataProblems: add([], v.dataProblems), group: county,
        groupInfo: () => ({ code: county, name: county, level: 'county', exitYear: null, plannedExitYear: null }),
      })
    }
    if (v.isPoorVillage !== true) continue
    const yearKey = JSON.stringify([county, v.plannedExitYear, v.exitYear])
    const y = years.get(yearKey)
    if (y) Object.assign(y, { villages: y.villages + 1, codes: [...y.codes, v.code] })
    else years.set(yearKey, { villages: 1, plannedExitYear: v.plannedExitYear, exitYear: v.exitYear, codes: [v.code], group: county })
  }
  return { states: [...states.values()], years: [...years.values()] }
}

describe('exit rollup of classes of villages', () => {
  it('equals the rollup of the villages one by one, with fewer tallies than villages', () => {
    const list = villages(400, 7)
    const tallies = classes(list, 2019)
    expect(tallies.states.length).toBeLessThan(list.length)
    expect(tallies.states.reduce((s, t) => s + t.villages, 0)).toBe(400)
    expect(rollupTallies(tallies.states, tallies.years, 2019, rules.criteria)).toEqual(rollup(list, 2019, rules.criteria))
    // The state from the two year questions is the state from the years.
    for (const v of list) expect(stateInYear(v, meetsAll(v.criteria, v.dataProblems), 2019)).toBe(v.state)
  })

  it('gives the same summary by county, exit support and late villages included', () => {
    const list = villages(300, 11)
    const options = {
      year: 2019, groupBy: 'county' as const, criteriaOrder: rules.criteria,
      region: { code: '36', name: '江西省', level: 'province', exitYear: 2019, plannedExitYear: null },
      children: [{ code: '360729', name: '全南县', level: 'county', exitYear: 2018, plannedExitYear: null }],
    }
    const counted = summarizeTallies(classes(list, 2019), options)
    expect(counted).toEqual(summarize(list, options))
    expect(counted.region.villagesLate.length).toBeGreaterThan(0)
    expect(counted.groups.map((g) => g.code)).toEqual(['360729', '360730', '520999'])
  })
})
