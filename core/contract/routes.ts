import type { z } from 'zod'
import { accountRoutes } from './accounts.ts'
import { analysisRoutes } from './analysis.ts'
import { auditRoutes } from './audit.ts'
import type { Endpoint } from './endpoint.ts'
import { exitRoutes } from './exit.ts'
import { exportRoutes } from './export.ts'
import { healthRoutes } from './health.ts'
import { layerRoutes } from './layers.ts'
import { optimiseRoutes } from './optimise.ts'
import { projectRoutes } from './projects.ts'
import { scenarioRoutes } from './scenarios.ts'
import { settingRoutes } from './settings.ts'
import { tileRoutes } from './tiles.ts'

// The API's contract: every route, `METHOD /path/:param`, with its body schema and answer type.
// The server answers through `reply` (api/http/reply.ts), which checks each handler's answer against
// it; the web client (web/http/api.ts) is typed by it; tests/api/contract.test.ts checks that the
// app serves exactly these routes.

export const ROUTES = {
  ...healthRoutes, ...accountRoutes, ...layerRoutes, ...settingRoutes, ...auditRoutes,
  ...analysisRoutes, ...scenarioRoutes, ...exitRoutes, ...projectRoutes,
  ...optimiseRoutes,
  ...tileRoutes,
  ...exportRoutes,
} as const

export type Routes = typeof ROUTES
export type RouteKey = keyof Routes

/** The answer of a route. */
export type ResponseOf<K extends RouteKey> = Routes[K] extends Endpoint<infer Res, z.ZodType | null> ? Res : never

type SchemaOf<K extends RouteKey> = Routes[K] extends Endpoint<unknown, infer S> ? S : never

/** The body a caller sends (before defaults). */
export type BodyOf<K extends RouteKey> = SchemaOf<K> extends z.ZodType ? z.input<SchemaOf<K>> : undefined

/** The body as the server reads it once validated (defaults applied). */
export type ParsedBodyOf<K extends RouteKey> = SchemaOf<K> extends z.ZodType ? z.output<SchemaOf<K>> : undefined

/** Routes that take a JSON body. */
export type RoutesWithBody = { [K in RouteKey]: SchemaOf<K> extends z.ZodType ? K : never }[RouteKey]
