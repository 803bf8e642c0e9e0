/** One changed field, in words: `label: before → after`. */
export interface ChangeRow {
  /** The field's name, also a test and style hook. */
  key: string
  label: string
  before: string
  after: string
}
