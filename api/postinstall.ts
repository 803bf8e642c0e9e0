// `npm install` ends here (postinstall): build the web app and the embedded database's start-up
// assets (db/embedded.ts), so that the first `npm start` does neither. Nothing here is required:
// on failure it says so and `npm start` makes whatever is missing itself.
import { ensureTemplate, postgisExtension } from '../db/embedded.ts'
import { buildWeb, webBuildIsCurrent } from './web_build.ts'

const started = Date.now()
const log = (message: string) => console.log(`[postinstall ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`)

async function step(what: string, run: () => Promise<void>): Promise<void> {
  log(`${what}…`)
  try {
    await run()
  } catch (error) {
    log(`could not ${what} (${(error as Error).message}); npm start will try again`)
  }
}

if (process.env.FUPIN_SKIP_POSTINSTALL) {
  log('skipped (FUPIN_SKIP_POSTINSTALL)')
} else {
  if (!webBuildIsCurrent()) await step('build the web app', buildWeb)
  await step('prepare the embedded database (PostGIS bundle and template data folder, about 20 s)', async () => {
    await postgisExtension()
    await ensureTemplate()
  })
  log('done')
}
