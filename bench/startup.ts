// From `npm start` to villages drawn on the map, cold (empty data folder: migrations + sample load)
// and warm (same folder again). Targets: under 20 s cold, under 5 s warm.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader']

async function startToMap(dataDir: string, port: number): Promise<{ health: number; map: number }> {
  // The user's browser is already open: launch it before the clock starts, so the two do not share the start.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const started = performance.now()
  // Node itself (not npx, whose child would outlive a kill), so that stopping it frees the data folder's lock.
  const server = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: dataDir, DATABASE_URL: '', ADMIN_USER: 'bench', ADMIN_PASSWORD: 'bench-password' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    const page = await browser.newPage()
    let health = 0
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`)
        if (!health && res.status === 200) health = performance.now() - started
        if (res.status === 200 || res.status === 503) break
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 50))
    }
    // Log in through the API once the database answers, and hand the session cookie to the browser.
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`)
      if (res.status === 200) break
      const body = (await res.json()) as { status: string; message?: string }
      if (body.status === 'failed') throw new Error(`the server could not start its database: ${body.message}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    if (!health) health = performance.now() - started
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
    })
    const cookies = login.headers.getSetCookie().map((c) => {
      const [pair] = c.split(';')
      const [name, value] = pair.split('=')
      return { name, value, url: `http://127.0.0.1:${port}` }
    })
    await page.context().addCookies(cookies)
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 120_000 })
    const map = performance.now() - started
    return { health, map }
  } finally {
    await browser.close()
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
  }
}

export async function benchStartup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fupin-bench-'))
  const dataDir = join(dir, 'pglite')
  try {
    const cold = await startToMap(dataDir, 3901)
    const warm = await startToMap(dataDir, 3902)
    const s = (v: number) => `${(v / 1000).toFixed(1)} s`
    console.log(`start → database ready, embedded: cold ${s(cold.health)}, warm ${s(warm.health)}`)
    console.log(`start → villages on the map, embedded: cold ${s(cold.map)} (target < 20 s), warm ${s(warm.map)} (target < 5 s)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
