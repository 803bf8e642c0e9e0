import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
const port = 3005
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'] })
const base = `http://127.0.0.1:${port}`
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) })
const cookies = login.headers.getSetCookie().map((c) => { const [pair] = c.split(';'); const [name, value] = pair.split('='); return { name, value, url: base } })
const context = await browser.newContext()
await context.addCookies(cookies)
const page = await context.newPage()
await browser.startTracing(page, { path: '/tmp/pgt/trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'gpu', 'gpu.angle', 'gpu.service', 'toplevel', 'v8', 'blink'] })
const t0 = Date.now()
let last = 0
page.on('response', (r) => { if (r.url().includes('/api/layers/')) last = Date.now() - t0 })
await page.goto(base + '/')
await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 60000 })
const ready = Date.now() - t0
await browser.stopTracing()
console.log('last layer', last, 'mapReady', ready)
const events = (JSON.parse(readFileSync('/tmp/pgt/trace.json', 'utf8')).traceEvents) as any[]
const threads = new Map<string, string>()
for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name)
const ts = events.filter((e) => e.ts > 0).map((e) => e.ts)
const start = Math.min(...ts), end = Math.max(...ts)
const from = end - (ready - last + 200) * 1000
const sums = new Map<string, number>()
for (const e of events) {
  if (e.ph !== 'X' || e.ts < from || !e.dur) continue
  const th = threads.get(`${e.pid}:${e.tid}`) ?? String(e.tid)
  if (!/CrGpuMain|CrRendererMain|DedicatedWorker/.test(th)) continue
  const k = th + ' ' + e.name
  sums.set(k, (sums.get(k) ?? 0) + e.dur / 1000)
}
console.log([...sums].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([k, v]) => v.toFixed(0) + ' ms ' + k).join('\n'))
await browser.close()
