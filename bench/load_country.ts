// `DATABASE_URL=postgres://… npx tsx bench/load_country.ts [name] [villages]`: creates (or completes, where
// an earlier load stopped) the persistent country database the scale bench reuses (BENCH_SCALE_DB), and
// keeps it. Defaults: fupin_country_500k, 500,000 villages, seed `bench`, the generator's 31 provinces.
import { countryDatabase } from './country_db.ts'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL must name the PostgreSQL server (the database itself is created beside it)')
  process.exit(2)
}
const name = process.argv[2] ?? 'fupin_country_500k'
const villages = Number(process.argv[3] ?? 500_000)
const db = await countryDatabase(url, name, { villages, seed: 'bench' })
await db.close()
