// Data › Export against the real server: a layer in a format, for a township and a status, and the
// three ledgers, each downloaded through the page and read back (Excel with exceljs, the zipped
// Shapefile with fflate); GDAL's OGC API client against the same running server; then the tab in English.
import ExcelJS from 'exceljs'
import { unzipSync } from 'fflate'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, health, launchBrowser, waitFor, mapReady, newContext, startServer,
  type ApiClient, type TestServer,
} from './harness'

interface Collection { features: { properties: Record<string, unknown> }[] }

let server: TestServer
let browser: Browser
let page: Page
let admin: ApiClient
const TOWNSHIP = '360729100'

async function downloaded(testid: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()])
  return { name: download.suggestedFilename(), path: (await download.path())! }
}

async function workbookAt(path: string) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path)
  return workbook
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 120_000, 'the database', server.log)
  admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  page = await context.newPage()
  await page.goto(`${server.baseUrl}/#/data?county=${COUNTY}`)
  await mapReady(page)
  await page.locator('.data-tab[data-tab="export"]').click()
  await page.getByTestId('export-tab').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('Data › Export', () => {
  it('downloads a township\'s villages as Excel with the Chinese headers', async () => {
    await page.getByTestId('export-layer-select').selectOption('villages')
    await page.getByTestId('export-format-select').selectOption('xlsx')
    await page.getByTestId('export-region-select').selectOption(TOWNSHIP)
    expect(await page.getByTestId('export-status-select').isDisabled()).toBe(true)
    const file = await downloaded('export-download')
    expect(file.name).toMatch(new RegExp(`^行政村_${TOWNSHIP}_\\d{8}\\.xlsx$`))
    const ws = (await workbookAt(file.path)).worksheets[0]
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['村代码', '村名', '乡镇代码'])
    const expected = await admin.get<Collection>(`/api/layers/villages?region=${TOWNSHIP}`)
    expect(ws.actualRowCount - 1).toBe(expected.features.length)
    await page.getByTestId('export-done').waitFor()
  })

  it('downloads the completed roads as a zipped Shapefile with its projection, encoding and field table', async () => {
    await page.getByTestId('export-layer-select').selectOption('roads')
    await page.getByTestId('export-format-select').selectOption('shp')
    await page.getByTestId('export-region-select').selectOption(COUNTY)
    await page.getByTestId('export-status-select').selectOption('completed')
    const file = await downloaded('export-download')
    expect(file.name).toMatch(/^道路_360729_\d{8}\.zip$/)
    const entries = unzipSync(new Uint8Array(readFileSync(file.path)))
    expect(Object.keys(entries).sort()).toEqual(['fields.csv', 'roads.cpg', 'roads.dbf', 'roads.prj', 'roads.shp', 'roads.shx'])
    const roads = await admin.get<Collection>(`/api/layers/roads?region=${COUNTY}`)
    const completed = roads.features.filter((f) => f.properties.status === 'completed').length
    // The dBase header's record count (bytes 4–7, little-endian).
    expect(new DataView(entries['roads.dbf'].buffer, entries['roads.dbf'].byteOffset).getUint32(4, true)).toBe(completed)
  })

  it('downloads the three ledgers: a summary sheet, then one sheet per township', async () => {
    await page.getByTestId('export-region-select').selectOption(COUNTY)
    const townships = (await admin.get<Collection>('/api/layers/regions')).features
      .filter((f) => f.properties.level === 'township' && String(f.properties.code).startsWith(COUNTY))
      .map((f) => String(f.properties.name))
    const villages = await workbookAt((await downloaded('export-ledger-villages')).path)
    expect(villages.worksheets[0].name).toBe('乡镇汇总')
    expect(villages.worksheets.slice(1).map((w) => w.name).sort()).toEqual([...townships].sort())
    const projects = await workbookAt((await downloaded('export-ledger-projects')).path)
    expect(projects.worksheets[0].name).toBe('汇总')
    expect((projects.worksheets[1].getRow(3).values as unknown[]).slice(1)).toEqual(expect.arrayContaining(['状态', '进度', '预算(万元)']))
    const relocation = await workbookAt((await downloaded('export-ledger-relocation')).path)
    expect((relocation.worksheets[1].getRow(3).values as unknown[]).slice(1, 3)).toEqual(['迁出村代码', '迁出村'])
  })

  it('serves the layers to GDAL\'s OGC API client from the running server, with an API token', async () => {
    const created = await admin.call<{ token: string }>('POST', '/api/tokens', { name: 'QGIS' })
    expect(created.status).toBe(201)
    const { stdout } = await promisify(execFile)('ogrinfo', ['-ro', '-so', '-al', `OAPIF:${server.baseUrl}/ogc`], {
      env: { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${created.body.token}` }, maxBuffer: 32 * 1024 * 1024,
    })
    const counts = Object.fromEntries([...stdout.matchAll(/^Layer name: (\S+)[\s\S]*?^Feature Count: (\d+)/gm)].map((m) => [m[1], Number(m[2])]))
    for (const layer of ['regions', 'villages', 'sites', 'roads', 'water', 'facilities', 'hazards']) {
      expect(counts[layer], layer).toBe((await admin.get<Collection>(`/api/layers/${layer}`)).features.length)
    }
  })

  it('speaks English when switched', async () => {
    await page.locator('[data-locale="en"]').click()
    await expect(page.getByTestId('export-layer').locator('h3').textContent()).resolves.toBe('Export a layer')
    await expect(page.getByTestId('export-ledger-villages').textContent()).resolves.toContain('Village exit ledger')
    await page.locator('[data-locale="zh-CN"]').click()
    await expect(page.getByTestId('export-layer').locator('h3').textContent()).resolves.toBe('导出图层')
  })
})
