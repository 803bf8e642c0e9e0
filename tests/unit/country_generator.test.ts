import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCountry } from '../../api/seed/generated.ts'
import { LOAD_ORDER, countryPlan, generateCountry } from '../../geodata/country.ts'
import { CODE_LENGTH } from '../../core/format/layers.ts'

const OPTIONS = { villages: 3000, seed: 'test-3000', provinces: 2 }

describe('the generated country (geodata/country.ts)', () => {
  it('writes the same bytes for the same seed, and other bytes for another', () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'country-a-')), mkdtempSync(join(tmpdir(), 'country-b-')), mkdtempSync(join(tmpdir(), 'country-c-'))]
    try {
      writeCountry(OPTIONS, dirs[0])
      writeCountry(OPTIONS, dirs[1])
      writeCountry({ ...OPTIONS, seed: 'other' }, dirs[2])
      for (const layer of LOAD_ORDER) {
        const a = readFileSync(join(dirs[0], `${layer}.geojson`))
        expect(a.equals(readFileSync(join(dirs[1], `${layer}.geojson`))), layer).toBe(true)
        const parsed = JSON.parse(a.toString('utf8'))
        expect(parsed.type).toBe('FeatureCollection')
      }
      expect(readFileSync(join(dirs[0], 'villages.geojson')).equals(readFileSync(join(dirs[2], 'villages.geojson')))).toBe(false)
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    }
  })

  it('has exactly the villages asked for, in counties of about 175 and townships of about 13', () => {
    const country = generateCountry(OPTIONS)
    expect(country.villages).toHaveLength(3000)
    const counties = country.regions.filter((r) => r.properties.level === 'county')
    const townships = country.regions.filter((r) => r.properties.level === 'township')
    expect(counties).toHaveLength(countryPlan(OPTIONS).counties.length)
    expect(3000 / counties.length).toBeGreaterThan(150)
    expect(3000 / counties.length).toBeLessThan(200)
    expect(3000 / townships.length).toBeGreaterThan(10)
    expect(3000 / townships.length).toBeLessThan(16)
    expect(country.regions.filter((r) => r.properties.level === 'province')).toHaveLength(2)
    // Proportions of the country: a road or so per village, most villages with a water scheme, a site per 14 villages.
    expect(country.roads.length / 3000).toBeGreaterThan(1)
    expect(country.roads.length / 3000).toBeLessThan(1.25)
    expect(country.water.length / 3000).toBeGreaterThan(0.85)
    expect(country.facilities.length / 3000).toBeGreaterThan(0.2)
    expect(country.facilities.length / 3000).toBeLessThan(0.35)
    expect(country.sites.length / 3000).toBeGreaterThan(0.04)
    expect(country.sites.length / 3000).toBeLessThan(0.1)
    const poor = country.villages.filter((v) => v.properties.isPoorVillage).length / 3000
    expect(poor).toBeGreaterThan(0.2)
    expect(poor).toBeLessThan(0.32)
  })

  it('gives valid, unique division codes, each under its parent', () => {
    const country = generateCountry(OPTIONS)
    const regions = new Map(country.regions.map((r) => [r.properties.code as string, r.properties]))
    expect(regions.size).toBe(country.regions.length)
    for (const [code, p] of regions) {
      const level = p.level as keyof typeof CODE_LENGTH
      expect(code, code).toMatch(new RegExp(`^\\d{${CODE_LENGTH[level]}}$`))
      if (level !== 'province') {
        const parent = regions.get(p.parentCode as string)
        expect(parent, code).toBeDefined()
        expect(code.startsWith(p.parentCode as string), code).toBe(true)
      }
    }
    const villageCodes = new Set<string>()
    for (const v of country.villages) {
      const { code, townshipCode, poorPopulation, population, households, poorHouseholds } = v.properties as Record<string, any>
      expect(code).toMatch(/^\d{12}$/)
      expect(code.startsWith(townshipCode)).toBe(true)
      expect(regions.get(townshipCode)?.level).toBe('township')
      expect(poorPopulation).toBeLessThanOrEqual(population)
      expect(poorHouseholds).toBeLessThanOrEqual(households)
      villageCodes.add(code)
    }
    expect(villageCodes.size).toBe(3000)
    for (const layer of ['roads', 'water', 'facilities', 'sites', 'hazards'] as const) {
      expect(new Set(country[layer].map((f) => f.properties.code)).size, layer).toBe(country[layer].length)
    }
  })

  it('joins every village of a township to its seat by roads (a tree: as many village roads as villages)', () => {
    const country = generateCountry({ villages: 400, seed: 'tree' })
    const key = (p: number[]) => p.join()
    for (const township of country.regions.filter((r) => r.properties.level === 'township')) {
      const code = township.properties.code as string
      const roads = country.roads.filter((r) => r.properties.townshipCode === code && r.geometry && r.properties.roadClass !== 'group')
      const seat = country.facilities.find((f) => f.properties.townshipCode === code && f.properties.kind === 'township_seat')!
      const reached = new Set([key((seat.geometry as any).coordinates)])
      let grew = true
      while (grew) {
        grew = false
        for (const r of roads) {
          const line = (r.geometry as any).coordinates as number[][]
          const [a, b] = [key(line[0]), key(line[line.length - 1])]
          if (reached.has(a) && !reached.has(b)) { reached.add(b); grew = true }
        }
      }
      const villages = country.villages.filter((v) => v.properties.townshipCode === code)
      const withRoad = villages.filter((v) => roads.some((r) => key((r.geometry as any).coordinates.at(-1)) === key((v.geometry as any).coordinates)))
      for (const v of withRoad) expect(reached.has(key((v.geometry as any).coordinates)), v.properties.code as string).toBe(true)
      // Only roads still in the ledger without geometry leave a village unjoined.
      expect(villages.length - withRoad.length).toBeLessThanOrEqual(country.roads.filter((r) => r.properties.townshipCode === code && !r.geometry).length)
    }
  })
})
