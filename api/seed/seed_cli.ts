// `npm run seed`: (re)load the sample county into the configured database (DATABASE_URL or PGLITE_DIR).
import { openDatabase } from '../../db/client.ts'
import { loadSampleCounty } from './seed.ts'
import { ensureDefaultSettings } from '../../db/settings.ts'

const db = await openDatabase({
  url: process.env.DATABASE_URL,
  onStage: (stage) => console.log(`[db] ${stage}${stage === 'loading PostGIS' ? ' (WebAssembly, a few seconds)…' : ''}`),
})
try {
  await ensureDefaultSettings(db)
  const results = await loadSampleCounty(db)
  for (const [layer, r] of Object.entries(results)) {
    console.log(`${layer.padEnd(10)} inserted ${r.inserted}, updated ${r.updated}, warnings ${r.warnings.length}`)
  }
} finally {
  await db.close()
}
