import { Hono, type Context } from 'hono'
import { sql } from 'drizzle-orm'
import type { AppEnv } from '../env.ts'
import type { Database } from '../../db/client.ts'
import { readScope } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { publicOrigin } from '../http/origin.ts'
import { countLayer, inRegion, readLayer } from '../layers/store.ts'
import { isLayerName, LAYER_SPECS, LAYERS } from '../../core/format/layers.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { LAYER_TITLES_ZH } from '../../core/export/formats.ts'
import { msg } from '../../core/messages/catalogue.ts'
import type { LayerFeature } from '../../core/contract/layers.ts'
import { OGC_DEFAULT_LIMIT, OGC_MAX_LIMIT, openApiDocument } from './openapi.ts'

// OGC API – Features, Part 1: Core (read-only), under /ogc beside the API: the landing page, the
// conformance classes, the layers as collections and their features in the exchange format, with
// bbox, limit/offset paging and next links. The caller's scope applies as in GET /api/layers/:layer;
// QGIS and GDAL sign in with an API token (Authorization: Bearer). Plain JSON answers only.

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
]
const JSON_TYPE = 'application/json'
const GEOJSON_TYPE = 'application/geo+json'
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0'
/** Whether the caller takes JSON: no Accept, or one naming JSON, GeoJSON, application/* or *\/*; `f=json` wins. */
function negotiate(c: Context<AppEnv>, type: string): void {
  const f = c.req.query('f')
  if (f !== undefined) {
    if (f === 'json' || f === 'geojson') return
    throw new ApiError(406, 'not_acceptable', msg('export.not_acceptable'), { parameter: 'f' })
  }
  const accept = c.req.header('accept')
  if (!accept) return
  const ranges = accept.split(',').map((r) => r.split(';')[0].trim().toLowerCase())
  const ok = ranges.some((r) => r === '*/*' || r === 'application/*' || r === JSON_TYPE || r === GEOJSON_TYPE || r === type || r.endsWith('+json'))
  if (!ok) throw new ApiError(406, 'not_acceptable', msg('export.not_acceptable'), { accept: accept.slice(0, 200) })
}

function answer(c: Context<AppEnv>, value: unknown, type = JSON_TYPE): Response {
  negotiate(c, type)
  c.header('Content-Type', type)
  return c.body(JSON.stringify(value))
}

const base = (c: Context<AppEnv>) => `${publicOrigin(c, c.get('network'))}/ogc`

function parseCollection(value: string): LayerName {
  if (!isLayerName(value)) throw notFound(msg('export.unknown_collection', { collection: value.slice(0, 40) }), { collections: LAYERS })
  return value
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return OGC_DEFAULT_LIMIT
  const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN
  if (!(n >= 1)) throw badRequest('invalid_limit', msg('export.invalid_ogc_limit', { max: OGC_MAX_LIMIT }), { parameter: 'limit', value: value.slice(0, 40) })
  // The standard: a limit above the server's maximum is answered with the maximum, not refused.
  return Math.min(n, OGC_MAX_LIMIT)
}

function parseOffset(value: string | undefined): number {
  if (value === undefined) return 0
  if (!/^\d{1,9}$/.test(value)) throw badRequest('invalid_offset', msg('export.invalid_ogc_offset'), { parameter: 'offset', value: value.slice(0, 40) })
  return Number(value)
}

/** bbox=minLon,minLat,maxLon,maxLat (or with heights: 6 numbers), in CRS84. */
function parseOgcBbox(value: string | undefined, crs: string | undefined): [number, number, number, number] | undefined {
  if (crs !== undefined && crs !== CRS84 && crs !== 'http://www.opengis.net/def/crs/EPSG/0/4326') {
    throw badRequest('unsupported_bbox_crs', msg('export.unsupported_bbox_crs', { crs: crs.slice(0, 100) }), { parameter: 'bbox-crs' })
  }
  if (value === undefined) return undefined
  const numbers = value.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)))
  const fail = () => badRequest('invalid_bbox', msg('export.invalid_ogc_bbox'), { parameter: 'bbox', value: value.slice(0, 100) })
  if ((numbers.length !== 4 && numbers.length !== 6) || numbers.some((n) => !Number.isFinite(n))) throw fail()
  const [w, s, e, n] = numbers.length === 4 ? numbers : [numbers[0], numbers[1], numbers[3], numbers[4]]
  if ([w, e].some((x) => Math.abs(x) > 180) || [s, n].some((y) => Math.abs(y) > 90) || s > n || w > e) throw fail()
  return [w, s, e, n]
}

async function extent(db: Database, layer: LayerName, scope: string | undefined): Promise<number[] | null> {
  const [row] = await db.rows<{ w: number | null; s: number; e: number; n: number }>(sql`
    SELECT ST_XMin(x)::float8 AS w, ST_YMin(x)::float8 AS s, ST_XMax(x)::float8 AS e, ST_YMax(x)::float8 AS n
    FROM (SELECT ST_Extent(t.geom) AS x FROM ${sql.identifier(layer)} t ${scope ? sql`WHERE ${inRegion(layer, scope)}` : sql``}) q`)
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : null
}

async function collection(c: Context<AppEnv>, layer: LayerName) {
  const root = base(c)
  const box = await extent(c.get('db'), layer, readScope(c.get('actor'), layer))
  return {
    id: layer,
    title: LAYER_TITLES_ZH[layer],
    description: `${LAYER_TITLES_ZH[layer]} (${layer}), geodata exchange format`,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: { spatial: { bbox: box ? [box] : [], crs: CRS84 } },
    links: [
      { href: `${root}/collections/${layer}`, rel: 'self', type: JSON_TYPE, title: LAYER_TITLES_ZH[layer] },
      { href: `${root}/collections/${layer}/items`, rel: 'items', type: GEOJSON_TYPE, title: LAYER_TITLES_ZH[layer] },
    ],
  }
}

/**
 * A feature as the OGC API gives it: the exchange format's feature with its code as `id`, and every
 * property of the layer present (null where not known). GDAL and QGIS take a layer's fields from the
 * first page; without the nulls a field that only later features carry (exitYear) would be lost.
 */
function withId(layer: LayerName, f: LayerFeature) {
  const properties: Record<string, unknown> = Object.fromEntries(LAYER_SPECS[layer].properties.map((p) => [p.name, null]))
  return { type: 'Feature' as const, id: f.properties.code, geometry: f.geometry, properties: Object.assign(properties, f.properties) }
}

export function ogcRoute() {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const root = base(c)
      return answer(c, {
        title: '扶贫规划一张图',
        description: 'County planning layers (OGC API – Features, read-only)',
        links: [
          { href: root, rel: 'self', type: JSON_TYPE, title: 'This document' },
          { href: `${root}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'The API definition (OpenAPI 3.0)' },
          { href: `${root}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
          { href: `${root}/collections`, rel: 'data', type: JSON_TYPE, title: 'The layers' },
        ],
      })
    })
    .get('/api', (c) => answer(c, openApiDocument(base(c)), OPENAPI_TYPE))
    .get('/conformance', (c) => answer(c, { conformsTo: CONFORMANCE }))
    .get('/collections', async (c) => {
      const root = base(c)
      const collections = []
      for (const layer of LAYERS) collections.push(await collection(c, layer))
      return answer(c, { links: [{ href: `${root}/collections`, rel: 'self', type: JSON_TYPE }], collections })
    })
    .get('/collections/:collection', async (c) => answer(c, await collection(c, parseCollection(c.req.param('collection')))))
    .get('/collections/:collection/items', async (c) => {
      const layer = parseCollection(c.req.param('collection'))
      const limit = parseLimit(c.req.query('limit'))
      const offset = parseOffset(c.req.query('offset'))
      const bbox = parseOgcBbox(c.req.query('bbox'), c.req.query('bbox-crs'))
      const db = c.get('db')
      const query = { bbox, scope: readScope(c.get('actor'), layer) }
      const [matched, features] = [await countLayer(db, layer, query), await readLayer(db, layer, { ...query, limit, offset })]
      const page = (at: number) => {
        const params = new URLSearchParams()
        if (c.req.query('bbox') !== undefined) params.set('bbox', c.req.query('bbox')!)
        params.set('limit', String(limit))
        params.set('offset', String(at))
        return `${base(c)}/collections/${layer}/items?${params}`
      }
      const links = [{ href: page(offset), rel: 'self', type: GEOJSON_TYPE }]
      if (offset + features.length < matched) links.push({ href: page(offset + limit), rel: 'next', type: GEOJSON_TYPE })
      if (offset > 0) links.push({ href: page(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON_TYPE })
      links.push({ href: `${base(c)}/collections/${layer}`, rel: 'collection', type: JSON_TYPE })
      return answer(c, {
        type: 'FeatureCollection',
        features: features.map((f) => withId(layer, f)),
        numberMatched: matched,
        numberReturned: features.length,
        timeStamp: new Date().toISOString(),
        links,
      }, GEOJSON_TYPE)
    })
    .get('/collections/:collection/items/:id', async (c) => {
      const layer = parseCollection(c.req.param('collection'))
      const code = c.req.param('id')
      const [feature] = await readLayer(c.get('db'), layer, { code, scope: readScope(c.get('actor'), layer) })
      if (!feature) throw notFound(msg('errors.no_feature', { code: code.slice(0, 64), layer }), { layer, code: code.slice(0, 64) })
      const root = base(c)
      return answer(c, {
        ...withId(layer, feature),
        links: [
          { href: `${root}/collections/${layer}/items/${encodeURIComponent(code)}`, rel: 'self', type: GEOJSON_TYPE },
          { href: `${root}/collections/${layer}`, rel: 'collection', type: JSON_TYPE },
        ],
      }, GEOJSON_TYPE)
    })
}
