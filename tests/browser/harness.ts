// The server, the browser and the accounts the browser tests share: one server per run (a new
// embedded database takes a few seconds), an admin from ADMIN_USER / ADMIN_PASSWORD, and API calls
// made like the web app makes them (session cookie, same Origin).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const shots = join(root, 'screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const ADMIN_USER = 'admin'
export const ADMIN_PASSWORD = 'browser-admin-secret-1'
export const COUNTY = '360729'

export interface TestServer {
  baseUrl: string
  log: () => string
  stop: () => Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, log = () => ''): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`Timed out waiting for ${what}. Server log:\n${log().slice(-3000)}`)
}

/** Builds the web app if needed and starts the server as `npm start` does (api/start.mjs) on a free port with a fresh data folder. */
export async function startServer(): Promise<TestServer> {
  mkdirSync(shots, { recursive: true })
  if (!existsSync(join(root, 'dist/web/index.html'))) {
    execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' })
  }
  const pgliteDir = mkdtempSync(join(tmpdir(), 'fupin-browser-'))
  const baseUrl = `http://127.0.0.1:${await freePort()}`
  // DATABASE_URL passes through; an empty PostgreSQL database then gets the sample county too.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: new URL(baseUrl).port,
    PGLITE_DIR: pgliteDir,
    SEED_SAMPLE: process.env.SEED_SAMPLE ?? 'auto',
    ADMIN_USER,
    ADMIN_PASSWORD,
  }
  let log = ''
  // One process (no npx wrapper), so stopping it stops the server.
  const server: ChildProcess = spawn(process.execPath, ['api/start.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout?.on('data', (d) => (log += String(d)))
  server.stderr?.on('data', (d) => (log += String(d)))
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      server.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (server.exitCode === null) server.kill('SIGKILL')
    }
    rmSync(pgliteDir, { recursive: true, force: true })
  }
  const result = { baseUrl, log: () => log, stop }
  await waitFor(async () => (await health(baseUrl)) !== null, 60_000, 'the server to listen', result.log)
  return result
}

export async function health(baseUrl: string): Promise<number | null> {
  try {
    return (await fetch(`${baseUrl}/api/health`)).status
  } catch {
    return null
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader',
    ],
  })
}

export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
}

/** A signed-in API caller, as the web app is: the session cookie and our own Origin on every call. */
export interface ApiClient {
  call: <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>
  get: <T = unknown>(path: string) => Promise<T>
}

export async function apiLogin(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  })
  if (!response.ok) throw new Error(`login ${username}: HTTP ${response.status} ${await response.text()}`)
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  async function call<T>(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, origin: baseUrl, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as T }
  }
  return {
    call,
    async get<T>(path: string) {
      const res = await call<T>('GET', path)
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${JSON.stringify(res.body)}`)
      return res.body
    },
  }
}

export interface NewAccount {
  username: string
  password: string
  role: string
  regionCode: string
  displayName?: string
}

/**
 * An account made by the admin and used at once: an account an admin creates must change its
 * initial password at first sign-in, so it is created with another one and its owner sets
 * `password` (as a person would on the password screen). Answers the POST /api/users answer.
 */
export async function createAccount(admin: ApiClient, baseUrl: string, account: NewAccount): Promise<{ status: number; body: { id: number } }> {
  const initial = `${account.password}-initial`
  const created = await admin.call<{ id: number }>('POST', '/api/users', { ...account, password: initial })
  if (created.status !== 201) return created
  const owner = await apiLogin(baseUrl, account.username, initial)
  const changed = await owner.call('POST', '/api/auth/password', { currentPassword: initial, newPassword: account.password })
  if (changed.status !== 200) throw new Error(`first password of ${account.username}: HTTP ${changed.status} ${JSON.stringify(changed.body)}`)
  return created
}

/** Signs a whole browser context in (its pages share the cookie), without the login screen. */
export async function contextLogin(context: BrowserContext, baseUrl: string, username: string, password: string): Promise<void> {
  const response = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password } })
  if (!response.ok()) throw new Error(`login ${username}: HTTP ${response.status()}`)
}

/** A page of a new browser context signed in as an account, opened at `hash` once the map is ready; close its context when done. */
export async function openSignedIn(browser: Browser, baseUrl: string, username: string, password: string, hash: string): Promise<Page> {
  const context = await newContext(browser)
  await contextLogin(context, baseUrl, username, password)
  const page = await context.newPage()
  await page.goto(`${baseUrl}/${hash}`)
  await mapReady(page)
  return page
}

/** Fills and sends the login screen once it shows. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-form').waitFor({ timeout: 90_000 })
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** Signs in through the login screen; resolves when the screen has gone. */
export async function loginThroughScreen(page: Page, username: string, password: string): Promise<void> {
  await submitLogin(page, username, password)
  await page.getByTestId('login-screen').waitFor({ state: 'detached', timeout: 30_000 })
}

export const mapReady = (page: Page) =>
  page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 90_000 })

export const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, name) })

/** The second county of the tests above the county: 黔北示范县 in another province (Guizhou, 52), with one township. */
export const OTHER_COUNTY = '520999'

/** Imports OTHER_COUNTY and its township 示范镇 as regions; resolves to the import's HTTP status. */
export async function importOtherCounty(admin: ApiClient): Promise<number> {
  const square = (lon: number, lat: number, d: number) => ({
    type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
  })
  const regions = await admin.call('POST', '/api/layers/regions/import', { type: 'FeatureCollection', features: [
    { type: 'Feature', properties: { code: OTHER_COUNTY, name: '黔北示范县', level: 'county' }, geometry: square(107.0, 27.5, 0.2) },
    { type: 'Feature', properties: { code: `${OTHER_COUNTY}100`, name: '示范镇', level: 'township', parentCode: OTHER_COUNTY }, geometry: square(107.0, 27.5, 0.1) },
  ] })
  return regions.status
}
