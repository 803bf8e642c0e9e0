// Whether a build is older than its sources (api/start.mjs for the server, api/web_build.ts for the
// web app): the newest modification time under a path. Plain JavaScript, because start.mjs runs
// before anything can compile TypeScript.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The newest modification time (ms) of `path` and, for a folder, of everything in it (a folder's
 * own time changes when a file is added or removed); files `accept` refuses do not count. 0 if
 * the path does not exist.
 */
export function newestChange(path, accept = () => true) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return accept(path) ? stat.mtimeMs : 0
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') newest = Math.max(newest, newestChange(join(path, entry), accept))
  }
  return newest
}
