// What the embedded database (PGlite + PostGIS) needs to start quickly, made once and cached:
//
// - A lean PostGIS bundle. @electric-sql/pglite-postgis ships postgis, postgis_raster and
//   postgis_topology (three 16 MB WebAssembly libraries, 95 MB unpacked), and PGlite unpacks and
//   compiles every library in the bundle at each start. We keep postgis-3.so, the script that
//   creates the extension and the PROJ data: a warm start takes about 2 s instead of 4, and
//   300 MB less memory.
// - A template data folder: initdb plus CREATE EXTENSION postgis, which take about 15 s in
//   WebAssembly, done once. A new data folder (and every test's in-memory database) starts from a
//   copy of it in about 3 s.
//
// Both live in node_modules/.cache/fupin-map/ under names that carry the PGlite and PostGIS
// package versions, so an upgrade makes new ones. `npm install` makes them (postinstall, see
// api/postinstall.ts); whatever is missing is made on first use. If the cache cannot be written,
// the database still starts, from the full bundle and a fresh initdb.
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import type { Extension } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import tar from 'tar-stream'
import { cacheDir, projectRoot as root } from './paths.ts'

function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  return manifest.version
}

function versionKey(): string {
  return `pglite-${packageVersion('@electric-sql/pglite')}-postgis-${packageVersion('@electric-sql/pglite-postgis')}`
}

export function leanBundlePath(): string {
  return join(cacheDir, `postgis-lean-${versionKey()}.tar.gz`)
}

export function templatePath(): string {
  return join(cacheDir, `template-${versionKey()}.tar.gz`)
}

/** The files of the PostGIS bundle a vector-only database needs, and the folders that hold them. */
export function keepInLeanBundle(name: string): boolean {
  const file = name.replace(/^\.\//, '')
  return (
    ['lib/', 'lib/postgresql/', 'share/', 'share/postgresql/', 'share/postgresql/extension/'].includes(file) ||
    file === 'lib/postgresql/postgis-3.so' ||
    file === 'share/postgresql/extension/postgis.control' ||
    /^share\/postgresql\/extension\/postgis--\d+\.\d+\.\d+\.sql$/.test(file) ||
    file.startsWith('share/proj/')
  )
}

/** Writes `make`'s output to a temporary file and renames it into place, so readers never see half a file. */
async function writeAtomically(path: string, make: (tmp: string) => Promise<void>): Promise<void> {
  mkdirSync(cacheDir, { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  try {
    await make(tmp)
    renameSync(tmp, path)
  } finally {
    rmSync(tmp, { force: true })
  }
}

async function makeLeanBundle(): Promise<void> {
  const source = join(root, 'node_modules', '@electric-sql', 'pglite-postgis', 'dist', 'postgis.tar.gz')
  await writeAtomically(leanBundlePath(), async (tmp) => {
    const extract = tar.extract()
    const pack = tar.pack()
    extract.on('entry', (header, stream, next) => {
      if (keepInLeanBundle(header.name)) stream.pipe(pack.entry(header, next))
      else {
        stream.on('end', next)
        stream.resume()
      }
    })
    extract.on('finish', () => pack.finalize())
    await Promise.all([
      pipeline(createReadStream(source), createGunzip(), extract),
      pipeline(pack, createGzip({ level: 6 }), createWriteStream(tmp)),
    ])
  })
}

let leanMaking: Promise<void> | undefined

/**
 * The PostGIS extension for PGlite, loading the lean bundle (made now if missing). Falls back to
 * the package's full bundle if the lean one cannot be made.
 */
export async function postgisExtension(): Promise<Extension> {
  const path = leanBundlePath()
  try {
    if (!existsSync(path)) await (leanMaking ??= makeLeanBundle().finally(() => (leanMaking = undefined)))
  } catch (error) {
    console.warn(`PostGIS: using the full bundle (could not write ${path}: ${(error as Error).message})`)
    return postgis
  }
  return {
    name: postgis.name,
    setup: async (pg, options) => ({
      ...(await postgis.setup(pg, options)),
      bundlePath: new URL(`file://${path}`),
    }),
  }
}

let making: Promise<void> | undefined

/** Makes the template data folder if it is missing: a fresh in-memory PGlite with PostGIS, dumped. */
export function ensureTemplate(): Promise<void> {
  if (existsSync(templatePath())) return Promise.resolve()
  making ??= (async () => {
    // Fail before the 15 s of work, not after it.
    mkdirSync(cacheDir, { recursive: true })
    accessSync(cacheDir, constants.W_OK)
    const { PGlite } = await import('@electric-sql/pglite')
    const pg = await PGlite.create({ extensions: { postgis: await postgisExtension() } })
    try {
      await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis')
      const dump = await pg.dumpDataDir('gzip')
      const bytes = Buffer.from(await dump.arrayBuffer())
      await writeAtomically(templatePath(), async (tmp) => writeFileSync(tmp, bytes))
    } finally {
      await pg.close()
    }
  })().finally(() => (making = undefined))
  return making
}

/**
 * The template to start a new data folder from, made first if missing; undefined if it cannot be
 * made here (then PGlite runs initdb itself).
 */
export async function templateDataDir(): Promise<Blob | undefined> {
  try {
    await ensureTemplate()
    return new Blob([readFileSync(templatePath())])
  } catch (error) {
    console.warn(`PGlite: starting without a template (${(error as Error).message})`)
    return undefined
  }
}
