// The account, data and administration routes, typed by the contract. Layer reads stay in the stores that keep them.
import type { LedgerKind } from '../../core/contract/export'
import type { ExportFormat } from '../../core/export/formats'
import type { LayerName } from '../../core/format/layers'
import { call, download } from './client'
import type { NewUser, UserChange } from './types'

export type { NewUser, UserChange }

export const authApi = {
  me: () => call('GET /api/auth/me'),
  session: () => call('GET /api/auth/session'),
  login: (username: string, password: string) => call('POST /api/auth/login', { body: { username, password } }),
  logout: () => call('POST /api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    call('POST /api/auth/password', { body: { currentPassword, newPassword } }),
}

export const usersApi = {
  list: () => call('GET /api/users'),
  create: (user: NewUser) => call('POST /api/users', { body: user }),
  update: (id: number, change: UserChange) => call('PATCH /api/users/:id', { path: { id }, body: change }),
  remove: (id: number) => call('DELETE /api/users/:id', { path: { id } }),
}

export const tokensApi = {
  list: () => call('GET /api/tokens'),
  create: (name: string, userId?: number) => call('POST /api/tokens', { body: userId ? { name, userId } : { name } }),
  revoke: (id: number) => call('DELETE /api/tokens/:id', { path: { id } }),
}

export const settingsApi = {
  list: (region: string | null) => call('GET /api/settings', { query: { region } }),
  put: (key: string, value: unknown, scope: string) => call('PUT /api/settings/:key', { path: { key }, body: { value, scope } }),
}

export interface AuditFilter {
  entity?: string
  code?: string
  user?: string
  /** ISO dates or times; `to` is exclusive. */
  from?: string
  to?: string
  limit?: number
  offset?: number
}

export const auditApi = {
  list: (filter: AuditFilter) => call('GET /api/audit', { query: { ...filter } }),
}

export const layersApi = {
  history: (layer: LayerName, code: string) => call('GET /api/layers/:layer/:code/history', { path: { layer, code } }),
}

export const exportApi = {
  /** A layer as a file in one of the export formats, within the reader's scope. */
  layer: (layer: LayerName, format: ExportFormat, region: string | null, status: string | null) =>
    download('GET /api/layers/:layer/export', { path: { layer }, query: { format, region, status } }),
  /** A ledger as Excel: a summary sheet and one sheet per township. */
  ledger: (kind: LedgerKind, region: string) => download('GET /api/ledgers/:kind', { path: { kind }, query: { region } }),
}
