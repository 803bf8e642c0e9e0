import { endpoint } from './endpoint.ts'

// Vector tiles (core/tiles/tiles.ts): the answer is a Mapbox Vector Tile (protobuf), not JSON; an
// empty tile is an empty body. `:y` is the row with its `.mvt` ending.

export const tileRoutes = {
  'GET /api/tiles/:layer/:z/:x/:y': endpoint<Uint8Array>(),
}
