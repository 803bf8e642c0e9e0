import { LAYERS } from '../../core/format/layers.ts'

// The OpenAPI 3.0 document of /ogc (the landing page's service-desc): what QGIS and GDAL read to
// learn the paths and parameters. Built from the layer list, so it names every collection.

export const OGC_MAX_LIMIT = 10_000
export const OGC_DEFAULT_LIMIT = 100

export function openApiDocument(base: string) {
  const error = { description: 'Refused: { error: { code, message, details } }', content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } } }
  const json = (description: string, type = 'application/json') => ({ description, content: { [type]: { schema: { type: 'object' } } } })
  const collectionParam = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: [...LAYERS] } }
  return {
    openapi: '3.0.3',
    info: {
      title: '扶贫规划一张图 · OGC API – Features',
      version: '1.0.0',
      description: 'Read-only layers of the county planning tool in the geodata exchange format (WGS84 / CGCS2000 longitude, latitude). Sign in with an API token: Authorization: Bearer fpt_…',
    },
    servers: [{ url: base }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } } } },
        },
      },
      parameters: {
        limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: OGC_MAX_LIMIT, default: OGC_DEFAULT_LIMIT } },
        offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        bbox: { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/': { get: { operationId: 'getLandingPage', summary: 'Landing page', responses: { 200: json('Links to the API, conformance and collections'), 401: error } } },
      '/conformance': { get: { operationId: 'getConformance', summary: 'Conformance classes', responses: { 200: json('conformsTo'), 401: error } } },
      '/api': { get: { operationId: 'getApi', summary: 'This document', responses: { 200: json('OpenAPI 3.0', 'application/vnd.oai.openapi+json;version=3.0') } } },
      '/collections': { get: { operationId: 'getCollections', summary: 'The layers', responses: { 200: json('Collections'), 401: error } } },
      '/collections/{collectionId}': {
        get: { operationId: 'describeCollection', parameters: [collectionParam], responses: { 200: json('A collection'), 404: error } },
      },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'getFeatures',
          parameters: [collectionParam, { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/offset' }, { $ref: '#/components/parameters/bbox' }],
          responses: { 200: json('Features', 'application/geo+json'), 400: error, 404: error },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'getFeature',
          parameters: [collectionParam, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json('A feature', 'application/geo+json'), 404: error },
        },
      },
    },
  }
}
