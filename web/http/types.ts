// Shapes of the API's answers (the API contract: GET /api/health, /api/counties, /api/layers, /api/search).
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { LayerName } from '../../core/format/layers'

export type BBox = [number, number, number, number]

export interface County {
  code: string
  name: string
  bbox: BBox
}

/** Exchange-format properties: `code` is the key; the rest as GEODATA_FORMAT.md names them. */
export type FeatureProps = { code: string; name?: string | null } & Record<string, unknown>

export type LayerFeature = Feature<Geometry | null, FeatureProps>
export type LayerCollection = FeatureCollection<Geometry | null, FeatureProps>

export interface SearchResult {
  layer: Extract<LayerName, 'villages' | 'regions' | 'sites'>
  code: string
  name: string
  kind: 'village' | 'township' | 'county' | 'site'
  townshipName?: string
  bbox: BBox
}

export type Health =
  | { status: 'starting'; message: string; stage?: string }
  | { status: 'ok'; database: 'pglite' | 'postgres'; postgis: string }

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown }
}

// Accounts, settings, audit (GET /api/auth/me, /api/users, /api/tokens, /api/settings, /api/audit).

export const ROLES = ['viewer', 'planner', 'engineer', 'admin'] as const
export type Role = (typeof ROLES)[number]

export interface Permissions {
  writableLayers: LayerName[]
  manageUsers: boolean
  editSettings: boolean
  viewAudit: boolean
}

/** The signed-in account. regionCode '' is the whole instance. */
export interface SessionUser {
  id: number
  username: string
  displayName: string | null
  role: Role
  regionCode: string
  regionName: string | null
  mustChangePassword: boolean
  permissions: Permissions
}

export interface UserAccount {
  id: number
  username: string
  displayName: string | null
  role: Role
  regionCode: string
  disabled: boolean
  mustChangePassword: boolean
  createdAt: string
}

export interface ApiToken {
  id: number
  name: string
  username: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** The answer to creating a token: the only time its secret is shown. */
export interface CreatedToken {
  id: number
  name: string
  username: string
  token: string
}

export type SettingUnit = 'm' | 'm2' | 'ratio' | 'km/h' | 'cny' | 'bytes' | 'list'

export interface Setting {
  key: string
  value: unknown
  /** Where the value comes from: '' default, 2-digit province, 6-digit county. */
  scope: string
  default: unknown
  unit?: SettingUnit
  description: string
}

/** One problem of an import, as the server lists them in details.errors (and as warnings). */
export interface ImportIssue {
  index: number | null
  code?: string
  property: string
  reason: string
  message: string
}

export interface ImportResult {
  inserted: number
  updated: number
  warnings: ImportIssue[]
}

export type AuditAction = 'create' | 'update' | 'delete'

export interface AuditEntry {
  id: number
  at: string
  username: string
  action: AuditAction
  /** A layer name, 'settings', 'users' or 'api_tokens'. */
  entity: string
  code: string
  before: unknown
  after: unknown
}

export interface ProgressEntry {
  date: string
  status: string
  progressPct: number | null
  spentCny: number | null
  note: string | null
  source: 'import' | 'manual'
  createdAt: string
}

export interface FeatureHistory {
  changes: AuditEntry[]
  progress: ProgressEntry[]
}
