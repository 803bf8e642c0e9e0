// A deterministic synthetic country (or province) in the exchange format, for tests and benchmarks at
// national size: provinces → prefectures → counties → townships with valid statistical codes,
// villages strung along valleys, road trees joining every village to its township seat and the seats to
// each other, water schemes, facilities, resettlement sites and hazard zones in roughly the country's
// proportions (about 175 villages a county, 13 a township; 7 sites and 26 facilities per 100 villages).
//
// Nothing in it is real. Everything comes from seeded PRNG streams (mulberry32), never Math.random or
// the clock, so one seed gives the same bytes on every run. Generation goes county by county
// (`countyFeatures`), so half a million villages never sit in memory at once.
//
// Geometry: the country is a grid of rectangular provinces; a province a grid of counties whose
// columns are its prefectures; a county a grid of township rectangles. Rectangles tile exactly, so the
// region polygons are valid and every village lies inside its township. Each township has a valley (a
// wiggly line across it): the seat in its middle, villages scattered along it, higher the farther out.

import type { Feature, Geometry, Position } from 'geojson'
import type { LayerName, ProjectStatus } from '../core/format/layers.ts'

export interface CountryOptions {
  villages: number
  seed: string
  /** Provinces to spread the counties over; default one per 16,000 villages (the country's mean). */
  provinces?: number
}

export type GeneratedFeature = Feature<Geometry | null, Record<string, unknown>>

/** Layers in load order: what is referenced first (regions, sites before the villages that name them). */
export const LOAD_ORDER: readonly LayerName[] = ['regions', 'sites', 'villages', 'roads', 'water', 'facilities', 'hazards']

// The 31 provinces' codes (统计用区划代码); names are made up beside them.
const PROVINCE_CODES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41',
  '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65']

/** Degrees of one county cell (about 50 × 55 km, 2,800 km²: the country's mean county). */
const COUNTY_DEG = 0.5
const ORIGIN: Position = [98, 22]
const VILLAGES_PER_COUNTY = 172
const VILLAGES_PER_PROVINCE = 16_000

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness

interface Rng {
  next(): number
  uniform(min: number, max: number): number
  int(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  normal(): number
}

function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function rngFor(seed: string, label: string): Rng {
  let state = hash(`${seed}:${label}`)
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  }
}

/** Splits `total` into `parts` positive whole numbers with random weights (largest remainder), in order. */
function split(total: number, parts: number, rng: Rng, spread = 0.6): number[] {
  const weights = Array.from({ length: parts }, () => 1 - spread / 2 + spread * rng.next())
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (w / sum) * (total - parts))
  const counts = exact.map((x) => 1 + Math.floor(x))
  let left = total - counts.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; left > 0; k = (k + 1) % parts, left--) counts[order[k][1]] += 1
  return counts
}

// ---------------------------------------------------------------------------------------------------------
// Geometry helpers (degrees; distances in metres on the sphere where it matters)

const round6 = (v: number) => Math.round(v * 1e6) / 1e6
const pt = (lon: number, lat: number): Position => [round6(lon), round6(lat)]
const M_PER_DEG = (Math.PI / 180) * 6371008.8

interface Box { w: number; s: number; e: number; n: number }
const ring = (b: Box): Position[] => [pt(b.w, b.s), pt(b.e, b.s), pt(b.e, b.n), pt(b.w, b.n), pt(b.w, b.s)]
const polygon = (b: Box): Geometry => ({ type: 'Polygon', coordinates: [ring(b)] })

function metres(a: Position, b: Position): number {
  const dx = (b[0] - a[0]) * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180))
  return Math.hypot(dx, b[1] - a[1]) * M_PER_DEG
}

/** A point `m` metres from `p` at `angle`, rounded to the published grid. */
function offset(p: Position, m: number, angle: number): Position {
  return pt(p[0] + (m * Math.cos(angle)) / (M_PER_DEG * Math.cos((p[1] * Math.PI) / 180)), p[1] + (m * Math.sin(angle)) / M_PER_DEG)
}

/** A two-segment line from a to b through a slightly displaced midpoint (roads and pipes are not straight). */
function bent(a: Position, b: Position, rng: Rng): Position[] {
  const mid = pt((a[0] + b[0]) / 2 + rng.uniform(-0.15, 0.15) * (b[1] - a[1]), (a[1] + b[1]) / 2 + rng.uniform(-0.15, 0.15) * (a[0] - b[0]))
  return [a, mid, b]
}

// ---------------------------------------------------------------------------------------------------------
// The plan of the country: which county is where, how many villages it has

export interface CountyPlan {
  province: string
  provinceIndex: number
  prefecture: string
  code: string
  box: Box
  villages: number
  /** Index of this county in the country, for its PRNG stream. */
  index: number
}

interface Plan {
  provinces: { code: string; box: Box }[]
  prefectures: { code: string; province: string; box: Box }[]
  counties: CountyPlan[]
}

export function countryPlan(options: CountryOptions): Plan {
  if (!(Number.isInteger(options.villages) && options.villages >= 20)) throw new Error('--villages must be a whole number of at least 20')
  const countyCount = Math.max(1, Math.round(options.villages / VILLAGES_PER_COUNTY))
  const provinceCount = Math.min(PROVINCE_CODES.length, countyCount,
    options.provinces ?? Math.max(1, Math.round(options.villages / VILLAGES_PER_PROVINCE)))
  const rng = rngFor(options.seed, 'plan')
  const countiesPer = split(countyCount, provinceCount, rng, 0.5)
  const villagesPer = split(options.villages, countyCount, rng, 0.8)
  const gridCols = Math.ceil(Math.sqrt(provinceCount))
  // Every province as wide and as tall as the largest needs, so that they sit in a regular grid.
  const columnsOf = (n: number) => Math.ceil(Math.sqrt(n))
  const rowsOf = (n: number) => Math.ceil(n / columnsOf(n))
  const width = Math.max(...countiesPer.map(columnsOf)) * COUNTY_DEG
  const height = Math.max(...countiesPer.map(rowsOf)) * COUNTY_DEG
  const plan: Plan = { provinces: [], prefectures: [], counties: [] }
  let county = 0
  countiesPer.forEach((n, p) => {
    const code = PROVINCE_CODES[p]
    const w = ORIGIN[0] + (p % gridCols) * (width + 0.5)
    const s = ORIGIN[1] + Math.floor(p / gridCols) * (height + 0.5)
    const cols = columnsOf(n)
    const perColumn = split(n, cols, rng, 0)
    // The province is the union of its prefectures (columns): as wide as its columns, as tall as the grid.
    plan.provinces.push({ code, box: { w, s, e: w + cols * COUNTY_DEG, n: s + height } })
    perColumn.forEach((k, c) => {
      const prefecture = `${code}${String(c + 1).padStart(2, '0')}`
      const box = { w: w + c * COUNTY_DEG, s, e: w + (c + 1) * COUNTY_DEG, n: s + height }
      plan.prefectures.push({ code: prefecture, province: code, box })
      for (let r = 0; r < k; r++) {
        plan.counties.push({
          province: code, provinceIndex: p, prefecture, code: `${prefecture}${String(21 + r).padStart(2, '0')}`,
          box: { w: box.w, e: box.e, s: s + (r * height) / k, n: s + ((r + 1) * height) / k },
          villages: villagesPer[county], index: county,
        })
        county += 1
      }
    })
  })
  return plan
}

// ---------------------------------------------------------------------------------------------------------
// Names

const SYLLABLES = ['安', '白', '宝', '北', '长', '大', '东', '丰', '福', '高', '官', '广', '和', '河', '黄', '金', '景', '康',
  '兰', '黎', '龙', '罗', '马', '明', '南', '平', '青', '清', '瑞', '山', '上', '石', '双', '水', '太', '桃', '田', '西',
  '下', '新', '兴', '杨', '永', '玉', '云', '中', '竹', '紫']
const nameFrom = (rng: Rng, suffix: string) => `${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}${suffix}`

// ---------------------------------------------------------------------------------------------------------
// Features

const feature = (geometry: Geometry | null, properties: Record<string, unknown>): GeneratedFeature =>
  ({ type: 'Feature', geometry, properties })

/** The province, prefecture and county outlines (the townships come with their county). */
export function upperRegions(options: CountryOptions): GeneratedFeature[] {
  const plan = countryPlan(options)
  const rng = rngFor(options.seed, 'names')
  return [
    ...plan.provinces.map((p) => feature(polygon(p.box), { code: p.code, name: nameFrom(rng, '省'), level: 'province' })),
    ...plan.prefectures.map((p) => feature(polygon(p.box), { code: p.code, name: nameFrom(rng, '市'), level: 'prefecture', parentCode: p.province })),
  ]
}

const PROJECT_DONE: ProjectStatus[] = ['completed', 'accepted']

/** A project's fields, consistent with the lifecycle: progress by status, actual dates only once started or done. */
function projectFields(rng: Rng, status: ProjectStatus, budget: number): Record<string, unknown> {
  const year = rng.int(2015, 2020)
  const month = String(rng.int(1, 9)).padStart(2, '0')
  const fields: Record<string, unknown> = { status, budgetCny: budget, plannedStart: `${year}-${month}-01`, plannedEnd: `${year + 1}-${month}-28` }
  if (status === 'planned' || status === 'approved' || status === 'tendered') return { ...fields, progressPct: 0, spentCny: 0 }
  fields.actualStart = `${year}-${month}-15`
  if (status === 'under_construction') {
    const pct = rng.int(5, 95)
    return { ...fields, progressPct: pct, spentCny: Math.round((budget * pct) / 100) }
  }
  return { ...fields, progressPct: 100, spentCny: budget, actualEnd: `${year + 1}-${month}-20` }
}

function projectStatus(rng: Rng, done: number): ProjectStatus {
  const r = rng.next()
  if (r < done) return rng.chance(0.7) ? 'completed' : 'accepted'
  return rng.pick(['planned', 'approved', 'tendered', 'under_construction'] as const)
}

export interface CountyLayers {
  county: CountyPlan
  layers: Record<LayerName, GeneratedFeature[]>
}

/** Everything of one county: its outline and townships, villages, roads, water, facilities, sites and hazards. */
export function countyFeatures(options: CountryOptions, county: CountyPlan): CountyLayers {
  const rng = rngFor(options.seed, `county:${county.index}`)
  const layers: Record<LayerName, GeneratedFeature[]> = {
    regions: [], villages: [], sites: [], roads: [], water: [], facilities: [], hazards: [],
  }
  const west = ['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'].includes(county.province)
  const baseElevation = west ? rng.uniform(900, 2000) : rng.uniform(80, 700)
  layers.regions.push(feature(polygon(county.box), {
    code: county.code, name: nameFrom(rng, '县'), level: 'county', parentCode: county.prefecture,
    plannedExitYear: rng.int(2016, 2020),
  }))

  // Townships: a grid of columns, each cut into rows; 100.. are towns (镇), 200.. townships (乡).
  const townshipCount = Math.max(1, Math.min(county.villages, Math.round(county.villages / 13)))
  const cols = Math.ceil(Math.sqrt(townshipCount))
  const perColumn = split(townshipCount, cols, rng, 0)
  const villagesPer = split(county.villages, townshipCount, rng, 0.7)
  const { w, s, e, n } = county.box
  const towns = Math.ceil(townshipCount * 0.55)
  const seats: Position[] = []
  let t = 0
  let siteNo = 0
  let roadNo = 0
  let waterNo = 0
  let facilityNo = 0
  let hazardNo = 0
  const countySites: string[] = []
  perColumn.forEach((rows, c) => {
    for (let r = 0; r < rows; r++, t++) {
      const box = { w: w + ((e - w) * c) / cols, e: w + ((e - w) * (c + 1)) / cols, s: s + ((n - s) * r) / rows, n: s + ((n - s) * (r + 1)) / rows }
      const isTown = t < towns
      const code = `${county.code}${isTown ? 100 + t : 200 + (t - towns)}`
      const name = nameFrom(rng, isTown ? '镇' : '乡')
      layers.regions.push(feature(polygon(box), { code, name, level: 'township', parentCode: county.code }))
      const { villages, seat } = townshipContents(rng, code, name, box, villagesPer[t], baseElevation)
      seats.push(seat)
      layers.villages.push(...villages.map((v) => v.feature))

      // Facilities at the seat: the seat itself, a health centre (clinic), a school; a market in half of them.
      const facilityAt = (kind: string, label: string, where: Position) => layers.facilities.push(feature({ type: 'Point', coordinates: where },
        { code: `${county.code}-FC-${String(++facilityNo).padStart(4, '0')}`, name: `${name}${label}`, kind, townshipCode: code }))
      facilityAt('township_seat', '人民政府', seat)
      facilityAt('clinic', '卫生院', offset(seat, rng.uniform(100, 600), rng.uniform(0, 6.28)))
      facilityAt('school', '中心小学', offset(seat, rng.uniform(100, 900), rng.uniform(0, 6.28)))
      if (rng.chance(0.5)) facilityAt('market', '集市', offset(seat, rng.uniform(50, 400), rng.uniform(0, 6.28)))
      if (t === 0) {
        facilityAt('county_seat', '县人民政府', seat)
        facilityAt('hospital', '县人民医院', offset(seat, rng.uniform(300, 1500), rng.uniform(0, 6.28)))
        facilityAt('kindergarten', '县幼儿园', offset(seat, rng.uniform(300, 1500), rng.uniform(0, 6.28)))
      }

      // Village roads: a tree from the seat, each village joined to the nearest place already joined.
      const joined: Position[] = [seat]
      const order = [...villages].sort((a, b) => metres(a.at, seat) - metres(b.at, seat) || (a.code < b.code ? -1 : 1))
      for (const v of order) {
        let best = joined[0]
        for (const j of joined) if (metres(j, v.at) < metres(best, v.at)) best = j
        const surface = rng.chance(0.74) ? 'hardened' : rng.chance(0.7) ? 'gravel' : 'earth'
        const status = projectStatus(rng, 0.9)
        // A road still in the ledger without geometry leaves its village unjoined (roads go on from joined places only).
        const withoutGeometry = (status === 'planned' || status === 'approved') && rng.chance(0.2)
        if (!withoutGeometry) joined.push(v.at)
        layers.roads.push(feature(withoutGeometry ? null : { type: 'LineString', coordinates: bent(best, v.at, rng) }, {
          code: `${code}-RD-${String(++roadNo).padStart(4, '0')}`, name: `${v.name}通村路`, roadClass: best === seat ? 'township' : 'village',
          surface, townshipCode: code, ...projectFields(rng, status, Math.round(rng.uniform(0.4, 3) * 1e6)),
        }))
        // Group roads: a short spur into one village in twenty.
        if (rng.chance(0.05)) {
          layers.roads.push(feature({ type: 'LineString', coordinates: bent(v.at, offset(v.at, rng.uniform(300, 1500), rng.uniform(0, 6.28)), rng) }, {
            code: `${code}-RD-${String(++roadNo).padStart(4, '0')}`, name: `${v.name}组道`, roadClass: 'group',
            surface: rng.chance(0.5) ? 'hardened' : 'gravel', townshipCode: code, ...projectFields(rng, projectStatus(rng, 0.8), Math.round(rng.uniform(1, 5) * 1e5)),
          }))
        }
      }

      // Water: a supply plant at the seat piping to a third of the villages; wells and cisterns for most others.
      const plant = offset(seat, rng.uniform(300, 1200), rng.uniform(0, 6.28))
      layers.water.push(feature({ type: 'Point', coordinates: plant }, {
        code: `${code}-WS-${String(++waterNo).padStart(4, '0')}`, name: `${name}水厂`, kind: 'supply_plant', townshipCode: code,
        capacityM3PerDay: rng.int(500, 5000), servesPopulation: rng.int(3000, 20000), ...projectFields(rng, 'completed', rng.int(2, 20) * 1e6),
      }))
      for (const v of villages) {
        const r = rng.next()
        const wcode = `${code}-WS-${String(++waterNo).padStart(4, '0')}`
        const status = projectStatus(rng, 0.88)
        if (r < 0.33) {
          layers.water.push(feature({ type: 'LineString', coordinates: bent(plant, offset(v.at, rng.uniform(0, 300), rng.uniform(0, 6.28)), rng) }, {
            code: wcode, name: `${v.name}供水管`, kind: 'pipeline', townshipCode: code, servesPopulation: v.population,
            ...projectFields(rng, status, rng.int(3, 30) * 1e5),
          }))
        } else if (r < 0.9) {
          const kind = rng.pick(['well', 'cistern', 'intake'] as const)
          layers.water.push(feature({ type: 'Point', coordinates: offset(v.at, rng.uniform(50, 1400), rng.uniform(0, 6.28)) }, {
            code: wcode, name: `${v.name}${kind === 'well' ? '水井' : kind === 'cistern' ? '水窖' : '取水点'}`, kind, townshipCode: code,
            ...(rng.chance(0.8) ? { serviceRadiusM: rng.pick([500, 800, 1000, 1500, 2000]) } : {}),
            ...(kind === 'cistern' ? { capacityM3: rng.pick([60, 120, 200]) } : {}), ...projectFields(rng, status, rng.int(1, 10) * 1e5),
          }))
        } else if (r < 0.92) {
          layers.water.push(feature({ type: 'LineString', coordinates: bent(v.at, offset(v.at, rng.uniform(800, 3000), rng.uniform(0, 6.28)), rng) }, {
            code: wcode, name: `${v.name}灌溉渠`, kind: 'irrigation_channel', townshipCode: code, ...projectFields(rng, 'completed', rng.int(2, 20) * 1e5),
          }))
        } else waterNo -= 1
      }

      // Resettlement sites, near the seat: about seven for every hundred villages.
      const siteCount = Math.floor(villages.length * 0.07 + rng.next())
      for (let k = 0; k < siteCount; k++) {
        const scode = `${code}-ST-${String(++siteNo).padStart(3, '0')}`
        const at = offset(seat, rng.uniform(400, 3000), rng.uniform(0, 6.28))
        const decision = rng.chance(0.85) ? 'selected' : rng.chance(0.6) ? 'candidate' : 'rejected'
        const population = rng.int(20, 300) * 4
        const geometry: Geometry = rng.chance(0.6) ? { type: 'Point', coordinates: at }
          : { type: 'Polygon', coordinates: [[at, offset(at, 150, 0), offset(offset(at, 150, 0), 120, Math.PI / 2), offset(at, 120, Math.PI / 2), at]] }
        const status = decision === 'selected' ? projectStatus(rng, 0.75) : 'planned'
        layers.sites.push(feature(geometry, {
          code: scode, name: `${name}${nameFrom(rng, '安置点')}`, townshipCode: code, kind: rng.chance(0.9) ? 'centralized' : 'scattered', decision,
          capacityHouseholds: population / 4, capacityPopulation: population, floorAreaM2: population * rng.int(20, 25),
          landStatus: rng.pick(['unknown', 'pending', 'approved'] as const), ...projectFields(rng, status, population * 30_000),
        }))
        if (decision === 'selected') countySites.push(scode)
      }

      // Hazard zones up the slopes, about three for every hundred villages.
      const hazardCount = Math.floor(villages.length * 0.03 + rng.next())
      for (let k = 0; k < hazardCount; k++) {
        const at = pt(rng.uniform(box.w, box.e), rng.uniform(box.s, box.n))
        const size = rng.uniform(200, 1200)
        const b = { w: at[0], s: at[1], e: offset(at, size, 0)[0], n: offset(at, size * rng.uniform(0.5, 1.5), Math.PI / 2)[1] }
        layers.hazards.push(feature(polygon(b), {
          code: `${county.code}-HZ-${String(++hazardNo).padStart(3, '0')}`, name: `${name}${rng.pick(['滑坡', '泥石流', '崩塌', '洪涝区'])}`,
          kind: rng.pick(['landslide', 'debris_flow', 'collapse', 'flood', 'subsidence'] as const), level: rng.pick(['low', 'medium', 'high'] as const),
        }))
      }
    }
  })

  // County roads: the township seats joined by a tree (Prim), seat to seat, hardened.
  const inTree = [0]
  const left = new Set(seats.map((_, i) => i).slice(1))
  while (left.size) {
    let best: [number, number, number] = [-1, -1, Infinity]
    for (const a of inTree) for (const b of left) {
      const d = metres(seats[a], seats[b])
      if (d < best[2]) best = [a, b, d]
    }
    inTree.push(best[1])
    left.delete(best[1])
    layers.roads.push(feature({ type: 'LineString', coordinates: bent(seats[best[0]], seats[best[1]], rng) }, {
      code: `${county.code}-RD-${String(inTree.length - 1).padStart(3, '0')}`, name: `X${String(county.index % 1000).padStart(3, '0')}县道`,
      roadClass: 'county', surface: 'hardened', ...projectFields(rng, 'completed', Math.round(rng.uniform(5, 30) * 1e6)),
    }))
  }

  // Relocation: villages high up move, in part or whole, to a selected site of their county.
  for (const v of layers.villages) {
    const p = v.properties
    if ((p.elevationM as number) > baseElevation + 500 && rng.chance(0.5)) {
      const whole = rng.chance(0.12)
      const households = whole ? (p.households as number) : Math.max(1, Math.round((p.households as number) * rng.uniform(0.05, 0.3)))
      const population = Math.min(p.population as number, Math.round(households * rng.uniform(3, 4)))
      p.relocation = whole ? 'whole' : 'partial'
      p.relocationHouseholds = households
      p.relocationPopulation = population
      p.relocationPoorHouseholds = Math.min(households, Math.round(households * rng.uniform(0.2, 0.8)))
      if (countySites.length && rng.chance(0.8)) p.relocationSiteCode = rng.pick(countySites)
    } else p.relocation = 'none'
  }
  return { county, layers }
}

interface PlacedVillage {
  code: string
  name: string
  at: Position
  population: number
  feature: GeneratedFeature
}

/** The villages of one township along its valley, and the seat in the valley's middle. */
function townshipContents(rng: Rng, township: string, townshipName: string, box: Box, count: number, base: number): { villages: PlacedVillage[]; seat: Position } {
  const margin = 0.08
  const width = box.e - box.w
  const height = box.n - box.s
  // The valley: from the west edge to the east edge at heights that wander.
  const valley = [0, 0.33, 0.66, 1].map((x) => [box.w + width * (margin + x * (1 - 2 * margin)), box.s + height * rng.uniform(0.3, 0.7)] as const)
  const along = (x: number): [number, number] => {
    const k = Math.min(2, Math.floor(x * 3))
    const f = x * 3 - k
    return [valley[k][0] + (valley[k + 1][0] - valley[k][0]) * f, valley[k][1] + (valley[k + 1][1] - valley[k][1]) * f]
  }
  const middle = along(0.5)
  const seat = pt(middle[0], middle[1])
  const villages: PlacedVillage[] = []
  const used = new Set<string>([seat.join()])
  for (let i = 0; i < count; i++) {
    const [x, y] = along(rng.next())
    const spread = rng.normal() * 0.15
    let at = pt(x + rng.uniform(-0.02, 0.02) * width, Math.min(box.n - height * margin / 2, Math.max(box.s + height * margin / 2, y + spread * height)))
    while (used.has(at.join())) at = pt(at[0] + 1e-5, at[1])
    used.add(at.join())
    const code = `${township}${String((i < 3 ? 1 : 201) + (i < 3 ? i : i - 3)).padStart(3, '0')}`
    const name = nameFrom(rng, i < 3 ? '社区' : '村')
    const population = Math.round(Math.exp(rng.normal() * 0.55 + Math.log(1400)))
    const households = Math.max(1, Math.round(population / rng.uniform(3.2, 4.2)))
    const isPoor = rng.chance(0.26)
    const planned = isPoor ? rng.int(2016, 2020) : undefined
    const exited = isPoor && rng.chance(0.85)
    const incidence = isPoor ? (exited ? rng.uniform(0, 0.018) : rng.uniform(0.02, 0.12)) : rng.uniform(0, 0.025)
    const poorPopulation = Math.min(population, Math.round(population * incidence))
    const poorHouseholds = Math.min(households, Math.round(poorPopulation / rng.uniform(2.8, 3.6)))
    const elevation = Math.round(base + Math.abs(spread) * 2500 + rng.uniform(0, 120))
    const flag = (p: number) => (rng.chance(0.02) ? undefined : rng.chance(p))
    const properties: Record<string, unknown> = {
      code, name, townshipCode: township, households, population, poorHouseholds, poorPopulation, isPoorVillage: isPoor,
      ...(planned ? { plannedExitYear: planned } : {}), ...(exited ? { exitYear: Math.min(2020, planned! + (rng.chance(0.2) ? 1 : 0)) } : {}),
      elevationM: elevation, hasElectricity: exited ? true : flag(0.99), hasBroadband: exited ? true : flag(0.9),
      hasClinic: exited ? true : flag(0.85), hasCulturalRoom: exited ? true : flag(0.8),
    }
    for (const key of Object.keys(properties)) if (properties[key] === undefined) delete properties[key]
    villages.push({ code, name: `${townshipName}${name}`, at, population, feature: feature({ type: 'Point', coordinates: at }, properties) })
  }
  return { villages, seat }
}

/** Every county's features, one county at a time. */
export function* countryCounties(options: CountryOptions): Generator<CountyLayers> {
  for (const county of countryPlan(options).counties) yield countyFeatures(options, county)
}

/** One feature per line, as the sample's files. */
export const featureLine = (f: GeneratedFeature) => JSON.stringify(f)

/** The whole country in memory (for tests and small sizes). */
export function generateCountry(options: CountryOptions): Record<LayerName, GeneratedFeature[]> {
  const all: Record<LayerName, GeneratedFeature[]> = { regions: upperRegions(options), villages: [], sites: [], roads: [], water: [], facilities: [], hazards: [] }
  for (const { layers } of countryCounties(options)) for (const layer of LOAD_ORDER) all[layer].push(...layers[layer])
  return all
}

export { PROJECT_DONE }
