import type { RelocationStandards } from './standards.ts'

// Floor area to build for relocated persons, at the per-person standard.

export function floorAreaNeededM2(persons: number, standards: Pick<RelocationStandards, 'floorAreaPerPersonM2'>): number {
  return persons * standards.floorAreaPerPersonM2
}
