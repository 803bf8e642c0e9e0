import { endpoint } from './endpoint.ts'

// Nearest, coverage and the evaluation of a candidate site. (Types to be completed with the siting contract.)
export const analysisRoutes = {
  'GET /api/analysis/nearest': endpoint<unknown>(),
  'GET /api/analysis/coverage': endpoint<unknown>(),
  'POST /api/analysis/site': endpoint<unknown>(),
}
