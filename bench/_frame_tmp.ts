import { chromium } from 'playwright-core'
const port = 3005
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'] })
const base = `http://127.0.0.1:${port}`
for (;;) { try { const r = await fetch(base + '/api/health?wait=10'); if (r.status === 200) break } catch { await new Promise(r => setTimeout(r, 200)) } }
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) })
const cookies = login.headers.getSetCookie().map((c) => { const [pair] = c.split(';'); const [name, value] = pair.split('='); return { name, value, url: base } })
const context = await browser.newContext()
await context.addCookies(cookies)
const page = await context.newPage()
const t0 = Date.now()
let last = 0
page.on('response', (r) => { if (r.url().includes('/api/layers/')) last = Date.now() - t0 })
await page.goto(base + '/')
await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 60000 })
console.log('first: last layer', last, 'mapReady', Date.now() - t0)
const again = await page.evaluate(async () => {
  const map = (window as any).__map
  const out: number[] = []
  for (let k = 0; k < 2; k++) {
    const s = performance.now()
    for (const id of ['regions', 'villages', 'sites', 'roads', 'water', 'facilities', 'hazards', 'regions-points', 'sites-points']) {
      const src = map.getSource(id); if (!src) continue
      const data = await src.getData(); src.setData(JSON.parse(JSON.stringify(data)))
    }
    await new Promise((r) => map.once('idle', r))
    out.push(performance.now() - s)
  }
  return out
})
console.log('setData again → idle', again.map((v) => v.toFixed(0)))
await browser.close()
