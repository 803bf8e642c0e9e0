// MapLibre sources and layers as plain data. Drawing order follows UX.md:
// region fills, hazards, water lines, roads, water points, sites, facilities, villages,
// then labels and the selection on top.
import type {
  DataDrivenPropertyValueSpecification, ExpressionSpecification, FilterSpecification,
  LayerSpecification, SourceSpecification,
} from 'maplibre-gl'
import {
  FACILITY_KINDS, HAZARD_LEVELS, LAYERS, PROJECT_STATUSES, ROAD_CLASSES, ROAD_SURFACES, WATER_KINDS,
  type LayerName, type ProjectStatus,
} from '../../core/format/layers'
import { VILLAGE_POVERTY_STATES, type VillagePovertyState } from '../domain/village'
import {
  HAZARD_LEVEL_COLORS, OKABE_ITO, PROJECT_STATUS_COLORS, REGION_COLORS, ROAD_SURFACE_COLORS,
  SELECTION_COLOR, SHADES, VILLAGE_STATE_COLORS, VILLAGE_STATE_STROKES,
} from './palette'
import { DRAWN_FROM_ZOOM } from '../../core/tiles/tiles'
import type { IconSpec, ShapeName } from './shapes'

/** Local fonts only: with no `glyphs` URL MapLibre draws every label with the browser's fonts. */
export const LABEL_FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif']
export const LOCAL_FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

export const SELECTION_SOURCE = 'selection'

/** Layers also drawn from one point per feature (see label_points.ts), and that source's id. */
export const POINT_SOURCES = { regions: 'regions-points', sites: 'sites-points' } as const satisfies Partial<Record<LayerName, string>>

/**
 * The source of a layer drawn from vector tiles (GET /api/tiles, above map.tilesAboveFeatures): the
 * layer's map layers move to it, with the layer's name as their source-layer.
 */
export const tileSourceId = (layer: LayerName) => `${layer}-tiles`

/** Deepest zoom the map asks tiles for; deeper, MapLibre draws the zoom-16 tiles larger. */
export const TILE_SOURCE_MAX_ZOOM = 16

/** The data layer a map source shows (a layer's own source, its point source or its tiles). */
export function dataLayerOfSource(source: string): LayerName | null {
  const layer = source.replace(/-(points|tiles)$/, '')
  return (LAYERS as readonly string[]).includes(layer) ? (layer as LayerName) : null
}

type Layer = LayerSpecification

// ---------- shared expressions ----------

const geometryIs = (...types: string[]): FilterSpecification =>
  ['in', ['geometry-type'], ['literal', types]] as FilterSpecification

const POINTS = geometryIs('Point', 'MultiPoint')
const LINES = geometryIs('LineString', 'MultiLineString')
const POLYGONS = geometryIs('Polygon', 'MultiPolygon')

/** Status with the format's default (roads and water default to completed, sites to planned). */
const statusOr = (fallback: ProjectStatus): ExpressionSpecification => ['coalesce', ['get', 'status'], fallback]

const DASHED_STATUSES: readonly ProjectStatus[] = ['planned', 'under_construction']
const INCOMPLETE_STATUSES: readonly ProjectStatus[] = ['planned', 'approved', 'tendered', 'under_construction']

const dashByStatus = (fallback: ProjectStatus): DataDrivenPropertyValueSpecification<number[]> =>
  ['case', ['in', statusOr(fallback), ['literal', DASHED_STATUSES]], ['literal', [2, 1.5]], ['literal', [1, 0]]]

const matchColor = (input: ExpressionSpecification, colors: Record<string, string>, fallback: string): ExpressionSpecification =>
  ['match', input, ...Object.entries(colors).flat(), fallback] as unknown as ExpressionSpecification

/** Mirrors villagePovertyState() in domain/village.ts. */
export const VILLAGE_STATE_EXPRESSION: ExpressionSpecification = [
  'case',
  ['!=', ['get', 'isPoorVillage'], true], 'not_poor',
  ['>', ['to-number', ['coalesce', ['get', 'exitYear'], 0]], 0], 'exited',
  'not_exited',
]

const villageStateValue = <T>(pick: (s: VillagePovertyState) => T): ExpressionSpecification =>
  ['match', VILLAGE_STATE_EXPRESSION, ...VILLAGE_POVERTY_STATES.flatMap((s) => [s, pick(s)]), pick('not_poor')] as unknown as ExpressionSpecification

/** Circle radius (px) by √population: the circle's area grows with the number of people. */
const VILLAGE_RADIUS_STOPS: readonly [number, number][] = [[0, 2.5], [30, 4], [50, 6], [80, 9]]

const villageRadius = (scale: number): ExpressionSpecification => [
  '*', scale,
  ['interpolate', ['linear'], ['sqrt', ['to-number', ['coalesce', ['get', 'population'], 0]]], ...VILLAGE_RADIUS_STOPS.flat()],
] as unknown as ExpressionSpecification

/** The same radius in TypeScript, for the legend. */
export function villageRadiusPx(population: number, scale = 1): number {
  const x = Math.sqrt(Math.max(0, population))
  const stops = VILLAGE_RADIUS_STOPS
  if (x <= stops[0][0]) return stops[0][1] * scale
  for (let i = 1; i < stops.length; i++) {
    const [x0, y0] = stops[i - 1]
    const [x1, y1] = stops[i]
    if (x <= x1) return (y0 + ((x - x0) / (x1 - x0)) * (y1 - y0)) * scale
  }
  return stops[stops.length - 1][1] * scale
}

export const ROAD_WIDTHS: Record<(typeof ROAD_CLASSES)[number], number> = {
  county: 3.6, township: 2.6, village: 1.7, group: 1.1,
}

const roadWidth = (scale: number): ExpressionSpecification =>
  ['*', scale, ['match', ['get', 'roadClass'], ...Object.entries(ROAD_WIDTHS).flat(), 1]] as unknown as ExpressionSpecification

const byZoom = (z0: number, v0: ExpressionSpecification | number, z1: number, v1: ExpressionSpecification | number) =>
  ['interpolate', ['linear'], ['zoom'], z0, v0, z1, v1] as unknown as ExpressionSpecification

/** Completed roads by surface; roads not yet built by their project status. */
const ROAD_COLOR: ExpressionSpecification = [
  'case',
  ['in', statusOr('completed'), ['literal', INCOMPLETE_STATUSES]],
  matchColor(statusOr('completed'), PROJECT_STATUS_COLORS, SHADES.grey),
  matchColor(['get', 'surface'], ROAD_SURFACE_COLORS, ROAD_SURFACE_COLORS.earth),
]

// ---------- icons ----------

export const WATER_LINE_STYLE = {
  pipeline: { color: OKABE_ITO.blue, width: 1.6 },
  irrigation_channel: { color: OKABE_ITO.skyBlue, width: 2.4 },
} as const

const WATER_POINT_ICONS: Record<Exclude<(typeof WATER_KINDS)[number], 'pipeline' | 'irrigation_channel'>, { shape: ShapeName; color: string; size: number }> = {
  intake: { shape: 'drop', color: OKABE_ITO.skyBlue, size: 16 },
  supply_plant: { shape: 'square', color: OKABE_ITO.blue, size: 16 },
  reservoir: { shape: 'circle', color: OKABE_ITO.blue, size: 18 },
  cistern: { shape: 'circle', color: OKABE_ITO.skyBlue, size: 13 },
  well: { shape: 'drop', color: OKABE_ITO.blue, size: 13 },
}

const FACILITY_ICONS: Record<(typeof FACILITY_KINDS)[number], { shape: ShapeName; color: string; size: number }> = {
  county_seat: { shape: 'star', color: SHADES.ink, size: 24 },
  township_seat: { shape: 'star', color: '#5A5A5A', size: 19 },
  school: { shape: 'triangle', color: OKABE_ITO.blue, size: 16 },
  kindergarten: { shape: 'triangle', color: OKABE_ITO.skyBlue, size: 14 },
  clinic: { shape: 'plus', color: OKABE_ITO.vermillion, size: 14 },
  hospital: { shape: 'plus', color: OKABE_ITO.vermillion, size: 19 },
  market: { shape: 'diamond', color: OKABE_ITO.reddishPurple, size: 15 },
  bus_stop: { shape: 'circle', color: '#6B6B6B', size: 11 },
  service_center: { shape: 'hexagon', color: OKABE_ITO.yellow, size: 16 },
}

const SITE_ICON_SIZE = 20

function siteIcon(status: ProjectStatus): IconSpec {
  // Planned sites are hollow: not yet decided on the ground.
  const planned = status === 'planned'
  return {
    id: `site-${status}`,
    shape: 'house',
    fill: planned ? SHADES.white : PROJECT_STATUS_COLORS[status],
    stroke: planned ? '#5A5A5A' : SHADES.ink,
    size: SITE_ICON_SIZE,
  }
}

function waterIcon(kind: keyof typeof WATER_POINT_ICONS, complete: boolean): IconSpec {
  const s = WATER_POINT_ICONS[kind]
  // Schemes not yet complete are hollow, as dashed lines are for pipes.
  return {
    id: `water-${kind}${complete ? '' : '-pending'}`,
    shape: s.shape,
    fill: complete ? s.color : SHADES.white,
    stroke: complete ? SHADES.white : s.color,
    size: s.size,
  }
}

function facilityIcon(kind: (typeof FACILITY_KINDS)[number]): IconSpec {
  const s = FACILITY_ICONS[kind]
  return { id: `facility-${kind}`, shape: s.shape, fill: s.color, stroke: kind === 'service_center' ? SHADES.ink : SHADES.white, size: s.size }
}

const WATER_POINT_KINDS = Object.keys(WATER_POINT_ICONS) as (keyof typeof WATER_POINT_ICONS)[]

export const ICONS: ReadonlyMap<string, IconSpec> = new Map(
  [
    ...PROJECT_STATUSES.map(siteIcon),
    ...WATER_POINT_KINDS.flatMap((k) => [waterIcon(k, true), waterIcon(k, false)]),
    ...FACILITY_KINDS.map(facilityIcon),
  ].map((icon) => [icon.id, icon]),
)

// ---------- sources ----------

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

export function dataSources(): Record<string, SourceSpecification> {
  const sources: Record<string, SourceSpecification> = {}
  for (const layer of LAYERS) sources[layer] = { type: 'geojson', data: EMPTY, promoteId: 'code' }
  for (const id of Object.values(POINT_SOURCES)) sources[id] = { type: 'geojson', data: EMPTY, promoteId: 'code' }
  sources[SELECTION_SOURCE] = { type: 'geojson', data: EMPTY }
  return sources
}

// ---------- layers ----------

const textLayout = (size: number) => ({
  'text-field': ['get', 'name'] as ExpressionSpecification,
  'text-font': LABEL_FONT_STACK,
  'text-size': size,
  'text-max-width': 8,
})
const textPaint = (color: string) => ({ 'text-color': color, 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.6 })

const REGION_LAYERS: Layer[] = [
  { id: 'regions-county-fill', type: 'fill', source: 'regions', filter: ['==', ['get', 'level'], 'county'], paint: { 'fill-color': REGION_COLORS.countyFill } },
  // Invisible fill so a click inside a township selects it.
  { id: 'regions-township-fill', type: 'fill', source: 'regions', filter: ['==', ['get', 'level'], 'township'], paint: { 'fill-color': '#000000', 'fill-opacity': 0 } },
  { id: 'regions-village-line', type: 'line', source: 'regions', minzoom: DRAWN_FROM_ZOOM.regions.minZoom.village, filter: ['==', ['get', 'level'], 'village'], paint: { 'line-color': REGION_COLORS.villageLine, 'line-width': 0.8 } },
  { id: 'regions-township-line', type: 'line', source: 'regions', filter: ['==', ['get', 'level'], 'township'], paint: { 'line-color': REGION_COLORS.townshipLine, 'line-width': 1.2 } },
  { id: 'regions-county-line', type: 'line', source: 'regions', filter: ['==', ['get', 'level'], 'county'], paint: { 'line-color': REGION_COLORS.countyLine, 'line-width': 2.4 } },
]

const HAZARD_LAYERS: Layer[] = [
  {
    id: 'hazards-fill', type: 'fill', source: 'hazards', filter: POLYGONS,
    paint: { 'fill-color': matchColor(['get', 'level'], HAZARD_LEVEL_COLORS, HAZARD_LEVEL_COLORS.medium), 'fill-opacity': 0.32 },
  },
  {
    id: 'hazards-line', type: 'line', source: 'hazards', filter: POLYGONS,
    paint: {
      'line-color': matchColor(['get', 'level'], { ...HAZARD_LEVEL_COLORS, low: '#B8AA10' }, HAZARD_LEVEL_COLORS.medium),
      'line-width': ['match', ['get', 'level'], 'high', 2, 'medium', 1.4, 1],
    },
  },
]

const WATER_LINE_LAYERS: Layer[] = [
  { id: 'water-fill', type: 'fill', source: 'water', filter: POLYGONS, paint: { 'fill-color': OKABE_ITO.skyBlue, 'fill-opacity': 0.55, 'fill-outline-color': OKABE_ITO.blue } },
  {
    id: 'water-line', type: 'line', source: 'water', filter: LINES,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': matchColor(['get', 'kind'], { pipeline: WATER_LINE_STYLE.pipeline.color, irrigation_channel: WATER_LINE_STYLE.irrigation_channel.color }, OKABE_ITO.blue),
      'line-width': byZoom(9, ['match', ['get', 'kind'], 'irrigation_channel', WATER_LINE_STYLE.irrigation_channel.width * 0.7, WATER_LINE_STYLE.pipeline.width * 0.7], 14, ['match', ['get', 'kind'], 'irrigation_channel', WATER_LINE_STYLE.irrigation_channel.width * 1.6, WATER_LINE_STYLE.pipeline.width * 1.6]),
      'line-dasharray': dashByStatus('completed'),
    },
  },
]

/** Roads of the classes drawn at the zoom, the rule the tiles are cut by (DRAWN_FROM_ZOOM, core/tiles/tiles.ts). */
export const ROAD_CLASS_SHOWN = ['any', ...Object.entries(DRAWN_FROM_ZOOM.roads.minZoom).map(([cls, z]) =>
  ['all', ['==', ['get', 'roadClass'], cls], ['>=', ['zoom'], z]])] as unknown as ExpressionSpecification

const ROAD_LAYERS: Layer[] = [
  {
    id: 'roads-line', type: 'line', source: 'roads', filter: ['all', LINES, ROAD_CLASS_SHOWN] as FilterSpecification,
    layout: { 'line-join': 'round', 'line-sort-key': ['match', ['get', 'roadClass'], 'county', 4, 'township', 3, 'village', 2, 1] },
    paint: {
      'line-color': ROAD_COLOR,
      'line-width': byZoom(8, roadWidth(0.55), 14, roadWidth(1.35)),
      'line-dasharray': dashByStatus('completed'),
    },
  },
]

const WATER_POINT_LAYERS: Layer[] = [
  {
    id: 'water-point', type: 'symbol', source: 'water', filter: POINTS,
    layout: {
      'icon-image': ['concat', 'water-', ['get', 'kind'], ['case', ['in', statusOr('completed'), ['literal', INCOMPLETE_STATUSES]], '-pending', '']],
      'icon-size': byZoom(9, 0.75, 14, 1.1),
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  },
]

const SITE_LAYERS: Layer[] = [
  {
    id: 'sites-fill', type: 'fill', source: 'sites', filter: POLYGONS,
    paint: { 'fill-color': matchColor(statusOr('planned'), PROJECT_STATUS_COLORS, SHADES.grey), 'fill-opacity': 0.35 },
  },
  {
    id: 'sites-line', type: 'line', source: 'sites', filter: POLYGONS,
    paint: { 'line-color': matchColor(statusOr('planned'), PROJECT_STATUS_COLORS, SHADES.grey), 'line-width': 1.5, 'line-dasharray': dashByStatus('planned') },
  },
  {
    id: 'sites-icon', type: 'symbol', source: POINT_SOURCES.sites,
    layout: {
      'icon-image': ['concat', 'site-', statusOr('planned')],
      'icon-size': byZoom(8, 0.8, 14, 1.2),
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  },
]

const FACILITY_LAYERS: Layer[] = [
  {
    id: 'facilities-icon', type: 'symbol', source: 'facilities',
    // Seats, hospitals and schools always; the small facilities only from zoom 11.
    layout: {
      'icon-image': ['concat', 'facility-', ['get', 'kind']],
      'icon-size': byZoom(8, 0.7, 14, 1.1),
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'symbol-sort-key': ['match', ['get', 'kind'], 'county_seat', 0, 'township_seat', 1, 5],
    },
    filter: ['all', POINTS, ['any', ['>=', ['zoom'], 11], ['in', ['get', 'kind'], ['literal', ['county_seat', 'township_seat', 'hospital', 'school']]]]] as FilterSpecification,
  },
]

/** Villages gathered in one circle with their number (tiles below CLUSTER_BELOW_ZOOM, core/tiles/tiles.ts). */
const CLUSTER: FilterSpecification = ['==', ['get', 'cluster'], true]
const NOT_CLUSTER: FilterSpecification = ['!=', ['get', 'cluster'], true]

const VILLAGE_LAYERS: Layer[] = [
  {
    id: 'villages-cluster', type: 'circle', source: 'villages', filter: ['all', POINTS, CLUSTER] as FilterSpecification,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['sqrt', ['to-number', ['get', 'count'], 2]], 1, 9, 10, 16, 40, 28],
      // Neutral: a cluster holds villages of every state.
      'circle-color': SHADES.grey,
      'circle-opacity': 0.6,
      'circle-stroke-color': SHADES.white,
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: 'villages-cluster-count', type: 'symbol', source: 'villages', filter: ['all', POINTS, CLUSTER] as FilterSpecification,
    layout: {
      'text-field': ['to-string', ['get', 'count']], 'text-font': LABEL_FONT_STACK, 'text-size': 12,
      'text-allow-overlap': true, 'text-ignore-placement': true,
    },
    paint: { 'text-color': SHADES.ink, 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.4 },
  },
  {
    id: 'villages-circle', type: 'circle', source: 'villages', filter: ['all', POINTS, NOT_CLUSTER] as FilterSpecification,
    layout: { 'circle-sort-key': ['-', 0, ['to-number', ['coalesce', ['get', 'population'], 0]]] },
    paint: {
      'circle-radius': byZoom(8, villageRadius(0.75), 14, villageRadius(1.9)),
      'circle-color': villageStateValue((s) => VILLAGE_STATE_COLORS[s]),
      'circle-stroke-color': villageStateValue((s) => VILLAGE_STATE_STROKES[s].color),
      'circle-stroke-width': villageStateValue((s) => VILLAGE_STATE_STROKES[s].width),
      'circle-opacity': 0.95,
    },
  },
]

const LABEL_LAYERS: Layer[] = [
  {
    id: 'regions-label', type: 'symbol', source: POINT_SOURCES.regions, minzoom: 8, maxzoom: 12.5,
    filter: ['==', ['get', 'level'], 'township'],
    layout: { ...textLayout(14), 'text-letter-spacing': 0.05 },
    paint: textPaint(REGION_COLORS.label),
  },
  {
    id: 'sites-label', type: 'symbol', source: POINT_SOURCES.sites, minzoom: 12,
    layout: { ...textLayout(12), 'text-anchor': 'left', 'text-offset': [1.2, 0], 'text-optional': true },
    paint: textPaint('#3B3B3B'),
  },
  {
    id: 'villages-label', type: 'symbol', source: 'villages', minzoom: 10.5, filter: ['all', POINTS, NOT_CLUSTER] as FilterSpecification,
    layout: {
      ...textLayout(12),
      'text-variable-anchor': ['top', 'bottom', 'right', 'left'],
      'text-radial-offset': 0.9,
      'symbol-sort-key': ['-', 0, ['to-number', ['coalesce', ['get', 'population'], 0]]],
    },
    paint: textPaint(SHADES.ink),
  },
]

const SELECTION_LAYERS: Layer[] = [
  { id: 'selection-fill', type: 'fill', source: SELECTION_SOURCE, filter: POLYGONS, paint: { 'fill-color': SELECTION_COLOR, 'fill-opacity': 0.06 } },
  // A white casing under a dark line: stands out on every colour the layers use.
  {
    id: 'selection-casing', type: 'line', source: SELECTION_SOURCE, filter: geometryIs('LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'),
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': SHADES.white, 'line-width': 8, 'line-opacity': 0.9 },
  },
  {
    id: 'selection-line', type: 'line', source: SELECTION_SOURCE, filter: geometryIs('LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'),
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': SELECTION_COLOR, 'line-width': 3 },
  },
  {
    id: 'selection-halo', type: 'circle', source: SELECTION_SOURCE, filter: POINTS,
    paint: {
      'circle-radius': 17, 'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': SELECTION_COLOR, 'circle-stroke-width': 2.5,
    },
  },
  {
    id: 'selection-halo-inner', type: 'circle', source: SELECTION_SOURCE, filter: POINTS,
    paint: {
      'circle-radius': 14.5, 'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': SHADES.white, 'circle-stroke-width': 2,
    },
  },
]

/** Every data layer in drawing order. */
export const DATA_LAYERS: readonly Layer[] = [
  ...REGION_LAYERS,
  ...HAZARD_LAYERS,
  ...WATER_LINE_LAYERS,
  ...ROAD_LAYERS,
  ...WATER_POINT_LAYERS,
  ...SITE_LAYERS,
  ...FACILITY_LAYERS,
  ...VILLAGE_LAYERS,
  ...LABEL_LAYERS,
  ...SELECTION_LAYERS,
]

/** The first layer of ours, under which a basemap goes. */
export const BOTTOM_LAYER_ID = REGION_LAYERS[0].id

/** Which map layers the panel's toggle for a data layer shows or hides. */
export const MAP_LAYERS_BY_DATA_LAYER: Record<LayerName, readonly string[]> = Object.fromEntries(
  LAYERS.map((name) => [name, DATA_LAYERS.filter((l) => 'source' in l && dataLayerOfSource(l.source) === name).map((l) => l.id)]),
) as unknown as Record<LayerName, readonly string[]>

/** Layers a click can select, top-most first (the order queryRenderedFeatures returns). */
export const CLICKABLE_LAYER_IDS: readonly string[] = [
  'villages-cluster', 'villages-circle', 'facilities-icon', 'sites-icon', 'sites-fill', 'water-point', 'roads-line', 'water-line',
  'water-fill', 'hazards-fill', 'regions-township-fill',
]

export const BACKGROUND_LAYER: Layer = { id: 'background', type: 'background', paint: { 'background-color': REGION_COLORS.background } }

// ---------- legend ----------

export type LegendSwatch =
  | { type: 'circle'; fill: string; stroke: string; strokeWidth: number; radius: number }
  | { type: 'line'; color: string; width: number; dashed: boolean }
  | { type: 'fill'; fill: string; stroke: string; opacity: number }
  | { type: 'icon'; icon: IconSpec }

export interface LegendEntry {
  /** i18n key of the entry's label. */
  label: string
  /** Named values for the label (numbers are formatted by the legend). */
  params?: Record<string, number>
  swatch: LegendSwatch
}

export interface LegendGroup {
  /** i18n key of the group's title, if the layer has more than one. */
  title?: string
  /** One column for long labels; two by default. */
  columns?: 1 | 2
  entries: LegendEntry[]
}

const statusLine = (status: ProjectStatus, width = 2.4): LegendEntry => ({
  label: `enums.status.${status}`,
  swatch: { type: 'line', color: PROJECT_STATUS_COLORS[status], width, dashed: DASHED_STATUSES.includes(status) },
})

export const LEGENDS: Record<LayerName, LegendGroup[]> = {
  regions: [{
    entries: [
      { label: 'enums.regions.level.county', swatch: { type: 'line', color: REGION_COLORS.countyLine, width: 2.4, dashed: false } },
      { label: 'enums.regions.level.township', swatch: { type: 'line', color: REGION_COLORS.townshipLine, width: 1.2, dashed: false } },
    ],
  }],
  hazards: [{
    entries: HAZARD_LEVELS.map((level) => ({
      label: `enums.hazards.level.${level}`,
      swatch: { type: 'fill', fill: HAZARD_LEVEL_COLORS[level], stroke: HAZARD_LEVEL_COLORS[level], opacity: 0.45 },
    })),
  }],
  water: [
    {
      entries: [
        ...(['pipeline', 'irrigation_channel'] as const).map((kind) => ({
          label: `enums.water.kind.${kind}`,
          swatch: { type: 'line' as const, color: WATER_LINE_STYLE[kind].color, width: WATER_LINE_STYLE[kind].width, dashed: false },
        })),
        ...WATER_POINT_KINDS.map((kind) => ({ label: `enums.water.kind.${kind}`, swatch: { type: 'icon' as const, icon: waterIcon(kind, true) } })),
      ],
    },
    {
      title: 'legend.notBuilt',
      entries: [
        { label: 'legend.pipePlanned', swatch: { type: 'line', color: OKABE_ITO.blue, width: 1.6, dashed: true } },
        { label: 'legend.pointPending', swatch: { type: 'icon', icon: waterIcon('supply_plant', false) } },
      ],
    },
  ],
  roads: [
    {
      title: 'legend.roadsBuilt',
      entries: ROAD_SURFACES.map((surface) => ({
        label: `enums.roads.surface.${surface}`,
        swatch: { type: 'line', color: ROAD_SURFACE_COLORS[surface], width: 2.6, dashed: false },
      })),
    },
    {
      title: 'legend.roadsNotBuilt',
      entries: (['planned', 'approved', 'tendered', 'under_construction'] as const).map((s) => statusLine(s)),
    },
    {
      title: 'legend.roadClass',
      entries: ROAD_CLASSES.map((cls) => ({
        label: `enums.roads.roadClass.${cls}`,
        swatch: { type: 'line', color: ROAD_SURFACE_COLORS.hardened, width: ROAD_WIDTHS[cls] * 1.1, dashed: false },
      })),
    },
  ],
  sites: [{
    entries: PROJECT_STATUSES.map((status) => ({ label: `enums.status.${status}`, swatch: { type: 'icon', icon: siteIcon(status) } })),
  }],
  facilities: [{
    entries: FACILITY_KINDS.map((kind) => ({ label: `enums.facilities.kind.${kind}`, swatch: { type: 'icon', icon: facilityIcon(kind) } })),
  }],
  villages: [
    {
      columns: 1,
      entries: VILLAGE_POVERTY_STATES.map((state) => ({
        label: `villageState.${state}`,
        swatch: { type: 'circle', fill: VILLAGE_STATE_COLORS[state], stroke: VILLAGE_STATE_STROKES[state].color, strokeWidth: VILLAGE_STATE_STROKES[state].width, radius: 6 },
      })),
    },
    {
      title: 'legend.villageSize',
      entries: [500, 2000, 5000].map((n) => ({
        label: 'legend.persons',
        params: { n },
        swatch: { type: 'circle', fill: SHADES.white, stroke: '#6B6B6B', strokeWidth: 1, radius: villageRadiusPx(n, 1.1) },
      })),
    },
  ],
}
