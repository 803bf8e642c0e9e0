// Colours that carry meaning. Hues from the Okabe–Ito colour-blind-safe palette;
// the same state has the same colour in every layer and legend.
import type { ProjectStatus } from '../../core/format/layers'
import type { VillagePovertyState } from '../domain/village'

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const

/** Darker and lighter companions for states that need a second shade of a hue. */
export const SHADES = {
  darkGreen: '#00553F',
  grey: '#9A9A9A',
  lightGrey: '#D2D2D2',
  ink: '#1F2933',
  white: '#FFFFFF',
} as const

export const PROJECT_STATUS_COLORS: Record<ProjectStatus, string> = {
  planned: SHADES.grey,
  approved: OKABE_ITO.blue,
  tendered: OKABE_ITO.reddishPurple,
  under_construction: OKABE_ITO.orange,
  completed: OKABE_ITO.bluishGreen,
  accepted: SHADES.darkGreen,
}

export const VILLAGE_STATE_COLORS: Record<VillagePovertyState, string> = {
  not_poor: SHADES.lightGrey,
  not_exited: OKABE_ITO.orange,
  exited: OKABE_ITO.bluishGreen,
}

/** Outline per village state, so the states differ by more than hue. */
export const VILLAGE_STATE_STROKES: Record<VillagePovertyState, { color: string; width: number }> = {
  not_poor: { color: '#8C8C8C', width: 0.8 },
  not_exited: { color: SHADES.ink, width: 1.6 },
  exited: { color: SHADES.white, width: 1.6 },
}

export const ROAD_SURFACE_COLORS = {
  hardened: '#454545',
  gravel: '#9C7A4E',
  earth: '#C7AE86',
} as const

export const HAZARD_LEVEL_COLORS = {
  low: OKABE_ITO.yellow,
  medium: OKABE_ITO.orange,
  high: OKABE_ITO.vermillion,
} as const

export const REGION_COLORS = {
  background: '#E4E9EE',
  countyFill: '#FBFAF6',
  countyLine: '#3F3F3F',
  townshipLine: '#8E8E8E',
  villageLine: '#C4C4C4',
  label: '#5A5A5A',
} as const

export const SELECTION_COLOR = SHADES.ink
