// The one place the web app talks HTTP. Every failure becomes an ApiError with a code.
import type { BodyOf, ResponseOf, RouteKey } from '../../core/contract/routes'
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

/** Told when an answer says the caller is not (or no longer) signed in, or must change the password first. */
type AuthFailureListener = (error: ApiError, path: string) => void
let authFailureListener: AuthFailureListener | null = null

export function onAuthFailure(listener: AuthFailureListener | null): void {
  authFailureListener = listener
}

/** Login answers 401 for a wrong password: that is the form's business, not a lost session. */
const OWN_AUTH_ERRORS = ['/api/auth/login', '/api/auth/me']

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body
    && typeof (body as ApiErrorBody).error === 'object' && (body as ApiErrorBody).error !== null
}

/** The double-submit value the server accepts when a request carries no Origin (some proxies strip it). */
export function csrfToken(): string | null {
  const match = /(?:^|;\s*)fupin_csrf=([^;]+)/.exec(document.cookie)
  return match ? decodeURIComponent(match[1]) : null
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  signal?: AbortSignal
  /** Sent as JSON. */
  json?: unknown
  /** Sent as it is (a File chosen for import), labelled as JSON. */
  raw?: BodyInit
  /** Read a successful answer as a Blob (a download) instead of JSON. */
  as?: 'json' | 'blob'
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  let body: BodyInit | undefined
  if (options.json !== undefined) body = JSON.stringify(options.json)
  else if (options.raw !== undefined) body = options.raw
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET') {
    const token = csrfToken()
    if (token) headers['x-csrf-token'] = token
  }
  let response: Response
  try {
    response = await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  if (response.ok && options.as === 'blob') return (await response.blob()) as T
  let parsed: unknown
  try {
    parsed = await response.json()
  } catch {
    throw new ApiError(response.status, 'bad_response', `${response.status} ${response.statusText}`)
  }
  if (!response.ok) {
    const error = isErrorBody(parsed)
      ? new ApiError(response.status, parsed.error.code || 'error', parsed.error.message || response.statusText, withRetryAfter(parsed.error.details, response))
      : new ApiError(response.status, response.status === 503 ? 'starting' : 'error', response.statusText)
    const authFailure = response.status === 401 || error.code === 'password_change_required'
    if (authFailure && !OWN_AUTH_ERRORS.includes(path)) authFailureListener?.(error, path)
    throw error
  }
  return parsed as T
}

/** A throttled login names its wait in details and in Retry-After; keep one of them. */
function withRetryAfter(details: unknown, response: Response): unknown {
  const header = Number(response.headers.get('retry-after'))
  if (response.status !== 429 || !Number.isFinite(header)) return details ?? null
  return { retryAfter: header, ...(typeof details === 'object' && details !== null ? details : {}) }
}

export function getJson<T>(path: string, options: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>('GET', path, options)
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}

/** Any failure as an ApiError, for the stores and composables that keep one. */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'error', err instanceof Error ? err.message : String(err))
}

// ---- The typed contract (core/contract/routes.ts) ----------------------------------------------

type PathOf<K extends string> = K extends `${string} ${infer P}` ? P : never
type MethodOf<K extends string> = K extends `${infer M} ${string}` ? M : never
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}` ? Name : never

export type Query = Record<string, string | number | boolean | null | undefined>

export type CallOptions<K extends RouteKey> =
  & { query?: Query; signal?: AbortSignal }
  & ([ParamNames<PathOf<K>>] extends [never] ? { path?: undefined } : { path: Record<ParamNames<PathOf<K>>, string | number> })
  & (BodyOf<K> extends undefined ? { body?: undefined; raw?: BodyInit } : { body: BodyOf<K> })

/** The URL of a route with its path parameters and query filled in. */
export function routeUrl(route: RouteKey, path: Record<string, string | number> = {}, query: Query = {}): string {
  const pattern = route.slice(route.indexOf(' ') + 1)
  const filled = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(path[name])))
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  const search = params.toString()
  return search ? `${filled}?${search}` : filled
}

/** Calls a route of the contract; the answer has the route's type. */
export function call<K extends RouteKey>(route: K, ...[options]: {} extends CallOptions<K> ? [CallOptions<K>?] : [CallOptions<K>]): Promise<ResponseOf<K>> {
  const o = (options ?? {}) as { path?: Record<string, string | number>; query?: Query; body?: unknown; raw?: BodyInit; signal?: AbortSignal }
  const method = route.slice(0, route.indexOf(' ')) as MethodOf<K> & Method
  return request<ResponseOf<K>>(method, routeUrl(route, o.path, o.query), { json: o.body, raw: o.raw, signal: o.signal })
}

/** Downloads what a route answers (an export) as a Blob. */
export function download<K extends RouteKey>(route: K, ...[options]: {} extends CallOptions<K> ? [CallOptions<K>?] : [CallOptions<K>]): Promise<Blob> {
  const o = (options ?? {}) as { path?: Record<string, string | number>; query?: Query; signal?: AbortSignal }
  const method = route.slice(0, route.indexOf(' ')) as Method
  return request<Blob>(method, routeUrl(route, o.path, o.query), { signal: o.signal, as: 'blob' })
}
