// `npm run bench`: speed targets, reported as numbers and ratios, never asserted in tests.
// With DATABASE_URL set, database benchmarks also run on PostgreSQL + PostGIS.
import { benchAnalysis } from './analysis.ts'
import { benchExport } from './export.ts'
import { benchLayers } from './layers.ts'
import { benchLoad } from './load.ts'
import { benchStartup } from './startup.ts'

const only = process.argv[2]
if (!only || only === 'layers') {
  await benchLayers(undefined)
  if (process.env.DATABASE_URL) await benchLayers(process.env.DATABASE_URL)
}
if (!only || only === 'analysis') {
  await benchAnalysis(undefined)
  if (process.env.DATABASE_URL) await benchAnalysis(process.env.DATABASE_URL)
}
if (!only || only === 'export') {
  await benchExport(undefined)
  if (process.env.DATABASE_URL) await benchExport(process.env.DATABASE_URL)
}
if (!only || only === 'startup') await benchStartup()
if (!only || only === 'load') await benchLoad()
