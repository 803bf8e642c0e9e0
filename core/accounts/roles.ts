import type { LayerName } from '../format/layers.ts'

// Roles of an account and what each may change; an account is limited to a region besides.

export const ROLES = ['viewer', 'planner', 'engineer', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Which layers each role may change. */
export const WRITABLE_LAYERS: Record<Role, readonly LayerName[]> = {
  viewer: [],
  planner: ['sites'],
  engineer: ['sites', 'roads', 'water'],
  admin: ['regions', 'villages', 'sites', 'roads', 'water', 'facilities', 'hazards'],
}

/** Layers whose features are readable outside the account's region (neighbours' infrastructure). */
export const READABLE_EVERYWHERE: readonly LayerName[] = ['regions', 'sites', 'roads', 'water', 'facilities', 'hazards']
