// The one place the web app talks HTTP. Every failure becomes an ApiError with a code.
import type { ApiErrorBody } from './types'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Server error code, or `network` / `bad_response` for failures before an answer. */
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body
    && typeof (body as ApiErrorBody).error === 'object' && (body as ApiErrorBody).error !== null
}

export async function getJson<T>(path: string, options: { signal?: AbortSignal } = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: options.signal })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    throw new ApiError(response.status, 'bad_response', `${response.status} ${response.statusText}`)
  }
  if (!response.ok) {
    if (isErrorBody(body)) {
      throw new ApiError(response.status, body.error.code || 'error', body.error.message || response.statusText, body.error.details ?? null)
    }
    throw new ApiError(response.status, response.status === 503 ? 'starting' : 'error', response.statusText)
  }
  return body as T
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}
