import { endpoint } from './endpoint.ts'

export type AuditAction = 'create' | 'update' | 'delete'

export interface AuditEntry {
  id: number
  at: string
  username: string
  action: AuditAction
  /** A layer name, 'settings', 'users', 'api_tokens' or 'scenarios'. */
  entity: string
  code: string
  before: unknown
  after: unknown
}

export const auditRoutes = {
  'GET /api/audit': endpoint<AuditEntry[]>(),
}
