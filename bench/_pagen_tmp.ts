import { chromium } from 'playwright-core'
const port = 3005
const base = `http://127.0.0.1:${port}`
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader']
for (;;) { try { const r = await fetch(base + '/api/health?wait=10'); if (r.status === 200) break } catch { await new Promise(r => setTimeout(r, 200)) } }
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) })
const cookies = login.headers.getSetCookie().map((c) => { const [pair] = c.split(';'); const [name, value] = pair.split('='); return { name, value, url: base } })
const res: string[] = []
for (let i = 0; i < Number(process.argv[2] ?? 5); i++) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args })
  const context = await browser.newContext()
  await context.addCookies(cookies)
  const page = await context.newPage()
  const t0 = Date.now()
  let last = 0
  page.on('response', (r) => { if (r.url().includes('/api/layers/')) last = Date.now() - t0 })
  await page.goto(base + '/')
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 60000 })
  const ready = Date.now() - t0
  res.push(`${last}+${ready - last}`)
  await browser.close()
}
console.log('last layer + render:', res.join('  '))
