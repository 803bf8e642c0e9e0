// `npm run bench`: speed targets, reported as numbers and ratios, never asserted in tests.
// With DATABASE_URL set, database benchmarks also run on PostgreSQL + PostGIS.
import { benchAnalysis } from './analysis.ts'
import { benchImport } from './import.ts'
import { benchExport } from './export.ts'
import { benchLayers } from './layers.ts'
import { benchLoad } from './load.ts'
import { benchOptimise } from './optimise.ts'
import { benchStartup } from './startup.ts'
import { benchScale } from './scale.ts'
import { benchTilesBoth } from './tiles.ts'

const only = process.argv[2]
if (!only || only === 'layers') {
  await benchLayers(undefined)
  if (process.env.DATABASE_URL) await benchLayers(process.env.DATABASE_URL)
}
if (!only || only === 'analysis') {
  await benchAnalysis(undefined)
  if (process.env.DATABASE_URL) await benchAnalysis(process.env.DATABASE_URL)
}
if (!only || only === 'scale') {
  // `npm run bench scale [villages]`: PostGIS first when configured (the embedded load is the slow part).
  const villages = Number(process.argv[3] ?? 50_000)
  if (process.env.DATABASE_URL) await benchScale(process.env.DATABASE_URL, villages)
  if (process.env.BENCH_SCALE_EMBEDDED !== '0') await benchScale(undefined, villages)
}
if (!only || only === 'tiles') await benchTilesBoth(process.env.DATABASE_URL)
if (!only || only === 'import') {
  await benchImport(undefined)
  if (process.env.DATABASE_URL) await benchImport(process.env.DATABASE_URL)
}
if (!only || only === 'export') {
  await benchExport(undefined)
  if (process.env.DATABASE_URL) await benchExport(process.env.DATABASE_URL)
}
if (!only || only === 'startup') await benchStartup()
if (!only || only === 'load') await benchLoad()
if (!only || only === 'optimise') await benchOptimise()
