import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** One error type for every failure the API reports; app.onError turns it into the JSON body. */
export class ApiError extends HTTPException {
  readonly code: string
  readonly details: unknown

  constructor(status: ContentfulStatusCode, code: string, message: string, details: unknown = null) {
    super(status, { message })
    this.code = code
    this.details = details
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details: unknown }
}

export function errorBody(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } }
}

export const badRequest = (code: string, message: string, details: unknown = null) =>
  new ApiError(400, code, message, details)

export const notFound = (message: string, details: unknown = null) =>
  new ApiError(404, 'not_found', message, details)
