import { endpoint } from './endpoint.ts'

// Planners' scenarios. (Types to be completed with the siting contract.)
export const scenarioRoutes = {
  'GET /api/scenarios': endpoint<unknown>(),
  'GET /api/scenarios/compare': endpoint<unknown>(),
  'POST /api/scenarios': endpoint<unknown>(),
  'GET /api/scenarios/:id': endpoint<unknown>(),
  'PUT /api/scenarios/:id': endpoint<unknown>(),
  'POST /api/scenarios/:id/duplicate': endpoint<unknown>(),
  'DELETE /api/scenarios/:id': endpoint<unknown>(),
  'POST /api/scenarios/:id/sites/:key/promote': endpoint<unknown>(),
  'GET /api/scenarios/:id/export': endpoint<unknown>(),
}
