import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { sql } from 'drizzle-orm'
import { settingNumber } from '../../db/settings.ts'
import { LAYERS } from '../../geodata/format.ts'
import type { AppEnv } from '../app.ts'
import { ApiError, badRequest, notFound } from '../errors.ts'
import { importLayer } from '../layers/import.ts'
import { featureCollection, readLayer } from '../layers/store.ts'
import { parseBbox, parseLayer, parseRegion } from '../params.ts'

export function layersRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const db = c.get('db')
      const counts = await db.rows<{ layer: string; count: number }>(sql.join(
        LAYERS.map((layer) => sql`SELECT ${layer} AS layer, count(*)::int AS count FROM ${sql.identifier(layer)}`),
        sql` UNION ALL `))
      return c.json(counts)
    })
    .get('/:layer', async (c) => {
      const db = c.get('db')
      const layer = parseLayer(c.req.param('layer'))
      const bbox = parseBbox(c.req.query('bbox'))
      const region = await parseRegion(db, c.req.query('region'))
      return c.json(featureCollection(await readLayer(db, layer, { bbox, region })))
    })
    .get('/:layer/:code', async (c) => {
      const layer = parseLayer(c.req.param('layer'))
      const code = c.req.param('code')
      const [feature] = await readLayer(c.get('db'), layer, { code })
      if (!feature) throw notFound(`No feature ${code.slice(0, 64)} in layer ${layer}.`, { layer, code: code.slice(0, 64) })
      return c.json(feature)
    })
    .post('/:layer/import',
      async (c, next) => {
        const maxSize = await settingNumber(c.get('db'), 'import.maxBodyBytes')
        return bodyLimit({
          maxSize,
          onError: () => {
            throw new ApiError(413, 'body_too_large', `The body is larger than ${maxSize} bytes (setting import.maxBodyBytes).`)
          },
        })(c, next)
      },
      async (c) => {
        const layer = parseLayer(c.req.param('layer'))
        const text = await c.req.text()
        if (text.trim() === '') throw badRequest('empty_body', 'The body is empty: send a GeoJSON FeatureCollection.')
        let body: unknown
        try {
          body = JSON.parse(text)
        } catch (error) {
          throw badRequest('invalid_json', `The body is not valid JSON: ${(error as Error).message}`)
        }
        return c.json(await importLayer(c.get('db'), layer, body))
      })
}
