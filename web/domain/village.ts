// Village poverty state and incidence. Pure: no Vue, MapLibre or database imports.
// The map style mirrors villagePovertyState in VILLAGE_STATE_EXPRESSION (map/layer_styles.ts).

export const VILLAGE_POVERTY_STATES = ['not_poor', 'not_exited', 'exited'] as const
export type VillagePovertyState = (typeof VILLAGE_POVERTY_STATES)[number]

/** Village properties as they come in the exchange format (checked here, not trusted). */
export type VillageProps = Readonly<Record<string, unknown>>

/**
 * Interim state until the exit workspace computes the real one (in progress / behind / ready):
 * a registered poor village with an exit year has exited; without one it has not.
 */
export function villagePovertyState(props: VillageProps): VillagePovertyState {
  if (props.isPoorVillage !== true) return 'not_poor'
  return typeof props.exitYear === 'number' && props.exitYear > 0 ? 'exited' : 'not_exited'
}

/** 贫困发生率 in percent: registered poor persons not yet lifted out ÷ population. */
export function povertyIncidencePct(props: VillageProps): number | null {
  const poor = props.poorPopulation
  const total = props.population
  if (typeof poor !== 'number' || typeof total !== 'number' || total <= 0) return null
  return (poor / total) * 100
}
