// What a build-out project is: a feature of one of the three project layers of the exchange format,
// funded from the four standard sources it names (a county may add its own as funding lines).

export const PROJECT_LAYERS = ['sites', 'roads', 'water'] as const
export type ProjectLayer = (typeof PROJECT_LAYERS)[number]

export function isProjectLayer(value: string): value is ProjectLayer {
  return (PROJECT_LAYERS as readonly string[]).includes(value)
}

export const FUNDING_SOURCES = ['state', 'sector', 'self', 'other'] as const
export type FundingSource = (typeof FUNDING_SOURCES)[number]

/** The project field that holds each standard source's amount (yuan). */
export const FUNDING_FIELDS = {
  state: 'fundingState', sector: 'fundingSector', self: 'fundingSelf', other: 'fundingOther',
} as const satisfies Record<FundingSource, string>

export function isStandardFundingSource(value: string): value is FundingSource {
  return (FUNDING_SOURCES as readonly string[]).includes(value)
}
