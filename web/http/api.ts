// The account, data and administration routes, typed. Layer reads stay in the stores that keep them.
import type { LayerName } from '../../core/format/layers'
import { getJson, request } from './client'
import type {
  ApiToken, AuditEntry, CreatedToken, FeatureHistory, ImportResult, Role, SessionUser, Setting,
  UserAccount,
} from './types'

const enc = encodeURIComponent

export const authApi = {
  me: () => getJson<SessionUser>('/api/auth/me'),
  login: (username: string, password: string) =>
    request<SessionUser>('POST', '/api/auth/login', { json: { username, password } }),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<SessionUser>('POST', '/api/auth/password', { json: { currentPassword, newPassword } }),
}

export interface NewUser {
  username: string
  password: string
  role: Role
  regionCode: string
  displayName?: string
}

export type UserChange = Partial<{ role: Role; regionCode: string; disabled: boolean; displayName: string | null; password: string }>

export const usersApi = {
  list: () => getJson<UserAccount[]>('/api/users'),
  create: (user: NewUser) => request<UserAccount>('POST', '/api/users', { json: user }),
  update: (id: number, change: UserChange) => request<UserAccount>('PATCH', `/api/users/${id}`, { json: change }),
  remove: (id: number) => request<{ ok: true }>('DELETE', `/api/users/${id}`),
}

export const tokensApi = {
  list: () => getJson<ApiToken[]>('/api/tokens'),
  create: (name: string, userId?: number) => request<CreatedToken>('POST', '/api/tokens', { json: userId ? { name, userId } : { name } }),
  revoke: (id: number) => request<{ ok: true }>('DELETE', `/api/tokens/${id}`),
}

export const settingsApi = {
  list: (region: string | null) => getJson<Setting[]>(region ? `/api/settings?region=${enc(region)}` : '/api/settings'),
  put: (key: string, value: unknown, scope: string) =>
    request<{ key: string; scope: string; value: unknown }>('PUT', `/api/settings/${enc(key)}`, { json: { value, scope } }),
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
  list: (filter: AuditFilter) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') params.set(key, String(value))
    }
    const query = params.toString()
    return getJson<AuditEntry[]>(`/api/audit${query ? `?${query}` : ''}`)
  },
}

export const layersApi = {
  history: (layer: LayerName, code: string) => getJson<FeatureHistory>(`/api/layers/${layer}/${enc(code)}/history`),
  /** The file goes as it is: the server parses and checks it, and names every problem. */
  importFile: (layer: LayerName, file: Blob) => request<ImportResult>('POST', `/api/layers/${layer}/import`, { raw: file }),
  /** The exchange-format GeoJSON exactly as the server writes it. */
  export: (layer: LayerName, region: string | null) =>
    request<Blob>('GET', region ? `/api/layers/${layer}?region=${enc(region)}` : `/api/layers/${layer}`, { as: 'blob' }),
}
