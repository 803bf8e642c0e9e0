import { endpoint } from './endpoint.ts'

// Village exit. (Types to be completed with the exit contract.)
export const exitRoutes = {
  'GET /api/exit/villages': endpoint<unknown>(),
  'GET /api/exit/summary': endpoint<unknown>(),
}
