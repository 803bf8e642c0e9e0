import { endpoint } from './endpoint.ts'

// Build-out projects. (Types to be completed with the projects contract.)
export const projectRoutes = {
  'GET /api/projects': endpoint<unknown>(),
  'GET /api/projects/summary': endpoint<unknown>(),
  'GET /api/projects/:layer/:code': endpoint<unknown>(),
  'POST /api/projects/:layer/:code/progress': endpoint<unknown>(),
  'PATCH /api/projects/:layer/:code': endpoint<unknown>(),
  'POST /api/projects/:layer/:code/funding': endpoint<unknown>(),
  'DELETE /api/projects/:layer/:code/funding/:id': endpoint<unknown>(),
  'POST /api/projects/roads/:code/split': endpoint<unknown>(),
}
