// The API alone in a process of its own, for the scale bench's memory figure: the app `npm start` serves
// (createApp over the database DATABASE_URL names) on PORT, without the web build. It says `listening`
// on stdout once it answers.
import { serve } from '@hono/node-server'
import { createApp } from '../api/app.ts'
import { readyBackend } from '../api/backend.ts'
import { openDatabase } from '../db/client.ts'

const db = await openDatabase({ url: process.env.DATABASE_URL })
const app = createApp(readyBackend(db, 'bench'))
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, (info) => console.log(`listening ${info.port}`))
process.once('SIGTERM', () => void db.close().finally(() => process.exit(0)))
