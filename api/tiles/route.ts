import { Hono } from 'hono'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { readScope } from '../auth/actor.ts'
import { badRequest } from '../http/errors.ts'
import { parseLayer } from '../http/params.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { isTile, MAX_TILE_ZOOM, TILE_BUFFER, TILE_EXTENT, tileBounds, type TileAddress } from '../../core/tiles/tiles.ts'
import { buildTile } from './build.ts'
import { tileCache } from './cache.ts'

/** Seconds a browser may reuse a tile before asking again (with its ETag, answered 304 if unchanged). */
export const TILE_MAX_AGE_S = 30

/**
 * Starts reading the changes the tile cache has not seen while the caller is authenticated: on
 * PostgreSQL the pool runs both queries at once (a tile request is mostly round trips); the route
 * waits for it before it looks in the cache. It starts when the request arrives, so it sees every
 * change committed before.
 */
export const readTileChanges: MiddlewareHandler<AppEnv> = async (c, next) => {
  const changes = tileCache(c.get('db')).refresh()
  changes.catch(() => {}) // awaited by the route; a refused request leaves it
  c.set('tileChanges', changes)
  await next()
}

export function tilesRoute() {
  return new Hono<AppEnv>().get('/:layer/:z/:x/:y', async (c) => {
    const db = c.get('db')
    const layer = parseLayer(c.req.param('layer'))
    const address = parseTile(c.req.param('z'), c.req.param('x'), c.req.param('y'))
    // Villages are the account's region only, as in the layers route.
    const scope = readScope(c.get('actor'), layer)
    const cache = tileCache(db)
    await (c.get('tileChanges') ?? cache.refresh())
    const key = `${layer}/${address.z}/${address.x}/${address.y}/${scope ?? ''}`
    let tile = cache.get(key)
    if (!tile) {
      const generation = cache.generation
      tile = await buildTile(db, layer, address, scope)
      cache.set(key, layer, tileBounds(address, TILE_BUFFER / TILE_EXTENT), tile, generation)
    }
    c.header('Cache-Control', `private, max-age=${TILE_MAX_AGE_S}`)
    c.header('ETag', tile.etag)
    c.header('Vary', 'Cookie, Authorization')
    const wanted = c.req.header('if-none-match')
    if (wanted && wanted.split(',').some((t) => t.trim().replace(/^W\//, '') === tile.etag)) return c.body(null, 304)
    c.header('Content-Type', 'application/vnd.mapbox-vector-tile')
    return c.body(tile.body as Uint8Array<ArrayBuffer>, 200)
  })
}

/** z/x/y from the path (`y` with its `.mvt`): 400 unless whole numbers naming a tile of the grid. */
function parseTile(z: string, x: string, yFile: string): TileAddress {
  const whole = (parameter: string, text: string) => {
    if (!/^\d{1,8}$/.test(text)) throw badRequest('invalid_tile', msg('errors.invalid_tile', { parameter }), { parameter, value: text.slice(0, 40) })
    return Number(text)
  }
  const match = /^(.*)\.mvt$/.exec(yFile)
  if (!match) throw badRequest('invalid_tile', msg('errors.invalid_tile', { parameter: 'y' }), { parameter: 'y', value: yFile.slice(0, 40) })
  const address = { z: whole('z', z), x: whole('x', x), y: whole('y', match[1]) }
  if (address.z > MAX_TILE_ZOOM) {
    throw badRequest('tile_zoom_too_deep', msg('errors.tile_zoom_too_deep', { max: MAX_TILE_ZOOM }), { parameter: 'z', value: z })
  }
  if (!isTile(address)) {
    throw badRequest('tile_out_of_range', msg('errors.tile_out_of_range', { z: address.z, max: 2 ** address.z - 1 }),
      { parameter: address.x >= 2 ** address.z ? 'x' : 'y', value: `${address.x}/${address.y}` })
  }
  return address
}
