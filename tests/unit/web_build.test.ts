// `npm start` rebuilds the web app when one of its sources is newer than the build: the list of
// sources must name every server-side module the web app imports.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { WEB_SOURCES } from '../../api/web_build.ts'
import { projectRoot } from '../../db/paths.ts'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

describe('web build sources', () => {
  it('name every module outside web/ that the web app imports', () => {
    const outside = new Set<string>()
    for (const file of files(join(projectRoot, 'web')).filter((f) => /\.(ts|vue)$/.test(f))) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(projectRoot, resolve(dirname(file), spec))
        if (!target.startsWith('web')) outside.add(target.endsWith('.ts') ? target : `${target}.ts`)
      }
    }
    expect(outside.size).toBeGreaterThan(0)
    for (const module of outside) {
      expect(WEB_SOURCES.some((source) => module === source || module.startsWith(`${source}/`)), module).toBe(true)
    }
  })
})
