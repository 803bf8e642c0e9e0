// `npm start`. The server is TypeScript; compiling it module by module at every start (tsx) costs
// about a second before the embedded database can even begin to load. So this launcher bundles
// api/main.ts and what it imports (our code only; packages stay in node_modules) into
// dist/server/main.mjs with esbuild when the sources are newer than the bundle (a fraction of a
// second), and runs the bundle. It is plain JavaScript because it runs before anything can compile.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const bundle = join(root, 'dist', 'server', 'main.mjs')
/** What the server is built from. */
const SOURCES = ['api', 'db', 'geodata', 'package-lock.json', 'tsconfig.json']

function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return path.endsWith('.ts') || path.endsWith('.json') || path.endsWith('.mjs') ? stat.mtimeMs : 0
  let newest = 0
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') newest = Math.max(newest, newestChange(join(path, entry)))
  }
  return newest
}

export async function buildServer() {
  const { build } = await import('esbuild')
  rmSync(dirname(bundle), { recursive: true, force: true })
  await build({
    entryPoints: [join(root, 'api', 'main.ts')],
    outdir: dirname(bundle),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // What main.ts imports dynamically (the app, the seed…) goes into chunks of its own, with the
    // packages they import: the database starts loading before those are read.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
}

const isCurrent = existsSync(bundle) && SOURCES.every((s) => newestChange(join(root, s)) <= statSync(bundle).mtimeMs)
if (!isCurrent) await buildServer()
process.setSourceMapsEnabled(true)
await import(pathToFileURL(bundle).href)
