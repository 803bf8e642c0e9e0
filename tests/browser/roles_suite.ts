// Accounts and roles in the browser: the login screen's messages, a one-time password, what a
// township viewer sees (and does not), the admin's Data tabs, an import through the Import tab and
// the change in a village's history, a session that expires. Registered by map.test.ts so that both
// share one server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bbox as turfBbox } from '@turf/turf'
import ExcelJS from 'exceljs'
import type { Feature as GeoFeature } from 'geojson'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, createAccount, loginThroughScreen, mapReady, newContext, shot, submitLogin,
  type ApiClient,
} from './harness'

export interface SuiteEnv {
  readonly baseUrl: string
  readonly browser: Browser
  admin: () => Promise<ApiClient>
}

const TOWNSHIP = '360729100'
const PASSWORD = 'role-test-password-1'
/** Account names of this run: a reused PostgreSQL database (DATABASE_URL) may hold those of an earlier one. */
const RUN = Date.now().toString(36).slice(-5)
const VIEWER = `viewer_${RUN}`
const ENGINEER = `engineer_${RUN}`
const PLANNER = `planner_${RUN}`
const ALL_TABS = ['import', 'export', 'settings', 'users', 'tokens', 'audit']

interface Feature {
  type: 'Feature'
  geometry: unknown
  properties: { code: string; name?: string; population?: number; townshipCode?: string } & Record<string, unknown>
}

export function rolesSuite(env: SuiteEnv): void {
  const contexts: BrowserContext[] = []
  let files = ''

  async function open(path = `/#/map?county=${COUNTY}`): Promise<Page> {
    const context = await newContext(env.browser)
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(`${env.baseUrl}${path}`)
    return page
  }

  async function openAs(username: string, password: string, path?: string): Promise<Page> {
    const context = await newContext(env.browser)
    contexts.push(context)
    await contextLogin(context, env.baseUrl, username, password)
    const page = await context.newPage()
    await page.goto(`${env.baseUrl}${path ?? `/#/map?county=${COUNTY}`}`)
    await mapReady(page)
    return page
  }

  const dataTabs = (page: Page) => page.locator('.data-tab').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tab))

  async function openData(page: Page, tab?: string): Promise<void> {
    await page.locator('[data-workspace="data"].tab').click()
    await page.getByTestId('data-panel').waitFor()
    if (tab) {
      await page.locator(`.data-tab[data-tab="${tab}"]`).click()
      await page.locator(`.data-body[data-tab="${tab}"]`).waitFor()
    }
  }

  describe('accounts and roles', () => {
    beforeAll(async () => {
      files = mkdtempSync(join(tmpdir(), 'fupin-import-'))
      const admin = await env.admin()
      for (const user of [
        { username: VIEWER, password: PASSWORD, role: 'viewer', regionCode: TOWNSHIP, displayName: '城厢镇查看员' },
        { username: ENGINEER, password: PASSWORD, role: 'engineer', regionCode: COUNTY, displayName: '县交通局工程师' },
      ]) {
        const res = await createAccount(admin, env.baseUrl, user)
        expect(res.status, JSON.stringify(res.body)).toBe(201)
      }
    })

    // Every test's pages keep a WebGL map busy: close them when the test is done.
    afterEach(async () => {
      for (const context of contexts.splice(0)) await context.close()
    })

    afterAll(() => {
      if (files) rmSync(files, { recursive: true, force: true })
    })

    it('says a password is wrong, and how long to wait when throttled', async () => {
      const page = await open()
      await page.getByTestId('login-screen').waitFor({ timeout: 60_000 })
      await page.getByTestId('login-username').fill(ADMIN_USER)
      await page.getByTestId('login-password').fill('not-the-password')
      await page.getByTestId('login-submit').click()
      const error = page.getByTestId('login-error')
      await expect.poll(() => error.textContent()).toContain('用户名或密码错误')
      expect(await page.getByTestId('login-screen').count()).toBe(1)
      await shot(page, '10-login-wrong.png')

      // Five failures for one name (the throttle counts per name and per address), then the screen says how long to wait.
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${env.baseUrl}/api/auth/login`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ghost', password: 'wrong-password' }),
        })
        expect(res.status).toBe(401)
      }
      await page.getByTestId('login-username').fill('ghost')
      await page.getByTestId('login-password').fill('wrong-password')
      await page.getByTestId('login-submit').click()
      await expect.poll(() => error.textContent()).toMatch(/请 \d+ 秒后再试/)
      expect(await page.getByTestId('login-submit').isDisabled()).toBe(true)
      await shot(page, '11-login-throttled.png')
    })

    it('asks for a new password before anything else after a one-time password', async () => {
      const admin = await env.admin()
      const created = await admin.call<{ id: number }>('POST', '/api/users', { username: PLANNER, password: PASSWORD, role: 'planner', regionCode: COUNTY })
      expect(created.status).toBe(201)
      const oneTime = 'one-time-password-9'
      expect((await admin.call('PATCH', `/api/users/${created.body.id}`, { password: oneTime })).status).toBe(200)

      const page = await open()
      await submitLogin(page, PLANNER, oneTime)
      const form = page.getByTestId('password-form')
      await form.waitFor({ timeout: 15_000 })
      await expect(page.getByTestId('password-change-required').textContent()).resolves.toContain('一次性密码')
      await form.locator('[data-field="currentPassword"]').fill(oneTime)
      await form.locator('[data-field="newPassword"]').fill('short')
      await form.locator('[data-field="confirm"]').fill('short')
      await form.locator('button[type="submit"]').click()
      await expect.poll(() => form.locator('[role="alert"]').first().textContent()).toContain('至少需要 10 个字符')
      await shot(page, '12-password-change.png')

      await form.locator('[data-field="newPassword"]').fill('my-own-password-22')
      await form.locator('[data-field="confirm"]').fill('my-own-password-22')
      await form.locator('button[type="submit"]').click()
      await page.getByTestId('login-screen').waitFor({ state: 'detached', timeout: 15_000 })
      await mapReady(page)
      await page.getByTestId('user-menu-button').click()
      await expect(page.getByTestId('user-role').textContent()).resolves.toBe('规划人员')
    })

    it('asks an account the admin creates to change its password at first sign-in, with nothing refused on the way', async () => {
      // The admin creates the account in the Users tab; the form says its owner changes the password.
      const username = `newcomer_${RUN}`
      const initial = 'given-by-the-admin-7'
      const adminPage = await openAs(ADMIN_USER, ADMIN_PASSWORD)
      await openData(adminPage, 'users')
      await adminPage.getByTestId('user-new').click()
      const form = adminPage.getByTestId('user-create-form')
      await form.locator('[data-field="username"]').fill(username)
      await form.locator('[data-field="password"]').fill(initial)
      await form.locator('[data-field="role"]').selectOption('viewer')
      await form.locator('[data-field="regionCode"]').selectOption(COUNTY)
      await adminPage.getByTestId('user-create-submit').click()
      const row = adminPage.locator(`tr[data-username="${username}"]`)
      await row.waitFor()
      await expect(row.textContent()).resolves.toContain('待修改初始密码')

      // Its owner, in a browser of their own: every console error and refused or failed request is kept.
      const page = await open()
      const problems: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`)
      })
      page.on('pageerror', (e) => problems.push(`page: ${e.message}`))
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`))
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`)
      })
      const quiet = () => page.waitForLoadState('networkidle')
      await page.getByTestId('login-form').waitFor({ timeout: 60_000 })
      await quiet()
      // Again with a county remembered from the last visit (its layers were asked before signing in).
      await page.reload()
      await page.getByTestId('login-form').waitFor()
      await quiet()
      expect(problems).toEqual([])

      await submitLogin(page, username, initial)
      await page.getByTestId('password-change-required').waitFor({ timeout: 15_000 })
      await quiet()
      expect(problems).toEqual([])
      // Reloaded while the password is still to be changed: only the password change is on offer.
      await page.reload()
      await page.getByTestId('password-change-required').waitFor({ timeout: 30_000 })
      await quiet()
      expect(problems).toEqual([])
      await shot(page, '12-first-sign-in.png')

      const change = page.getByTestId('password-form')
      await change.locator('[data-field="currentPassword"]').fill(initial)
      await change.locator('[data-field="newPassword"]').fill('chosen-by-newcomer-8')
      await change.locator('[data-field="confirm"]').fill('chosen-by-newcomer-8')
      await change.locator('button[type="submit"]').click()
      await page.getByTestId('login-screen').waitFor({ state: 'detached', timeout: 15_000 })
      await mapReady(page)
      await quiet()
      expect(problems).toEqual([])
      const accounts = await (await env.admin()).get<{ username: string; mustChangePassword: boolean }[]>('/api/users')
      expect(accounts.find((a) => a.username === username)?.mustChangePassword).toBe(false)
    })

    it('shows a township viewer only that township\u2019s villages and nothing to change', async () => {
      const page = await open()
      await loginThroughScreen(page, VIEWER, PASSWORD)
      await mapReady(page)

      const viewer = await apiLogin(env.baseUrl, VIEWER, PASSWORD)
      const own = await viewer.get<{ features: Feature[] }>(`/api/layers/villages?region=${COUNTY}`)
      expect(own.features.length).toBeGreaterThan(0)
      expect(own.features.every((f) => f.properties.code.startsWith(TOWNSHIP))).toBe(true)
      const onMap = await page.evaluate(() => {
        const codes = window.__map?.querySourceFeatures('villages').map((f) => String(f.properties.code)) ?? []
        return [...new Set(codes)]
      })
      expect(onMap.length).toBe(own.features.filter((f) => f.geometry).length)
      expect(onMap.every((code) => code.startsWith(TOWNSHIP))).toBe(true)
      await expect(page.locator('[data-layer="villages"] .item-count').textContent()).resolves.toBe(`${own.features.length} 个`)
      // The map opens on the viewer's township, not on the whole county.
      const township = await viewer.get<GeoFeature>(`/api/layers/regions/${TOWNSHIP}`)
      const county = await viewer.get<GeoFeature>(`/api/layers/regions/${COUNTY}`)
      const [tw, ts, te, tn] = turfBbox(township)
      const [cw, , ce] = turfBbox(county)
      const view = await page.evaluate(() => {
        const b = window.__map!.getBounds()
        return { lng: b.getCenter().lng, lat: b.getCenter().lat, span: b.getEast() - b.getWest() }
      })
      expect(view.lng).toBeGreaterThan(tw)
      expect(view.lng).toBeLessThan(te)
      expect(view.lat).toBeGreaterThan(ts)
      expect(view.lat).toBeLessThan(tn)
      expect(view.span).toBeLessThan(ce - cw)
      await shot(page, '13-viewer-map.png')

      await page.getByTestId('user-menu-button').click()
      await expect(page.getByTestId('user-role').textContent()).resolves.toBe('查看者')
      await expect(page.getByTestId('user-region').textContent()).resolves.toContain('城厢镇')
      await shot(page, '14-viewer-user-menu.png')
      await page.getByTestId('user-menu-button').click()

      await openData(page)
      expect(await dataTabs(page)).toEqual(['export', 'settings'])
      expect(await page.getByTestId('import-tab').count()).toBe(0)
      await page.locator('.data-tab[data-tab="settings"]').click()
      await page.locator('.settings-table tbody tr').first().waitFor()
      expect(await page.getByTestId('setting-edit').count()).toBe(0)
      await shot(page, '15-viewer-data.png')
    })

    it('lets an engineer import sites, roads and water only', async () => {
      const page = await openAs(ENGINEER, PASSWORD)
      await openData(page)
      expect(await dataTabs(page)).toEqual(['import', 'export', 'settings'])
      const layers = await page.getByTestId('import-layer').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))
      expect(layers).toEqual(['sites', 'roads', 'water'])
    })

    it('gives the admin every Data tab, with setting edits and server messages', async () => {
      const page = await open()
      await loginThroughScreen(page, ADMIN_USER, ADMIN_PASSWORD)
      await mapReady(page)
      await page.getByTestId('user-menu-button').click()
      await expect(page.getByTestId('user-role').textContent()).resolves.toBe('管理员')
      await shot(page, '16-admin-user-menu.png')
      await page.getByTestId('user-menu-button').click()

      await openData(page)
      expect(await dataTabs(page)).toEqual(ALL_TABS)
      await shot(page, '20-data-import.png')

      await openData(page, 'export')
      await shot(page, '23-data-export.png')

      // Settings: the server's validation message (its code and bound, said in Chinese), then a county value.
      await openData(page, 'settings')
      const row = page.locator('.settings-table tr[data-key="siting.catchmentRadiusM"]')
      await row.getByTestId('setting-edit').click()
      await row.getByTestId('setting-input').fill('0')
      await row.getByTestId('setting-save').click()
      await expect.poll(() => row.getByTestId('setting-error').textContent()).toContain('不能小于 1')
      await row.getByTestId('setting-input').fill('6000')
      await row.getByTestId('setting-save').click()
      await expect.poll(() => row.locator('.settings-scope').textContent()).toBe('县(全南县)')
      await expect(row.locator('.settings-current').textContent()).resolves.toBe('6.0 km')
      await shot(page, '24-data-settings.png')

      // Users: the accounts made above; deleting the last admin is refused with the server's reason.
      await openData(page, 'users')
      const users = page.getByTestId('users-tab')
      const viewerRow = users.locator(`tr[data-username="${VIEWER}"]`)
      await viewerRow.waitFor()
      await expect(viewerRow.textContent()).resolves.toContain('查看者')
      await expect(viewerRow.textContent()).resolves.toContain('城厢镇')
      await shot(page, '25-data-users.png')
      const accounts = await (await env.admin()).get<{ role: string; disabled: boolean }[]>('/api/users')
      // Only where the admin is the last one (a fresh database), or the check would delete it.
      if (accounts.filter((a) => a.role === 'admin' && !a.disabled).length === 1) {
        await users.locator(`tr[data-username="${ADMIN_USER}"]`).getByTestId('user-delete').click()
        await page.getByTestId('user-confirm').click()
        await expect.poll(() => page.getByTestId('user-dialog-error').textContent()).toContain('最后一个管理员')
        await shot(page, '25-data-users-last-admin.png')
        await page.locator('dialog .dialog-close').click()
      }

      // Tokens: the secret once, with a copy button; then revoked.
      await openData(page, 'tokens')
      const tokenName = `进度同步脚本 ${RUN}`
      await page.getByTestId('token-name').fill(tokenName)
      await page.getByTestId('token-create').click()
      const secret = page.getByTestId('token-secret-value')
      await expect.poll(() => secret.inputValue()).toMatch(/^fpt_/)
      expect(await page.getByTestId('token-copy').count()).toBe(1)
      await expect(page.getByTestId('token-secret').textContent()).resolves.toContain('唯一一次显示')
      await shot(page, '26-data-tokens.png')
      const tokenRow = page.locator(`tr[data-token="${tokenName}"]`)
      await tokenRow.getByTestId('token-revoke').click()
      await page.getByTestId('token-confirm-revoke').click()
      await expect.poll(() => tokenRow.textContent()).toContain('已吊销')

      // Audit: filtered to accounts, the viewer's creation is there.
      await openData(page, 'audit')
      await page.getByTestId('audit-filter').locator('[data-field="entity"]').selectOption('users')
      await page.getByTestId('audit-search').click()
      // The account's creation (its owner's first password change is an entry of its own).
      const created = page.locator(`.audit-table tr[data-entity="users"][data-code="${VIEWER}"]:has([data-action="create"])`)
      await created.waitFor()
      await expect(created.textContent()).resolves.toContain('查看者')
      expect(await page.locator('.audit-table tr[data-entity]:not([data-entity="users"])').count()).toBe(0)
      await shot(page, '27-data-audit.png')
      // The filtered entries to Excel: every one of them (as the API lists them), the changes spelled out.
      const entries = await (await env.admin()).get<{ code: string }[]>('/api/audit?entity=users&limit=1000')
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-excel').click()])
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile((await download.path())!)
      const sheet = workbook.getWorksheet('审计记录')!
      expect(sheet.rowCount).toBe(3 + entries.length)
      const rows = sheet.getRows(4, entries.length)!
      expect(rows.map((r) => r.getCell(5).value)).toEqual(entries.map((e) => e.code))
      const viewerEntry = rows.find((r) => r.getCell(5).value === VIEWER && r.getCell(3).value === '新增')!
      expect(viewerEntry.getCell(4).value).toBe('账号')
      expect(String(viewerEntry.getCell(6).value)).toContain('查看者')

      // Everything new speaks English too, with no i18n key showing through.
      await page.locator('[data-locale="en"]').click()
      await expect(page.locator('.data-tab').allTextContents()).resolves.toEqual(['Import', 'Export', 'Settings', 'Users', 'API tokens', 'Audit'])
      for (const tab of ALL_TABS) {
        await openData(page, tab)
        await page.waitForTimeout(300)
        const text = await page.getByTestId('data-panel').innerText()
        expect(text, tab).not.toMatch(/\b(data|history|auth|password|user|roles|roleHints|audit|importReasons|errors)\.[a-zA-Z]/)
        expect(text, tab).not.toMatch(/(导入|导出|设置|用户|审计|令牌|修改|删除)/)
      }
      await openData(page, 'users')
      await shot(page, '30-data-english.png')
      await page.getByTestId('user-menu-button').click()
      await expect(page.getByTestId('user-role').textContent()).resolves.toBe('Administrator')
      await page.locator('[data-locale="zh-CN"]').click()
    })

    it('imports a file through the Import tab, lists problems of a bad one, and shows the change in the village history', async () => {
      const admin = await env.admin()
      const villages = await admin.get<{ features: Feature[] }>(`/api/layers/villages?region=${TOWNSHIP}`)
      const village = villages.features.find((f) => f.geometry && typeof f.properties.population === 'number' && f.properties.code !== '360729100299')!
      const before = village.properties.population!
      const after = before + 7
      const good = join(files, 'villages.geojson')
      writeFileSync(good, JSON.stringify({ type: 'FeatureCollection', features: [{ ...village, properties: { ...village.properties, population: after } }] }))
      const bad = join(files, 'villages-bad.geojson')
      writeFileSync(bad, JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { ...village, properties: { ...village.properties, population: after + 1 } },
          { ...village, properties: { ...village.properties, code: '360729100298', population: -5 } },
        ],
      }))

      const page = await openAs(ADMIN_USER, ADMIN_PASSWORD)
      await openData(page, 'import')
      await page.getByTestId('import-layer').selectOption('villages')

      // A bad file: nothing imported, every problem listed with the feature, code and property.
      await page.getByTestId('import-file').setInputFiles(bad)
      await page.getByTestId('import-submit').click()
      const failure = page.getByTestId('import-failure')
      await failure.waitFor()
      await expect(failure.textContent()).resolves.toContain('未导入任何数据')
      const problem = page.getByTestId('import-errors').locator('tbody tr[data-index="1"]')
      await expect(problem.textContent()).resolves.toContain('360729100298')
      await expect(problem.textContent()).resolves.toContain('总人口')
      await shot(page, '22-import-errors.png')
      const unchanged = await admin.get<Feature>(`/api/layers/villages/${village.properties.code}`)
      expect(unchanged.properties.population).toBe(before)

      await page.getByTestId('import-file').setInputFiles(good)
      await page.getByTestId('import-submit').click()
      // The preview comes first; the import writes only once confirmed.
      await page.getByTestId('import-preview').waitFor()
      await page.getByTestId('import-confirm').click()
      const result = page.getByTestId('import-result')
      await result.waitFor()
      await expect(result.textContent()).resolves.toMatch(/新增 0 个,更新 1 个/)
      await shot(page, '21-import-result.png')

      // The village's card: its history names who changed the population, from what to what.
      await page.evaluate((code) => (window.location.hash = `#/map?county=360729&sel=villages:${code}`), village.properties.code)
      const card = page.getByTestId('feature-card')
      await expect.poll(() => card.getAttribute('data-code')).toBe(village.properties.code)
      await page.getByTestId('feature-history-link').click()
      const change = page.getByTestId('feature-history').locator('.history-entry[data-action="update"]').first()
      await change.waitFor()
      await expect(change.textContent()).resolves.toContain(ADMIN_USER)
      const fmt = (n: number) => new Intl.NumberFormat('zh-CN').format(n)
      const population = change.locator('[data-prop="population"]')
      await expect(population.textContent()).resolves.toContain(`${fmt(before)} 人`)
      await expect(population.textContent()).resolves.toContain(`${fmt(after)} 人`)
      await page.waitForTimeout(600) // the link scrolls the card smoothly to the history
      await shot(page, '28-village-history.png')
    })

    it('previews an Excel ledger: the count, the first rows, the positions, problems by Excel row, the report as a spreadsheet', async () => {
      const admin = await env.admin()
      const villages = (await admin.get<{ features: Feature[] }>(`/api/layers/villages?region=${TOWNSHIP}`)).features.filter((f) => f.geometry).slice(0, 4)
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('台账')
      sheet.addRow(['城厢镇村级台账'])
      sheet.mergeCells('A1:G1')
      sheet.addRow(['村代码', '村名', '乡镇代码', '总户数', '总人口', '贫困人口', '经度', '纬度'])
      villages.forEach((v, i) => {
        const p = v.properties as Record<string, any>
        const [lon, lat] = (v.geometry as { coordinates: number[] }).coordinates
        // The third village (Excel row 5) has more poor persons than persons.
        sheet.addRow([p.code, p.name, p.townshipCode, p.households, p.population, i === 2 ? p.population + 1 : p.poorPopulation ?? 0, lon, lat])
      })
      sheet.addRow(['合计'])
      const file = join(files, '台账.xlsx')
      writeFileSync(file, new Uint8Array(await workbook.xlsx.writeBuffer()))
      const before = (await admin.get<Feature>(`/api/layers/villages/${villages[2].properties.code}`)).properties.poorPopulation

      const page = await openAs(ADMIN_USER, ADMIN_PASSWORD)
      await openData(page, 'import')
      await page.getByTestId('import-file').setInputFiles(file)
      await page.getByTestId('import-submit').click()
      const preview = page.getByTestId('import-preview')
      await preview.waitFor()
      await expect(preview.getAttribute('data-count')).resolves.toBe('4')
      await expect(page.getByTestId('import-layer').inputValue()).resolves.toBe('villages')
      await expect(page.getByTestId('import-preview-summary').textContent()).resolves.toContain('共 4 条')
      await expect(page.getByTestId('import-preview-summary').textContent()).resolves.toContain('地图上显示 4 个位置')
      const rows = await page.getByTestId('import-first-rows').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.row))
      expect(rows).toEqual(['3', '4', '5', '6'])
      await expect(page.getByTestId('import-first-rows').textContent()).resolves.toContain(String(villages[0].properties.name))
      const problem = page.getByTestId('import-errors').locator('tbody tr').first()
      await expect(problem.locator('[data-testid="import-issue-number"]').textContent()).resolves.toBe('5')
      await expect(problem.textContent()).resolves.toContain('贫困人口')
      await expect(page.getByTestId('import-warnings').textContent()).resolves.toContain('第 7 行是合计行')
      await expect(page.getByTestId('import-confirm').isDisabled()).resolves.toBe(true)
      await shot(page, '23-import-excel-preview.png')

      const download = page.waitForEvent('download')
      await page.getByTestId('import-report').click()
      const saved = join(files, 'report.xlsx')
      await (await download).saveAs(saved)
      const report = new ExcelJS.Workbook()
      await report.xlsx.readFile(saved)
      const cells = report.worksheets[0].getSheetValues().flat().map((v) => String(v ?? ''))
      expect(cells).toContain('Excel 行号')
      expect(cells).toContain('5')
      expect(cells.some((c) => c.includes('合计行'))).toBe(true)
      const unchanged = await admin.get<Feature>(`/api/layers/villages/${villages[2].properties.code}`)
      expect(unchanged.properties.poorPopulation).toBe(before)
    })

    it('numbers import problems as a clerk counts: the first feature of the file is 1', async () => {
      const admin = await env.admin()
      const villages = await admin.get<{ features: Feature[] }>(`/api/layers/villages?region=${TOWNSHIP}`)
      const village = villages.features.find((f) => f.geometry)!
      const file = join(files, 'villages-duplicate.geojson')
      // The second and the third feature repeat the first one's code.
      writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [village, village, village] }))
      const page = await openAs(ADMIN_USER, ADMIN_PASSWORD)
      await openData(page, 'import')
      await page.getByTestId('import-layer').selectOption('villages')
      await page.getByTestId('import-file').setInputFiles(file)
      await page.getByTestId('import-submit').click()
      await page.getByTestId('import-failure').waitFor()
      const table = page.getByTestId('import-errors')
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
        index: (tr as HTMLElement).dataset.index,
        number: tr.querySelector('[data-testid="import-issue-number"]')?.textContent,
        message: tr.querySelector('.issues-message')?.textContent ?? '',
      })))
      // The server's 0-based index stays in the data; what is shown and said counts from 1.
      for (const row of rows) expect(row.number).toBe(String(Number(row.index) + 1))
      const duplicates = rows.filter((r) => r.message.includes(village.properties.code))
      expect(duplicates.map((r) => r.number).sort()).toEqual(['2', '3'])
      for (const d of duplicates) expect(d.message).toContain('与第 1 个要素重复')
      await shot(page, '22-import-numbers.png')
    })

    it('says in words what a scenario’s audit entry changed, and names the server’s own actors', async () => {
      const admin = await env.admin()
      const villages = (await admin.get<{ features: Feature[] }>(`/api/layers/villages?region=${TOWNSHIP}`)).features.slice(0, 3)
      const name = `审计方案 ${RUN}`
      const site = (key: string, extra: Record<string, unknown> = {}) => ({ key, name: `${key}号安置点`, geometry: { type: 'Point', coordinates: [114.53, 24.74] }, ...extra })
      const created = await admin.call<{ id: number; version: number }>('POST', '/api/scenarios', {
        name, countyCode: COUNTY, sites: [site('A', { capacityPopulation: 300 })],
        assignments: villages.slice(0, 2).map((v) => ({ villageCode: v.properties.code, siteKey: 'A', households: 5, persons: 20 })),
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const updated = await admin.call('PUT', `/api/scenarios/${created.body.id}`, {
        name, version: created.body.version, sites: [site('A', { capacityPopulation: 400 }), site('B')],
        assignments: [...villages.slice(0, 2), villages[2]].map((v, i) => ({ villageCode: v.properties.code, siteKey: i === 2 ? 'B' : 'A', households: 5, persons: 20 })),
      })
      expect(updated.status, JSON.stringify(updated.body)).toBe(200)

      const page = await openAs(ADMIN_USER, ADMIN_PASSWORD)
      await openData(page, 'audit')
      await page.getByTestId('audit-filter').locator('[data-field="entity"]').selectOption('scenarios')
      await page.getByTestId('audit-search').click()
      const entries = page.locator(`.audit-table tr[data-entity="scenarios"][data-code="${created.body.id}"]`)
      await expect.poll(() => entries.count()).toBe(2)
      const [update, create] = await entries.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText))
      for (const text of [update, create]) {
        expect(text).toContain(name)
        expect(text).not.toMatch(/[{}[\]"]/)
        expect(text).not.toMatch(/\b(siteKey|villageCode|capacityPopulation|geometry|assignments|sites)\b/)
      }
      expect(create).toContain('安置点')
      expect(create).toContain('1 个')
      expect(create).toContain('A号安置点')
      expect(create).toContain('2 条')
      expect(update).toContain('2 个')
      expect(update).toContain('新增 B B号安置点')
      expect(update).toContain('修改 A A号安置点 的容纳人数')
      expect(update).toContain('3 条')
      await shot(page, '27-audit-scenario.png')

      // Whoever acted, a person or the server itself, is named in words: never `system:…`.
      await page.getByTestId('audit-filter').locator('[data-field="entity"]').selectOption('')
      for (const [actor, words] of [['system:seed', '系统(载入示例数据)'], ['system:bootstrap', '系统(启动时设置管理员)']]) {
        const rows = await (await env.admin()).get<unknown[]>(`/api/audit?user=${encodeURIComponent(actor)}&limit=1`)
        if (rows.length === 0) continue // a database reused from an earlier run may not have it
        await page.getByTestId('audit-filter').locator('[data-field="user"]').fill(actor)
        await page.getByTestId('audit-search').click()
        const first = page.locator('.audit-table tbody tr .audit-user').first()
        await expect.poll(() => first.textContent()).toBe(words)
        const actors = await page.locator('.audit-table .audit-user').allTextContents()
        expect(actors.filter((a) => a !== words)).toEqual([])
      }
    })

    it('brings the login screen back when the session expires, and carries on after signing in', async () => {
      const page = await openAs(ADMIN_USER, ADMIN_PASSWORD)
      await page.route('**/api/search?*', (route) => route.fulfill({
        status: 401, contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'session_expired', message: 'expired', details: null } }),
      }))
      await page.locator('#search-input').fill('田心')
      const reason = page.getByTestId('login-reason')
      await reason.waitFor({ timeout: 15_000 })
      await expect(reason.textContent()).resolves.toContain('登录已过期')
      await expect(page.getByTestId('login-username').inputValue()).resolves.toBe(ADMIN_USER)
      await shot(page, '29-session-expired.png')
      await page.unroute('**/api/search?*')
      await page.getByTestId('login-password').fill(ADMIN_PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.getByTestId('login-screen').waitFor({ state: 'detached' })
      expect(await page.evaluate(() => document.body.dataset.mapReady)).toBe('true')
    })

    it('signs out from the user menu', async () => {
      const page = await openAs(VIEWER, PASSWORD)
      await page.getByTestId('user-menu-button').click()
      await page.getByTestId('logout').click()
      await page.getByTestId('login-screen').waitFor()
      expect(await page.getByTestId('login-reason').count()).toBe(0)
      const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status)
      expect(me).toBe(401)
    })
  })
}
