import { english } from '../../core/messages/english.ts'
import type { Message, WireMessage } from '../../core/messages/catalogue.ts'

/** The statuses the API answers a refusal with (DEVELOPERS.md "Status codes"). */
export type RefusalStatus = 400 | 401 | 403 | 404 | 406 | 409 | 413 | 414 | 422 | 429 | 431 | 503

/**
 * The one error type of the API. Any layer may raise it (it knows nothing of Hono); the app's one
 * error handler turns it into the JSON body. `code` is the stable reason a script branches on;
 * `details.msg` is what the web app says to the user (a catalogue code with its parameters);
 * `message` is the same in English, for scripts and logs.
 */
export class ApiError extends Error {
  readonly details: Record<string, unknown>

  constructor(readonly status: RefusalStatus, readonly code: string, msg: Message | WireMessage, details: Record<string, unknown> = {}) {
    super(english(msg))
    this.name = 'ApiError'
    this.details = { ...details, msg }
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details: unknown }
}

export function errorBody(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } }
}

export const badRequest = (code: string, msg: Message, details: Record<string, unknown> = {}) => new ApiError(400, code, msg, details)

export const notFound = (msg: Message, details: Record<string, unknown> = {}) => new ApiError(404, 'not_found', msg, details)

export const forbidden = (code: 'forbidden' | 'out_of_scope', msg: Message, details: Record<string, unknown> = {}) =>
  new ApiError(403, code, msg, details)

export const conflict = (code: string, msg: Message, details: Record<string, unknown> = {}) => new ApiError(409, code, msg, details)
