import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

/** Serve the built web app; any other non-API GET gets index.html (the app routes in the browser). */
export function serveWebApp(app: Hono<AppEnv>, webDir: string): void {
  const indexPath = join(webDir, 'index.html')
  app.use('/*', serveStatic({ root: webDir }))
  app.get('*', (c) => {
    if (!existsSync(indexPath)) return c.text('The web app is not built: run `npm run build`.', 503)
    return c.html(readFileSync(indexPath, 'utf8'))
  })
}
