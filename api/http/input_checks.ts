import type { Context, Next } from 'hono'
import { msg } from '../../core/messages/catalogue.ts'
import { badRequest, ApiError } from './errors.ts'

// Text the database cannot store, and shapes that cost more than they are worth, are refused at
// the door with the field they stand in: the NUL character (PostgreSQL text cannot hold it), lone
// UTF-16 surrogates (not valid Unicode), JSON nested deeper than any of our bodies needs, and
// addresses longer than any of our routes needs.

/** Our deepest body is a MultiPolygon inside a feature inside a collection: far below this. */
export const MAX_JSON_DEPTH = 64
export const MAX_URL_LENGTH = 8192

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The problem of one text, if any. */
export function textProblem(text: string): 'nul' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul'
  if (LONE_SURROGATE.test(text)) return 'surrogate'
  return null
}

function refuseText(problem: 'nul' | 'surrogate', field: string): ApiError {
  return problem === 'nul'
    ? badRequest('invalid_text', msg('errors.nul_character', { field }), { field })
    : badRequest('invalid_text', msg('errors.lone_surrogate', { field }), { field })
}

/** Walks a parsed JSON value without recursion: depth, and every string and key. */
export function checkJsonValue(value: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }]
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!
    if (typeof v === 'string') {
      const problem = textProblem(v)
      if (problem) throw refuseText(problem, path || 'body')
      continue
    }
    if (typeof v !== 'object' || v === null) continue
    if (depth >= MAX_JSON_DEPTH) throw badRequest('too_deep', msg('errors.too_deep', { max: MAX_JSON_DEPTH }), { field: path || 'body' })
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: path ? `${path}.${i}` : String(i), depth: depth + 1 })
    } else {
      for (const [key, inner] of Object.entries(v)) {
        const problem = textProblem(key)
        if (problem) throw refuseText(problem, path ? `${path}.${key}` : key)
        stack.push({ value: inner, path: path ? `${path}.${key}` : key, depth: depth + 1 })
      }
    }
  }
}

/** Middleware: the address itself (path and query), before any route reads it. */
export async function checkUrl(c: Context, next: Next) {
  const url = c.req.url
  if (url.length > MAX_URL_LENGTH) throw new ApiError(414, 'url_too_long', msg('errors.url_too_long', { max: MAX_URL_LENGTH }))
  let decoded: string
  try {
    decoded = decodeURIComponent(url)
  } catch {
    throw badRequest('invalid_text', msg('errors.lone_surrogate', { field: 'url' }), { field: 'url' })
  }
  const problem = textProblem(decoded)
  if (problem) throw refuseText(problem, 'url')
  await next()
}
