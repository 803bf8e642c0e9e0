// Invariants of the committed sample county (geodata/quannan/), checked on the files as shipped.
import { readFileSync } from 'node:fs'
import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { LAYERS, LAYER_SPECS, PROJECT_STATUSES, type LayerName, type ProjectStatus } from '../../core/format/layers'
import { endsIn, type ProjectHistory } from '../../core/projects/history'
import { checkEntry, isComplete, isStarted, type ProjectDates } from '../../core/projects/lifecycle'
import { DATA_DATE, HISTORY_FILE, SAMPLE_DIR, generateSampleCounty, sampleHistory, serializeHistory, serializeLayer } from '../../geodata/generate'

type Props = Record<string, any>
type AnyFeature = Feature<Geometry | null, Props>

const files = Object.fromEntries(LAYERS.map((layer) => [layer, readFileSync(`${SAMPLE_DIR}${layer}.geojson`, 'utf8')])) as Record<LayerName, string>
const sample = Object.fromEntries(LAYERS.map((layer) => [layer, JSON.parse(files[layer])])) as Record<LayerName, FeatureCollection<Geometry | null, Props>>

const regions = sample.regions.features as Feature<Polygon, Props>[]
const county = regions.find((f) => f.properties.level === 'county')!
const townships = regions.filter((f) => f.properties.level === 'township')
const villages = sample.villages.features as Feature<Point, Props>[]
const sites = sample.sites.features as AnyFeature[]
const roads = sample.roads.features as AnyFeature[]
const facilities = sample.facilities.features as Feature<Point, Props>[]
const hazards = sample.hazards.features as Feature<Polygon, Props>[]
const projects = [...sites, ...roads, ...sample.water.features as AnyFeature[]]
const historyFile = readFileSync(`${SAMPLE_DIR}${HISTORY_FILE}`, 'utf8')
const histories = JSON.parse(historyFile) as ProjectHistory[]

const townshipOf = (code: string): Feature<Polygon, Props> => townships.find((t) => t.properties.code === code)!
const key = (p: Position): string => `${p[0]},${p[1]}`
const seatKeys = new Set(facilities.filter((f) => f.properties.kind === 'township_seat' || f.properties.kind === 'county_seat')
  .map((f) => key(f.geometry.coordinates)))

function vertices(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point': return [geometry.coordinates]
    case 'LineString': return geometry.coordinates
    case 'Polygon': return geometry.coordinates.flat()
    case 'MultiLineString': return geometry.coordinates.flat()
    case 'MultiPolygon': return geometry.coordinates.flat(2)
    default: return []
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const isIsoDate = (v: unknown): boolean =>
  typeof v === 'string' && ISO_DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)

/** The format's per-property rules (type, enum, bounds, required), as GEODATA_FORMAT.md states them. */
function propertyErrors(layer: LayerName, f: AnyFeature): string[] {
  const errors: string[] = []
  for (const spec of LAYER_SPECS[layer].properties) {
    const v = f.properties[spec.name]
    if (v === undefined || v === null) {
      if (spec.required) errors.push(`${spec.name} missing`)
      continue
    }
    const ok = (() => {
      switch (spec.type) {
        case 'code':
        case 'text': return typeof v === 'string' && v.length > 0
        case 'int': return Number.isInteger(v)
        case 'number': return typeof v === 'number' && Number.isFinite(v)
        case 'boolean': return typeof v === 'boolean'
        case 'date': return isIsoDate(v)
        case 'year': return Number.isInteger(v) && v >= 2000 && v <= 2030
        case 'enum': return spec.values!.includes(v)
      }
    })()
    if (!ok) errors.push(`${spec.name}=${JSON.stringify(v)} is not a valid ${spec.type}`)
    if (typeof v === 'number' && spec.min !== undefined && v < spec.min) errors.push(`${spec.name} below ${spec.min}`)
    if (typeof v === 'number' && spec.max !== undefined && v > spec.max) errors.push(`${spec.name} above ${spec.max}`)
  }
  return errors
}

describe('sample county: contents', () => {
  it('has the expected number of features per layer', () => {
    expect(county.properties).toMatchObject({ code: '360729', name: '全南县', plannedExitYear: 2018, exitYear: 2018 })
    expect(townships).toHaveLength(9)
    expect(villages.length).toBeGreaterThanOrEqual(60)
    expect(villages.length).toBeLessThanOrEqual(120)
    expect(roads.length).toBeGreaterThanOrEqual(40)
    expect(roads.length).toBeLessThanOrEqual(70)
    expect(sample.water.features.length).toBeGreaterThanOrEqual(20)
    expect(sample.water.features.length).toBeLessThanOrEqual(35)
    expect(hazards.length).toBeGreaterThanOrEqual(3)
  })

  it('names the real townships with their codes', () => {
    const names = Object.fromEntries(townships.map((t) => [t.properties.code, t.properties.name]))
    expect(names).toEqual({
      360729100: '城厢镇', 360729101: '大吉山镇', 360729102: '陂头镇', 360729103: '金龙镇', 360729104: '南迳镇',
      360729105: '龙源坝镇', 360729200: '中寨乡', 360729201: '社迳乡', 360729202: '龙下乡',
    })
  })

  it('has the six poor villages of the seed in their townships, exited in 2017', () => {
    const seed: [string, string][] = [
      ['城厢镇', '田心村'], ['金龙镇', '树垇村'], ['南迳镇', '古家营村'], ['龙下乡', '川垇村'], ['金龙镇', '兆坑村'], ['大吉山镇', '小溪村'],
    ]
    for (const [township, name] of seed) {
      const code = townships.find((t) => t.properties.name === township)!.properties.code
      const hits = villages.filter((v) => v.properties.name === name && v.properties.townshipCode === code)
      expect(hits, `${township}${name}`).toHaveLength(1)
      expect(hits[0].properties).toMatchObject({ isPoorVillage: true, exitYear: 2017 })
    }
  })

  it('has the "7+2" resettlement sites and 梦想家园员山小区, selected', () => {
    const names = [
      '南迳镇圩镇安置点', '大吉山镇圩镇安置点', '中寨乡圩镇安置点', '龙源坝镇圩镇安置点', '陂头镇圩镇安置点', '社迳乡圩镇安置点',
      '龙下乡圩镇安置点', '黄龙大桥安置点', '五岗场安置点', '梦想家园员山小区',
    ]
    for (const name of names) {
      const site = sites.find((s) => s.properties.name === name)
      expect(site?.properties.decision, name).toBe('selected')
    }
    expect(sites.filter((s) => s.properties.decision === 'candidate').length).toBeGreaterThanOrEqual(2)
    expect(sites.filter((s) => s.properties.decision === 'rejected')).toHaveLength(1)
  })
})

describe('sample county: exchange format', () => {
  it('has valid properties on every feature', () => {
    for (const layer of LAYERS) {
      sample[layer].features.forEach((f, i) => {
        expect(propertyErrors(layer, f as AnyFeature), `${layer}[${i}] ${f.properties?.code}`).toEqual([])
      })
    }
  })

  it('has allowed geometry types, null only on planned or approved projects', () => {
    for (const layer of LAYERS) {
      const spec = LAYER_SPECS[layer]
      for (const f of sample[layer].features) {
        if (f.geometry === null) {
          expect(spec.project, `${layer} ${f.properties.code}`).toBe(true)
          expect(['planned', 'approved']).toContain(f.properties.status)
        } else {
          expect(spec.geometry, `${layer} ${f.properties.code}`).toContain(f.geometry.type)
        }
      }
    }
  })

  it('has unique, well-formed codes', () => {
    const forms: Record<LayerName, RegExp> = {
      regions: /^360729(\d{3})?$/, villages: /^360729\d{6}$/, sites: /^360729-AZD-\d{2}$/, roads: /^360729-RD-\d{3}$/,
      water: /^360729-WS-\d{3}$/, facilities: /^360729-SS-\d{3}$/, hazards: /^360729-ZH-\d{2}$/,
    }
    for (const layer of LAYERS) {
      const codes = sample[layer].features.map((f) => f.properties.code as string)
      expect(new Set(codes).size, layer).toBe(codes.length)
      for (const code of codes) expect(code, layer).toMatch(forms[layer])
    }
    for (const v of villages) {
      expect(v.properties.code.startsWith(v.properties.townshipCode)).toBe(true)
      expect(v.properties.code.slice(9)).toMatch(/^[02]\d\d$/)
    }
    for (const t of townships) expect(t.properties).toMatchObject({ parentCode: '360729' })
    expect(hazards.every((h) => !('townshipCode' in h.properties))).toBe(true)
  })

  it('references existing townships and sites', () => {
    const townshipCodes = new Set(townships.map((t) => t.properties.code))
    const siteCodes = new Set(sites.map((s) => s.properties.code))
    for (const f of [...villages, ...sites, ...facilities, ...sample.water.features as AnyFeature[]]) {
      expect(townshipCodes.has(f.properties.townshipCode), f.properties.code).toBe(true)
    }
    for (const v of villages) if (v.properties.relocationSiteCode) expect(siteCodes.has(v.properties.relocationSiteCode)).toBe(true)
  })

  it('keeps coordinates in [lon, lat] order, 6 decimals, inside the county', () => {
    for (const layer of LAYERS) {
      for (const f of sample[layer].features) {
        if (!f.geometry) continue
        for (const p of vertices(f.geometry)) {
          expect(p).toHaveLength(2)
          expect(p[0]).toBeGreaterThan(114.2)
          expect(p[0]).toBeLessThan(114.85)
          expect(p[1]).toBeGreaterThan(24.45)
          expect(p[1]).toBeLessThan(25.05)
          expect(Math.round(p[0] * 1e6) / 1e6).toBe(p[0])
          if (layer !== 'regions') expect(turf.booleanPointInPolygon(p, county), `${layer} ${f.properties.code}`).toBe(true)
        }
      }
    }
  })
})

describe('sample county: regions', () => {
  it('has valid polygons without self-intersection', () => {
    for (const f of [...regions, ...hazards]) {
      expect(turf.booleanValid(f), f.properties.code).toBe(true)
      expect(turf.kinks(f).features, f.properties.code).toHaveLength(0)
    }
    for (const s of sites) if (s.geometry?.type === 'Polygon') expect(turf.booleanValid(s as Feature<Polygon>)).toBe(true)
  })

  it('tiles the county with its townships, without overlaps', () => {
    const countyArea = turf.area(county)
    expect(countyArea / 1e6).toBeGreaterThan(1500)
    expect(countyArea / 1e6).toBeLessThan(1540)
    const sum = townships.reduce((s, t) => s + turf.area(t), 0)
    expect(Math.abs(sum / countyArea - 1)).toBeLessThan(0.01)
    for (let i = 0; i < townships.length; i++) {
      for (let j = i + 1; j < townships.length; j++) {
        const overlap = turf.intersect(turf.featureCollection([townships[i], townships[j]]))
        expect(overlap ? turf.area(overlap) : 0, `${townships[i].properties.name}/${townships[j].properties.name}`).toBeLessThan(100)
      }
    }
  })
})

describe('sample county: villages', () => {
  it('lies inside its own township', () => {
    for (const v of villages) {
      expect(turf.booleanPointInPolygon(v, townshipOf(v.properties.townshipCode)), v.properties.code).toBe(true)
    }
  })

  it('keeps village seats at least 1 km apart', () => {
    for (let i = 0; i < villages.length; i++) {
      for (let j = i + 1; j < villages.length; j++) {
        expect(turf.distance(villages[i], villages[j], { units: 'meters' })).toBeGreaterThan(1000)
      }
    }
  })

  it('has unique names within each township', () => {
    for (const t of townships) {
      const names = villages.filter((v) => v.properties.townshipCode === t.properties.code).map((v) => v.properties.name)
      expect(new Set(names).size, t.properties.name).toBe(names.length)
    }
  })

  it('has consistent household, poverty and relocation counts', () => {
    for (const { properties: p } of villages) {
      expect(p.households).toBeGreaterThanOrEqual(100)
      expect(p.households).toBeLessThanOrEqual(1000)
      expect(p.population / p.households).toBeGreaterThanOrEqual(3.2)
      expect(p.population / p.households).toBeLessThanOrEqual(4.2)
      expect(p.poorHouseholds).toBeLessThanOrEqual(p.households)
      expect(p.poorPopulation).toBeLessThanOrEqual(p.population)
      expect(p.poorHouseholds).toBeLessThanOrEqual(p.poorPopulation)
      if (p.relocation === 'none') {
        expect(p.relocationHouseholds ?? 0).toBe(0)
      } else {
        expect(p.relocationHouseholds).toBeGreaterThan(0)
        expect(p.relocationHouseholds).toBeLessThanOrEqual(p.households)
        expect(p.relocationPopulation).toBeLessThanOrEqual(p.population)
        expect(p.relocationPoorHouseholds).toBeLessThanOrEqual(p.relocationHouseholds)
      }
      if (p.relocation === 'whole') expect(p.relocationHouseholds).toBe(p.households)
    }
  })

  it('has a plausible mix of poor villages and exit years as of the data date', () => {
    const dataYear = Number(DATA_DATE.slice(0, 4))
    const poor = villages.filter((v) => v.properties.isPoorVillage)
    expect(poor.length).toBeGreaterThanOrEqual(12)
    for (const { properties: p } of poor) {
      expect(p.plannedExitYear).toBeGreaterThanOrEqual(2016)
      expect(p.plannedExitYear).toBeLessThanOrEqual(2020)
      if (p.exitYear !== undefined) {
        expect(p.exitYear).toBeLessThanOrEqual(dataYear)
        expect(p.poorPopulation / p.population).toBeLessThan(0.02) // exited villages are under the line
      }
    }
    expect(poor.some((v) => v.properties.exitYear === undefined && v.properties.plannedExitYear <= dataYear)).toBe(true)
    expect(poor.some((v) => v.properties.plannedExitYear === 2020)).toBe(true)
    expect(villages.filter((v) => !v.properties.isPoorVillage).every((v) => v.properties.exitYear === undefined)).toBe(true)
    const poorPersons = villages.reduce((s, v) => s + v.properties.poorPopulation, 0)
    expect(poorPersons).toBeLessThanOrEqual(7918) // the seed's remaining poor at the start of 2017
    const relocating = villages.filter((v) => v.properties.relocation !== 'none')
    expect(relocating.filter((v) => v.properties.relocation === 'whole').length).toBeGreaterThanOrEqual(2)
    expect(relocating.length).toBeGreaterThanOrEqual(17)
  })

  it('fits the assigned relocating households into their sites', () => {
    const assigned = new Map<string, number>()
    for (const { properties: p } of villages) {
      if (p.relocationSiteCode) assigned.set(p.relocationSiteCode, (assigned.get(p.relocationSiteCode) ?? 0) + p.relocationHouseholds)
    }
    for (const [code, households] of assigned) {
      const site = sites.find((s) => s.properties.code === code)!
      expect(site.properties.decision).toBe('selected')
      expect(households).toBeLessThanOrEqual(site.properties.capacityHouseholds)
    }
  })
})

describe('sample county: projects', () => {
  it('has progress and dates consistent with the status', () => {
    for (const { properties: p } of projects) {
      const status = (p.status ?? 'completed') as ProjectStatus
      expect(PROJECT_STATUSES).toContain(status)
      const label = `${p.code} ${status}`
      if (p.progressPct !== undefined) {
        if (isComplete(status)) expect(p.progressPct, label).toBe(100)
        else if (isStarted(status)) {
          expect(p.progressPct, label).toBeGreaterThanOrEqual(1)
          expect(p.progressPct, label).toBeLessThanOrEqual(99)
        } else expect(p.progressPct, label).toBe(0)
      }
      expect(p.actualStart !== undefined, label).toBe(isStarted(status) && p.budgetCny !== undefined)
      expect(p.actualEnd !== undefined, label).toBe(isComplete(status) && p.budgetCny !== undefined)
      if (p.plannedStart && p.plannedEnd) expect(p.plannedEnd > p.plannedStart, label).toBe(true)
      if (p.actualStart && p.actualEnd) expect(p.actualEnd > p.actualStart, label).toBe(true)
      for (const field of ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd']) {
        if (p[field] !== undefined) expect(p[field] <= '2026-11-27', label).toBe(true)
      }
      for (const field of ['actualStart', 'actualEnd']) if (p[field] !== undefined) expect(p[field] <= DATA_DATE, label).toBe(true)
    }
  })

  it('keeps spending within the budget and funding summing to it', () => {
    for (const { properties: p } of projects) {
      if (p.budgetCny === undefined) continue
      expect(p.spentCny, p.code).toBeLessThanOrEqual(p.budgetCny)
      expect(p.fundingState + p.fundingSector + p.fundingSelf + p.fundingOther, p.code).toBe(p.budgetCny)
      if (!isStarted(p.status)) expect(p.spentCny).toBe(0)
    }
  })

  it('spreads sites and roads across the lifecycle', () => {
    expect(new Set(sites.map((s) => s.properties.status))).toEqual(new Set(PROJECT_STATUSES))
    const roadStatuses = new Set(roads.map((r) => r.properties.status))
    for (const status of ['planned', 'approved', 'under_construction', 'completed', 'accepted']) expect(roadStatuses).toContain(status)
  })

  it('sizes sites at about 25 m² a person', () => {
    for (const { properties: p } of sites) {
      expect(p.floorAreaM2).toBeLessThanOrEqual(25 * p.capacityPopulation)
      expect(p.floorAreaM2).toBeGreaterThan(20 * p.capacityPopulation)
    }
  })
})

describe('sample county: roads', () => {
  const lines = roads.filter((r) => r.geometry) as Feature<LineString, Props>[]

  it('has geodesic lengths and simple lines', () => {
    for (const r of lines) {
      expect(r.properties.lengthM).toBeCloseTo(turf.length(r, { units: 'meters' }), 0)
      expect(turf.kinks(r).features, r.properties.code).toHaveLength(0)
    }
    expect(roads.filter((r) => r.geometry === null)).toHaveLength(2)
  })

  it('sets townshipCode on every road but county roads', () => {
    for (const r of roads) expect('townshipCode' in r.properties, r.properties.code).toBe(r.properties.roadClass !== 'county')
  })

  it('connects each non-county road to another road or a seat by a shared vertex', () => {
    for (const r of lines) {
      if (r.properties.roadClass === 'county') continue
      const others = new Set(lines.filter((o) => o !== r).flatMap((o) => o.geometry.coordinates.map(key)))
      const ends = [r.geometry.coordinates[0], r.geometry.coordinates[r.geometry.coordinates.length - 1]].map(key)
      expect(ends.some((e) => others.has(e) || seatKeys.has(e)), r.properties.code).toBe(true)
    }
  })

  it('leaves a few remote villages without any road and a few with only gravel or earth', () => {
    const near = (v: Feature<Point>, maxM: number) =>
      lines.filter((r) => turf.pointToLineDistance(v, r, { units: 'meters' }) <= maxM)
    const roadless = villages.filter((v) => near(v, 1000).length === 0)
    expect(roadless.length).toBeGreaterThanOrEqual(3)
    expect(roadless.length).toBeLessThanOrEqual(5)
    const roughOnly = villages.filter((v) => {
      const reach = near(v, 500)
      return reach.length > 0 && reach.every((r) => r.properties.surface !== 'hardened')
    })
    expect(roughOnly.length).toBeGreaterThanOrEqual(3)
  })
})

describe('sample county: hazards', () => {
  it('puts a hazard zone within 300 m of a candidate site', () => {
    const candidates = sites.filter((s) => s.properties.decision === 'candidate')
    const close = candidates.some((s) => hazards.some((h) => {
      const p = s.geometry!.type === 'Point' ? (s as Feature<Point>) : turf.centroid(s as Feature<Polygon>)
      return turf.pointToPolygonDistance(p, h, { units: 'meters' }) <= 300
    }))
    expect(close).toBe(true)
  })
})

describe('sample county: project histories', () => {
  const historyOf = (code: string) => histories.find((h) => h.code === code)

  it('gives every project with a ledger a dated history, and none to the old reservoir without one', () => {
    for (const layer of ['sites', 'roads', 'water'] as const) {
      for (const { properties: p } of sample[layer].features as AnyFeature[]) {
        expect(historyOf(p.code)?.layer, p.code).toBe(p.progressPct === undefined ? undefined : layer)
      }
    }
    expect(historyOf(sample.water.features.find((f) => f.properties.name === '上坪水库')!.properties.code)).toBeUndefined()
  })

  it('steps through the lifecycle on its dates, as the progress form would have allowed, into the project’s fields', () => {
    for (const { properties: p } of projects) {
      const history = historyOf(p.code)
      if (!history) continue
      let current: { status: ProjectStatus } & ProjectDates = { status: 'planned', actualStart: null, actualEnd: null }
      let previous = ''
      for (const [i, e] of history.entries.entries()) {
        const label = `${p.code} #${i} ${e.date} ${e.status}`
        expect(e.date > previous, label).toBe(true)
        const checked = checkEntry(current, { date: e.date, status: e.status, progressPct: e.progressPct ?? 0 }, DATA_DATE)
        expect(checked.ok ? checked.step : checked.problem, label).toMatch(/^(same|next)$/)
        if (!checked.ok) break
        current = { status: e.status, ...checked.dates }
        previous = e.date
      }
      // The log projects onto the project: its status, progress, spending and actual dates.
      expect(endsIn(history.entries, { status: p.status, progressPct: p.progressPct, spentCny: p.spentCny ?? null }), p.code).toBe(true)
      expect(current, p.code).toEqual({ status: p.status, actualStart: p.actualStart ?? null, actualEnd: p.actualEnd ?? null })
    }
  })

  it('never lets progress or spending fall, nor spending pass the budget', () => {
    for (const h of histories) {
      const p = projects.find((f) => f.properties.code === h.code)!.properties
      h.entries.forEach((e, i) => {
        if (i === 0) return
        const before = h.entries[i - 1]
        expect(e.progressPct!, `${h.code} #${i}`).toBeGreaterThanOrEqual(before.progressPct!)
        if (e.spentCny !== null) expect(e.spentCny, `${h.code} #${i}`).toBeGreaterThanOrEqual(before.spentCny!)
      })
      if (p.budgetCny !== undefined) expect(Math.max(...h.entries.map((e) => e.spentCny ?? 0)), h.code).toBeLessThanOrEqual(p.budgetCny)
      else expect(h.entries.every((e) => e.spentCny === null), h.code).toBe(true)
    }
  })

  it('dates the campaign’s work in its years, none after the data date, and draws a line for every project begun', () => {
    const years = new Set(histories.flatMap((h) => h.entries.map((e) => e.date.slice(0, 4))))
    for (const year of ['2016', '2017', '2018']) expect(years).toContain(year)
    expect(histories.every((h) => h.entries.every((e) => e.date <= DATA_DATE))).toBe(true)
    // Work of the campaign (begun 2016 or later, or still to begin) is listed from 2015 on.
    for (const { properties: p } of projects) {
      const h = historyOf(p.code)
      if (!h || (p.actualStart && p.actualStart < '2016-01-01')) continue
      expect(h.entries[0].date >= '2015-01-01', p.code).toBe(true)
    }
    for (const { properties: p } of projects.filter((f) => f.properties.actualStart)) {
      expect(historyOf(p.code)!.entries.filter((e) => isStarted(e.status)).length, p.code).toBeGreaterThanOrEqual(2)
    }
  })
})

describe('sample county: generator', () => {
  it('is deterministic and matches the committed files', () => {
    const first = generateSampleCounty()
    const second = generateSampleCounty()
    for (const layer of LAYERS) {
      const text = serializeLayer(first[layer])
      expect(serializeLayer(second[layer]), layer).toBe(text)
      expect(text === files[layer], `${layer}.geojson is stale: run npx tsx geodata/generate.ts`).toBe(true)
    }
    const history = serializeHistory(sampleHistory(first))
    expect(serializeHistory(sampleHistory(second))).toBe(history)
    expect(history === historyFile, `${HISTORY_FILE} is stale: run npx tsx geodata/generate.ts`).toBe(true)
  })
})
