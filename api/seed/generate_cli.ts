// `npm run generate -- --villages N --seed S --out DIR [--provinces P] [--load]`: a synthetic country in
// the exchange format (geodata/country.ts), one file per layer in DIR; with --load, imported into the
// configured database (DATABASE_URL, else PGLITE_DIR) through the import path, read line by line (the
// files of 500,000 villages do not fit in one string), ending with the village facts and ANALYZE.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '../../db/client.ts'
import { ensureDefaultSettings } from '../../db/settings.ts'
import { loadFolder, writeCountry } from './generated.ts'

const { values } = parseArgs({
  options: {
    villages: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' },
    provinces: { type: 'string' }, load: { type: 'boolean', default: false },
  },
})
const villages = Number(values.villages)
if (!values.villages || !Number.isInteger(villages) || villages < 20 || !values.out) {
  console.error('usage: npm run generate -- --villages N (≥ 20) --seed S --out DIR [--provinces P] [--load]')
  process.exit(2)
}
const provinces = values.provinces === undefined ? undefined : Number(values.provinces)
const dir = resolve(values.out)
mkdirSync(dir, { recursive: true })
const started = performance.now()
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`
const rss = () => `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`
const counts = writeCountry({ villages, seed: values.seed!, provinces }, dir)
console.log(`wrote ${dir} in ${seconds(started)}:`)
for (const [layer, n] of Object.entries(counts)) console.log(`  ${layer.padEnd(10)} ${n}`)

if (values.load) {
  const db = await openDatabase({ url: process.env.DATABASE_URL, onStage: (stage) => console.log(`[db] ${stage}`) })
  const loading = performance.now()
  try {
    await ensureDefaultSettings(db)
    let lastReported = 0
    await loadFolder(db, dir,
      (r) => console.log(`  loaded ${r.layer.padEnd(10)} ${r.features} features, ${r.warnings} warnings, ${(r.ms / 1000).toFixed(1)} s, ${rss()}`),
      (layer, n) => {
        if (performance.now() - lastReported < 10_000) return
        lastReported = performance.now()
        console.log(`  … ${layer} ${n} of ${counts[layer]}, ${seconds(loading)}, ${rss()}`)
      })
    console.log(`loaded with the village facts and ANALYZE in ${seconds(loading)}, ${rss()}`)
  } finally {
    await db.close()
  }
}
