import { z } from 'zod'
import { PROJECT_STATUSES, type ProjectStatus } from '../format/layers.ts'
import type { WireMessage } from '../messages/catalogue.ts'
import { isStandardFundingSource, type ProjectLayer } from '../projects/layers.ts'
import type { LayerFeature } from './layers.ts'
import { endpoint } from './endpoint.ts'

// Build-out projects: the list, the rollup, one project with its log, funding lines and the villages
// it serves, and the changes made through the progress log, funding lines, geometry and splits.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const isRealDate = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)
const date = z.string().regex(ISO_DATE, 'iso_date').refine(isRealDate, 'real_date')
/** The version of the project the caller read: a change to an older one is refused (409). */
const version = z.number().int().positive()

/** A new entry of the progress log; the project's state becomes its projection. */
export const progressBody = z.object({
  version,
  date,
  status: z.enum(PROJECT_STATUSES),
  progressPct: z.number().finite().min(0).max(100),
  spentCny: z.number().finite().min(0).optional(),
  note: z.string().max(2000).optional(),
  reason: z.string().max(2000).optional(),
  /** The id of an earlier entry this one corrects. */
  corrects: z.number().int().positive().optional(),
}).strict()

/** Properties (other than those of the log) and the geometry; null removes a property. */
export const patchBody = z.object({
  version,
  properties: z.record(z.string(), z.unknown()).optional(),
  geometry: z.union([z.object({ type: z.string(), coordinates: z.unknown() }).passthrough(), z.null()]).optional(),
}).strict()

/** A county's own funding source; the four standard ones are the project fields fundingState…fundingOther. */
export const fundingBody = z.object({
  version,
  source: z.string().trim().min(1, 'not_empty').max(50).refine((v) => !isStandardFundingSource(v), 'standard_funding_source'),
  amountCny: z.number().finite().min(0).max(1e12),
}).strict()

/** Split a road at a point along it; the second part gets newCode (the road's code + "-B" by default). */
export const splitBody = z.object({
  version,
  point: z.tuple([z.number().finite(), z.number().finite()]),
  newCode: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$/, 'feature_code').optional(),
}).strict()

/** One row of the project list. */
export interface ProjectRow {
  layer: ProjectLayer
  code: string
  name: string | null
  townshipCode: string | null
  townshipName: string | null
  status: ProjectStatus
  progressPct: number | null
  plannedStart: string | null
  plannedEnd: string | null
  actualStart: string | null
  actualEnd: string | null
  budgetCny: number | null
  spentCny: number | null
  fundingState: number | null
  fundingSector: number | null
  fundingSelf: number | null
  fundingOther: number | null
  contractor: string | null
  version: number
  noGeometry: boolean
  /** Roads only. */
  lengthM: number | null
  /** Planned end passed (China time) and not complete. */
  overdue: boolean
}

/** The figures of a region, a township or a project type. Rates are fractions 0–1, null without projects. */
export interface Rollup {
  projects: number
  started: number
  completed: number
  startRate: number | null
  completionRate: number | null
  overdue: number
  roadKmBuilt: number
  roadKmHardened: number
  pipeKmBuilt: number
  budgetCny: number
  spentCny: number
  /** Yuan by source: the four standard ones and a county's own. */
  funding: Record<string, number>
}

export interface TownshipRollup {
  code: string
  name: string
  total: Rollup
  byType: Partial<Record<ProjectLayer, Rollup>>
}

export interface ProjectSummary {
  /** The region summed up: a township, county, province ('52') or '' (the whole instance). */
  region: string
  /**
   * What the parts in `townships` are: a county's or township's townships, or the counties of a
   * province or of the whole instance (their `code` and `name` are then the county's).
   */
  partLevel: 'county' | 'township'
  /** China's date the overdue projects are judged on. */
  today: string
  total: Rollup
  byType: Partial<Record<ProjectLayer, Rollup>>
  /** The parts one level down (see `partLevel`). */
  townships: TownshipRollup[]
  /** How the figures count (projects.note_*), to be said with them. */
  notices: WireMessage[]
  /** The same in English, for scripts. */
  notes: string[]
}

/** One entry of a project's progress log (entries are never edited; a correction names the one it corrects). */
export interface LogEntry {
  id: number
  date: string
  status: ProjectStatus
  /** Null on an imported entry that named no progress. */
  progressPct: number | null
  spentCny: number | null
  note: string | null
  reason: string | null
  corrects: number | null
  source: 'import' | 'manual'
  createdBy: string | null
  createdAt: string
}

/** A county's own funding source on a project, beside the four standard fields. */
export interface FundingLine {
  id: number
  source: string
  amountCny: number
}

export interface ServedVillage {
  code: string
  name: string
  population: number
  poorPopulation: number | null
  /** Null for a resettlement site's villages (they are named by relocationSiteCode, not by distance). */
  distanceM: number | null
}

/** The villages a project serves, and the rule that chose them. */
export interface Serves {
  /** The rule (projects.serves_*), to be said. */
  ruleMsg: WireMessage
  /** The same in English, for scripts. */
  rule: string
  villages: ServedVillage[]
  population: number
}

export interface ProjectDetail {
  layer: ProjectLayer
  version: number
  feature: LayerFeature
  log: LogEntry[]
  funding: FundingLine[]
  serves: Serves
}

/** A road split in two: the part keeping the code, and the new one. */
export interface SplitRoad {
  parts: [ProjectDetail, ProjectDetail]
}

export const projectRoutes = {
  'GET /api/projects': endpoint<ProjectRow[]>(),
  'GET /api/projects/summary': endpoint<ProjectSummary>(),
  'GET /api/projects/:layer/:code': endpoint<ProjectDetail>(),
  'POST /api/projects/:layer/:code/progress': endpoint<ProjectDetail>().takes(progressBody),
  'PATCH /api/projects/:layer/:code': endpoint<ProjectDetail>().takes(patchBody),
  'POST /api/projects/:layer/:code/funding': endpoint<ProjectDetail>().takes(fundingBody),
  'DELETE /api/projects/:layer/:code/funding/:id': endpoint<ProjectDetail>(),
  'POST /api/projects/roads/:code/split': endpoint<SplitRoad>().takes(splitBody),
}
