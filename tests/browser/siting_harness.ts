// What the siting browser tests share: a server with a planner of the sample county signed in on the
// siting workspace, and clicks on the map at a place.
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import {
  ADMIN_PASSWORD, ADMIN_USER, COUNTY, apiLogin, contextLogin, createAccount, health, launchBrowser, mapReady, newContext, startServer, waitFor,
  type ApiClient, type TestServer,
} from './harness'

export interface SitingSession {
  server: TestServer
  browser: Browser
  page: Page
  /** The planner's own API calls, to check what the page shows. */
  planner: ApiClient
}

/** A fresh server, a planner of the sample county (created by the admin), and a page open on the siting workspace. */
export async function openSitingAsPlanner(username: string, password: string): Promise<SitingSession> {
  const server = await startServer()
  await waitFor(async () => (await health(server.baseUrl)) === 200, 120_000, 'the database', server.log)
  const admin = await apiLogin(server.baseUrl, ADMIN_USER, ADMIN_PASSWORD)
  const created = await createAccount(admin, server.baseUrl, { username, password, role: 'planner', regionCode: COUNTY, displayName: '县规划员' })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const planner = await apiLogin(server.baseUrl, username, password)
  const browser = await launchBrowser()
  const context = await newContext(browser)
  await contextLogin(context, server.baseUrl, username, password)
  const page = await context.newPage()
  await page.goto(`${server.baseUrl}/#/siting?county=${COUNTY}`)
  await mapReady(page)
  await page.getByTestId('siting-panel').waitFor()
  return { server, browser, page, planner }
}

/** Clicks the map at a place (after centring on it, clear of the side panel); returns the clicked position. */
export async function clickMapAt(page: Page, at: [number, number]): Promise<[number, number]> {
  const point = await page.evaluate(async ([lng, lat]) => {
    const map = window.__map!
    map.jumpTo({ center: [lng, lat], zoom: 11.5 })
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    const p = map.project([lng, lat])
    const box = map.getCanvas().getBoundingClientRect()
    return { x: box.left + p.x, y: box.top + p.y }
  }, at)
  await page.mouse.click(point.x, point.y)
  return page.evaluate(({ x, y }) => {
    const map = window.__map!
    const box = map.getCanvas().getBoundingClientRect()
    const ll = map.unproject([x - box.left, y - box.top])
    return [Math.round(ll.lng * 1e7) / 1e7, Math.round(ll.lat * 1e7) / 1e7] as [number, number]
  }, point)
}
