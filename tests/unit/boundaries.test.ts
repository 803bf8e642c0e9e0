import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../db/paths.ts'

// The layout is the architecture: arrows run web → core ← api → db (and geodata → core), never back;
// core/ is pure (no database, HTTP, Vue or map code); the workspaces of the web app never import
// each other, so each can be cut out whole. Type-only imports count too.

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|mjs|vue)$/.test(name) ? [path] : []
  })
}

interface Import { file: string; spec: string; target: string }

function importsOf(folder: string): Import[] {
  return files(join(projectRoot, folder)).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(([, spec]) => ({
      file: relative(projectRoot, file),
      spec,
      target: spec.startsWith('.') ? relative(projectRoot, resolve(dirname(file), spec)) : spec,
    }))
  })
}

const top = (target: string) => target.split('/')[0]
const violations = (folder: string, refused: (i: Import) => boolean) =>
  importsOf(folder).filter(refused).map((i) => `${i.file} imports ${i.spec}`)

const IMPURE_PACKAGES = /^(drizzle-orm|postgres|@electric-sql\/|hono|@hono\/|vue|vue-i18n|pinia|maplibre-gl|terra-draw|exceljs|node:)/

describe('import boundaries', () => {
  it('core/ imports nothing of the project outside itself, and no database, HTTP, Vue or map package', () => {
    expect(violations('core', (i) => (i.spec.startsWith('.') && top(i.target) !== 'core') || IMPURE_PACKAGES.test(i.spec))).toEqual([])
  })

  it('db/ imports neither api/ nor web/', () => {
    expect(violations('db', (i) => i.spec.startsWith('.') && ['api', 'web'].includes(top(i.target)))).toEqual([])
  })

  it('web/ imports neither api/ nor db/', () => {
    expect(violations('web', (i) => i.spec.startsWith('.') && ['api', 'db'].includes(top(i.target)))).toEqual([])
  })

  it('api/ does not import web/', () => {
    expect(violations('api', (i) => i.spec.startsWith('.') && top(i.target) === 'web')).toEqual([])
  })

  it('geodata/ imports only core/', () => {
    expect(violations('geodata', (i) => i.spec.startsWith('.') && !['core', 'geodata'].includes(top(i.target)))).toEqual([])
  })

  it('no workspace of the web app imports another', () => {
    expect(violations('web/workspaces', (i) => {
      const own = i.file.split('/')[2]
      const parts = i.target.split('/')
      return i.spec.startsWith('.') && parts[0] === 'web' && parts[1] === 'workspaces' && parts[2] !== own
    })).toEqual([])
  })

  it('route handlers answer through the contract (reply), not c.json', () => {
    expect(files(join(projectRoot, 'api')).filter((f) => /\/route\.ts$/.test(f) && /\bc\.json\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(projectRoot, f))).toEqual([])
  })
})
