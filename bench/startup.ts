// From `npm start` to villages drawn on the map (the first frame that shows them; also until the
// map has settled), cold (no data folder: the database is created from
// the template, migrated and the sample county loaded) and warm (the same folder again).
// Targets: under 20 s cold, under 5 s warm.
//
// The user's browser is already open, so it is launched before the clock starts. The page is opened
// as soon as the server answers (the user opens the address `npm start` prints); it shows the
// start-up screen until the database is ready. Cold, the browser profile is new and the user signs
// in on the login screen (the typing is not timed); warm, it is the same browser profile again, with
// its cache and the session from the cold run, as a returning user's.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader']
const USER = 'bench'
const PASSWORD = 'bench-password'
/** `BENCH_TRACE=1`: print the server's log and the page's responses with their times. */
const trace = Boolean(process.env.BENCH_TRACE)

interface Run {
  /** Until the server answers HTTP. */
  listening: number
  /** Until the database is ready (the page's own health check says so). */
  ready: number
  /** Until the first frame that shows the villages. */
  map: number
  /** Until the map has settled: every layer drawn, nothing loading or moving (what tests wait for). */
  settled: number
}

async function startToMap(dataDir: string, profileDir: string, port: number, returning: boolean): Promise<Run> {
  const base = `http://127.0.0.1:${port}`
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const page = context.pages()[0] ?? await context.newPage()
  const started = performance.now()
  const startedAt = Date.now()
  const since = () => performance.now() - started
  // What `npm start` runs, without npm (whose child would outlive a kill and keep the data folder's lock).
  // Cold, the admin comes from the environment; warm, the account exists and the server starts as usual.
  const admin = returning ? {} : { ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD }
  const server = spawn(process.execPath, ['api/start.mjs'], {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: dataDir, DATABASE_URL: '', ...admin },
    stdio: ['ignore', trace ? 'pipe' : 'ignore', 'inherit'],
  })
  if (trace) {
    server.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().trim().split('\n')) console.log(`${since().toFixed(0).padStart(6)} ms server ${line}`)
    })
    page.on('response', (res) => console.log(`${since().toFixed(0).padStart(6)} ms page   ${res.status()} ${res.url().replace(base, '')}`))
  }
  try {
    for (;;) {
      try {
        const res = await fetch(`${base}/api/health`)
        if (res.status === 200 || res.status === 503) break
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 50))
    }
    const listening = since()
    let ready = 0
    page.on('response', (res) => {
      if (!ready && new URL(res.url()).pathname === '/api/health' && res.status() === 200) ready = since()
    })
    await page.goto(`${base}/`)
    const signedIn = page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 120_000 })
    if (!returning) {
      await page.getByTestId('login-form').waitFor({ timeout: 120_000 })
      await page.getByTestId('login-username').fill(USER)
      await page.getByTestId('login-password').fill(PASSWORD)
      await page.getByTestId('login-submit').click()
    }
    await signedIn
    const settled = since()
    const drawnAt = Number(await page.evaluate(() => document.body.dataset.villagesDrawnAt))
    return { listening, ready, map: drawnAt - startedAt, settled }
  } finally {
    await context.close()
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
  }
}

/** Warm starts to measure; their median is reported (single starts vary by a second on a busy machine). */
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 3)

export async function benchStartup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fupin-bench-'))
  const dataDir = join(dir, 'pglite')
  const profileDir = join(dir, 'chromium-profile')
  try {
    const cold = await startToMap(dataDir, profileDir, 3901, false)
    // The same origin each time (the session cookie belongs to it).
    const warm: Run[] = []
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await startToMap(dataDir, profileDir, 3901, true))
    const s = (v: number) => `${(v / 1000).toFixed(1)} s`
    const median = (key: keyof Run) => {
      const values = warm.map((r) => r[key]).sort((a, b) => a - b)
      return `${s(values[Math.floor(values.length / 2)])} (${values.map(s).join(', ')})`
    }
    console.log(`start → server answers: cold ${s(cold.listening)}, warm ${median('listening')}`)
    console.log(`start → database ready, embedded: cold ${s(cold.ready)}, warm ${median('ready')}`)
    console.log(`start → villages on the map, embedded: cold ${s(cold.map)} (target < 20 s), warm ${median('map')} (target < 5 s)`)
    console.log(`start → map settled (all layers, idle), embedded: cold ${s(cold.settled)}, warm ${median('settled')}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
