// The built web app in dist/web, and whether it is older than its sources (then `npm start`
// rebuilds it, so a pulled change never serves yesterday's pages).
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot as root, webDir } from '../db/paths.ts'
import { newestChange } from './newest_change.mjs'

export { webDir }

/**
 * What the web build reads: its own folder, core/ (the rules and the contract it shares with the
 * server; it imports nothing else outside web/, as tests/unit/web_build.test.ts and
 * tests/unit/boundaries.test.ts check), and its configuration and dependencies.
 */
export const WEB_SOURCES = ['web', 'core', 'vite.config.ts', 'tsconfig.json', 'package-lock.json']

export function webBuildIsCurrent(): boolean {
  const index = join(webDir, 'index.html')
  if (!existsSync(index)) return false
  const built = statSync(index).mtimeMs
  return WEB_SOURCES.every((source) => newestChange(join(root, source)) <= built)
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
}
