import type { WireMessage } from '../messages/catalogue.ts'
import { endpoint } from './endpoint.ts'

export type Health =
  | { status: 'ok'; database: 'pglite' | 'postgres'; postgis: string }
  | { status: 'starting' | 'failed'; database: 'pglite' | 'postgres'; stage: string; message: string; msg: WireMessage }
  /** Started, but the database does not answer now (a PostgreSQL server that is down or restarting). */
  | { status: 'unavailable'; database: 'pglite' | 'postgres'; message: string; msg: WireMessage }

export const healthRoutes = {
  'GET /api/health': endpoint<Health>(),
}
