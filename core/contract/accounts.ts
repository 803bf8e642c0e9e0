import { z } from 'zod'
import { ROLES, type Role } from '../accounts/roles.ts'
import type { LayerName } from '../format/layers.ts'
import { endpoint, type Ok } from './endpoint.ts'

// Sessions, accounts and API tokens.

export const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
export const passwordBody = z.object({ currentPassword: z.string().max(200), newPassword: z.string() })

const username = z.string().regex(/^[A-Za-z0-9_.@-]{2,50}$/, 'invalid_format')
/** A county or township code, or '' for the whole instance. */
const regionCode = z.string().regex(/^(\d{6}|\d{9})?$/, 'region_code')

export const createUserBody = z.object({
  username, password: z.string(), role: z.enum(ROLES), regionCode,
  displayName: z.string().max(100).optional(),
}).strict()
export const updateUserBody = z.object({
  role: z.enum(ROLES).optional(), regionCode: regionCode.optional(), disabled: z.boolean().optional(),
  displayName: z.string().max(100).nullable().optional(), password: z.string().optional(),
}).strict()

export const createTokenBody = z.object({
  name: z.string().trim().min(1, 'not_empty').max(100),
  /** The account the token acts as; the admin's own when omitted. */
  userId: z.number().int().positive().optional(),
}).strict()

export type NewUser = z.input<typeof createUserBody>
export type UserChange = z.input<typeof updateUserBody>

export interface Permissions {
  writableLayers: readonly LayerName[]
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

/** Who the browser is signed in as: null when it has no session (or one that ended), never a 401. */
export interface SessionState {
  user: SessionUser | null
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

export const accountRoutes = {
  'POST /api/auth/login': endpoint<SessionUser>().takes(loginBody),
  'POST /api/auth/logout': endpoint<Ok>(),
  'GET /api/auth/me': endpoint<SessionUser>(),
  'GET /api/auth/session': endpoint<SessionState>(),
  'POST /api/auth/password': endpoint<SessionUser>().takes(passwordBody),
  'GET /api/users': endpoint<UserAccount[]>(),
  'POST /api/users': endpoint<UserAccount>().takes(createUserBody),
  'PATCH /api/users/:id': endpoint<UserAccount>().takes(updateUserBody),
  'DELETE /api/users/:id': endpoint<Ok>(),
  'GET /api/tokens': endpoint<ApiToken[]>(),
  'POST /api/tokens': endpoint<CreatedToken>().takes(createTokenBody),
  'DELETE /api/tokens/:id': endpoint<Ok>(),
}
