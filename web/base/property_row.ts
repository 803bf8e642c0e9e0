/** One labelled value in a feature card. */
export interface PropertyRow {
  /** Property name, also used as a test and style hook. */
  key: string
  label: string
  value: string
  /** Definition shown on hover. */
  hint?: string
}
