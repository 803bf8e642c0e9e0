import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ROUTES, type ParsedBodyOf, type ResponseOf, type RouteKey, type RoutesWithBody } from '../../core/contract/routes.ts'
import { parseJson } from './json.ts'

// The two ends of every handler, typed by the contract (core/contract): the body it reads,
// validated by the route's schema, and the answer it gives, checked against the route's type.

export function reply<K extends RouteKey>(c: Context, _route: K, value: ResponseOf<K>, status: ContentfulStatusCode = 200): Response {
  return c.json(value as never, status)
}

export async function bodyOf<K extends RoutesWithBody>(c: Context, route: K): Promise<ParsedBodyOf<K>> {
  return parseJson(c, ROUTES[route].body!) as Promise<ParsedBodyOf<K>>
}
