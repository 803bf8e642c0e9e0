// `npm start`. The server is TypeScript; compiling it module by module at every start (tsx) costs
// about a second before the embedded database can even begin to load. So this launcher bundles
// api/main.ts and what it imports (our code only; packages stay in node_modules) into
// dist/server/main.mjs with esbuild when the sources are newer than the bundle (a fraction of a
// second), and runs the bundle. It is plain JavaScript because it runs before anything can compile.
import { existsSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { newestChange } from './newest_change.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const bundle = join(root, 'dist', 'server', 'main.mjs')
/** What the server is built from. */
const SOURCES = ['api', 'core', 'db', 'geodata', 'package-lock.json', 'tsconfig.json']

/** Source files only: the sample county's GeoJSON is read at run time, not bundled. */
const isSource = (file) => /\.(ts|mts|mjs|json)$/.test(file)

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

const isCurrent = existsSync(bundle) && SOURCES.every((s) => newestChange(join(root, s), isSource) <= statSync(bundle).mtimeMs)
if (!isCurrent) await buildServer()
process.setSourceMapsEnabled(true)
await import(pathToFileURL(bundle).href)
