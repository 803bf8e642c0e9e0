// Optional raster basemaps. Off by default: the app must work with no internet.
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl'

export const BASEMAPS = ['none', 'osm', 'tianditu'] as const
export type Basemap = (typeof BASEMAPS)[number]

export interface BasemapStyle {
  sources: Record<string, SourceSpecification>
  layers: LayerSpecification[]
}

const TIANDITU_HOSTS = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `https://t${i}.tianditu.gov.cn`)

/** Tianditu's web-mercator tiles ("_w") in CGCS2000, which matches our WGS84 coordinates. */
function tiandituTiles(layer: 'vec' | 'cva', key: string): string[] {
  const params = `SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles`
    + `&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`
  return TIANDITU_HOSTS.map((host) => `${host}/${layer}_w/wmts?${params}`)
}

export const BASEMAP_LAYER_PREFIX = 'basemap-'

/** Sources and layers for a basemap, or null when there is none to draw. */
export function basemapStyle(kind: Basemap, tiandituKey: string): BasemapStyle | null {
  if (kind === 'osm') {
    return {
      sources: {
        'basemap-osm': {
          type: 'raster',
          tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
          tileSize: 256,
          maxzoom: 19,
          attribution: '© OpenStreetMap contributors',
        },
      },
      layers: [{ id: 'basemap-osm', type: 'raster', source: 'basemap-osm', paint: { 'raster-opacity': 0.85 } }],
    }
  }
  if (kind === 'tianditu') {
    const key = tiandituKey.trim()
    if (!key) return null
    return {
      sources: {
        'basemap-tdt-vec': { type: 'raster', tiles: tiandituTiles('vec', key), tileSize: 256, maxzoom: 18, attribution: '© 天地图 Tianditu' },
        'basemap-tdt-cva': { type: 'raster', tiles: tiandituTiles('cva', key), tileSize: 256, maxzoom: 18 },
      },
      layers: [
        { id: 'basemap-tdt-vec', type: 'raster', source: 'basemap-tdt-vec', paint: { 'raster-opacity': 0.85 } },
        { id: 'basemap-tdt-cva', type: 'raster', source: 'basemap-tdt-cva' },
      ],
    }
  }
  return null
}
