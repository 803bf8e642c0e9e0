// What the address holds, so a link or a reload returns to the same view:
//   #/map?county=360729&sel=villages:360729100201&view=114.53000,24.74000,11.20
// Loose text in, one normalised UrlState out; everything else works on UrlState.
import { isLayerName, type LayerName } from '../../core/format/layers'

export const WORKSPACES = ['map', 'siting', 'buildout', 'exit', 'data'] as const
export type Workspace = (typeof WORKSPACES)[number]

export interface FeatureRef {
  layer: LayerName
  code: string
}

export interface MapView {
  lng: number
  lat: number
  zoom: number
}

export interface UrlState {
  workspace: Workspace
  county: string | null
  selection: FeatureRef | null
  view: MapView | null
}

function isWorkspace(value: string): value is Workspace {
  return (WORKSPACES as readonly string[]).includes(value)
}

function parseSelection(raw: string | null): FeatureRef | null {
  if (!raw) return null
  const at = raw.indexOf(':')
  if (at < 1) return null
  const layer = raw.slice(0, at)
  const code = raw.slice(at + 1)
  return isLayerName(layer) && code ? { layer, code } : null
}

function parseView(raw: string | null): MapView | null {
  if (!raw) return null
  const [lng, lat, zoom] = raw.split(',').map(Number)
  const ok = Number.isFinite(lng) && Number.isFinite(lat) && Number.isFinite(zoom)
    && Math.abs(lng) <= 180 && Math.abs(lat) <= 85 && zoom >= 0 && zoom <= 24
  return ok ? { lng, lat, zoom } : null
}

export function parseUrlState(hash: string): UrlState {
  const text = hash.replace(/^#\/?/, '')
  const q = text.indexOf('?')
  const path = q >= 0 ? text.slice(0, q) : text
  const params = new URLSearchParams(q >= 0 ? text.slice(q + 1) : '')
  const county = params.get('county')
  return {
    workspace: isWorkspace(path) ? path : 'map',
    county: county && /^\d{6}$/.test(county) ? county : null,
    selection: parseSelection(params.get('sel')),
    view: parseView(params.get('view')),
  }
}

export function formatUrlState(state: UrlState): string {
  const params = new URLSearchParams()
  if (state.county) params.set('county', state.county)
  if (state.selection) params.set('sel', `${state.selection.layer}:${state.selection.code}`)
  if (state.view) {
    const { lng, lat, zoom } = state.view
    params.set('view', `${lng.toFixed(5)},${lat.toFixed(5)},${zoom.toFixed(2)}`)
  }
  const query = params.toString().replaceAll('%3A', ':').replaceAll('%2C', ',')
  return `#/${state.workspace}${query ? `?${query}` : ''}`
}
