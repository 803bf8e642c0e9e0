import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { ensureTemplate } from '../../db/embedded.ts'

// With DATABASE_URL set, the API tests run in a database of their own, created here and dropped
// afterwards: the tests truncate tables, and must never do that to the database the URL names.

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string | null
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL
  if (!url) {
    // Every worker's in-memory database starts from the template: make it once, here (db/embedded.ts).
    await ensureTemplate()
    project.provide('testDatabaseUrl', null)
    return
  }
  const name = `fupin_test_${process.pid}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`)
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const testUrl = new URL(url)
  testUrl.pathname = `/${name}`
  project.provide('testDatabaseUrl', testUrl.toString())
  return async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}
