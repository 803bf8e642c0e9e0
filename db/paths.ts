// The project's folders. This module runs from db/ under tsx (tests, scripts) and from
// dist/server/ once `npm start` has bundled the server (api/start.mjs): find the root by looking
// upward for the folder that holds package.json and db/migrations.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'db', 'migrations'))) return dir
    if (dirname(dir) === dir) throw new Error(`No project folder (package.json and db/migrations) above ${from}`)
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)))
export const migrationsFolder = join(projectRoot, 'db', 'migrations')
export const sampleFolder = join(projectRoot, 'geodata', 'quannan')
export const webDir = join(projectRoot, 'dist', 'web')
export const cacheDir = join(projectRoot, 'node_modules', '.cache', 'fupin-map')
