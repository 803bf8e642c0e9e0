// `npm run backup -- FILE`: the whole instance (DATABASE_URL, else the embedded PGLITE_DIR) into one
// file that restores on either backend (db/backup.ts). The embedded database must not be in use:
// stop `npm start` first (its folder is locked while it runs).
import { BackupRefused, restoreBackup, writeBackup } from '../../db/backup.ts'
import { ensureFacts } from '../analysis/village_facts.ts'
import { ensureJudged } from '../exit/stored.ts'
import { openDatabase } from '../../db/client.ts'

const [command, file] = [process.argv[2], process.argv[3]]
if ((command !== 'backup' && command !== 'restore') || !file) {
  console.error('usage: npm run backup -- FILE   |   npm run restore -- FILE')
  process.exit(2)
}
const db = await openDatabase({ url: process.env.DATABASE_URL || undefined })
try {
  const manifest = command === 'backup' ? await writeBackup(db, file) : await restoreBackup(db, file)
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0)
  // A backup from before the village facts restores without them: they are measured now.
  if (command === 'restore') {
    await ensureFacts(db)
    await ensureJudged(db)
  }
  console.log(`${command === 'backup' ? 'backed up' : 'restored'} ${rows} rows of ${Object.keys(manifest.tables).length} tables (${file}; made on ${manifest.backend} ${manifest.createdAt})`)
} catch (error) {
  if (error instanceof BackupRefused) {
    console.error(`refused (${error.problem}): ${error.message}; the data is unchanged`)
    process.exitCode = 1
  } else {
    throw error
  }
} finally {
  await db.close()
}
