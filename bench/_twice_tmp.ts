import { chromium } from 'playwright-core'
const port = 3005
const base = `http://127.0.0.1:${port}`
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader']
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) })
const cookies = login.headers.getSetCookie().map((c) => { const [pair] = c.split(';'); const [name, value] = pair.split('='); return { name, value, url: base } })
for (let b = 0; b < 2; b++) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args })
  const res: string[] = []
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext()
    await context.addCookies(cookies)
    const page = await context.newPage()
    const t0 = Date.now()
    let last = 0
    page.on('response', (r) => { if (r.url().includes('/api/layers/')) last = Date.now() - t0 })
    await page.goto(base + '/')
    await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 60000 })
    res.push(`${last}+${Date.now() - t0 - last}`)
    await context.close()
  }
  console.log('same browser, page after page:', res.join('  '))
  await browser.close()
}
