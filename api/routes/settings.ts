import { Hono } from 'hono'
import { resolveSettings } from '../../db/settings.ts'
import type { AppEnv } from '../app.ts'
import { parseRegion } from '../params.ts'

/** The settings in force for a region (county → province → default), each with its source scope. */
export function settingsRoute() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const db = c.get('db')
    const region = await parseRegion(db, c.req.query('region'))
    return c.json(Object.values(await resolveSettings(db, region)))
  })
}
