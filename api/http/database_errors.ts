import { msg } from '../../core/messages/catalogue.ts'
import { ApiError } from './errors.ts'

// A database error that reached the error handler, as the refusal it stands for. Validation comes
// first (api/http/json.ts, the import checks): this is the net under it, so that no input ever
// answers 500, and a database that cannot be reached answers 503 at once.

/** SQLSTATE codes of values the database refused (out of range, not valid text, nested too deep). */
const REFUSED_VALUES = new Set(['22003', '22P02', '22021', '22007', '22008', '22023', '22001', '54001', '2201E', '22P05'])
/** SQLSTATE codes and driver codes of a connection that is gone or cannot be made. */
const UNREACHABLE = new Set([
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET',
  'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
])

function codesOf(error: unknown): string[] {
  const out: string[] = []
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string') out.push(e.code)
    if (typeof e === 'object' && e !== null && 'errors' in e && Array.isArray((e as { errors: unknown[] }).errors)) {
      for (const inner of (e as { errors: { code?: unknown }[] }).errors) if (typeof inner?.code === 'string') out.push(inner.code)
    }
  }
  return out
}

/** Seconds a client should wait before trying again when the database is away. */
export const RETRY_AFTER_S = 5

export function databaseRefusal(error: unknown): ApiError | null {
  const codes = codesOf(error)
  if (codes.includes('23505')) return new ApiError(409, 'conflict', msg('errors.duplicate'))
  if (codes.some((c) => REFUSED_VALUES.has(c))) return new ApiError(400, 'invalid_value', msg('errors.database_refused'))
  if (codes.some((c) => UNREACHABLE.has(c))) return new ApiError(503, 'database_unavailable', msg('errors.database_unavailable'), { retryAfter: RETRY_AFTER_S })
  return null
}
