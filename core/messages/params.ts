// What a message parameter is, so that each side can write it in its own way: the server's English
// for scripts, the web app's Chinese or English with the units UX.md asks for (m under 1 km, km with
// one decimal, 万元, 户/人, 2018年) and with property, layer and status names translated.

export const PARAM_KINDS = [
  /** Verbatim text: a name, a file name, a raw value. */
  'text',
  /** A feature, region or division code, shown as it is. */
  'code',
  /** A plain number. */
  'number',
  /** A whole count (villages, features, rows). */
  'count',
  /**
   * A 0-based position (a feature's index in a file's features array): the English for scripts
   * keeps it as the array has it, a reader is told it as a clerk counts (the first is 1).
   */
  'ordinal',
  'households',
  'persons',
  /** A distance in metres. */
  'metres',
  'm2',
  /** 0–1, shown as a percentage. */
  'ratio',
  /** 0–100, shown as a percentage. */
  'percent',
  /** Yuan. */
  'cny',
  'bytes',
  'seconds',
  'year',
  /** An ISO date YYYY-MM-DD. */
  'date',
  /** A property of the exchange format (`population`), shown by its label. */
  'property',
  /** A layer name (`villages`). */
  'layer',
  /** A project status (`under_construction`). */
  'status',
  /** A setting key (`exit.roadAccessM`). */
  'setting',
  /** An account role. */
  'role',
  /** A region level (`township`). */
  'level',
  /** A target class of nearest and coverage (`road_hardened`, `clinic`). */
  'target',
  /** An exit criterion id. */
  'criterion',
  /** A siting factor (`road`, `townshipSeat`). */
  'factor',
  /** A request field or query parameter (`sites.0.name`, `bbox`). */
  'field',
  /** A list of values of the kind given as `list:<kind>` (joined by the reader's list separator). */
  'list',
  /** A geometry type (`Point`). */
  'geometry',
  /** Raw JSON text of a value someone sent. */
  'json',
  /** Another message (code and parameters), said in its place: a field's problem inside "field: problem". */
  'message',
] as const

export type ParamKind = (typeof PARAM_KINDS)[number]

type NumericKind = 'number' | 'count' | 'ordinal' | 'households' | 'persons' | 'metres' | 'm2' | 'ratio' | 'percent' | 'cny' | 'bytes' | 'seconds' | 'year'

/** The value a parameter of a kind carries on the wire. */
export type ParamValue<K extends ParamKind> = K extends NumericKind ? number | null
  : K extends 'list' ? readonly (string | number)[]
    : K extends 'message' ? { code: string; params: Record<string, unknown> }
      : string | null

export const NUMERIC_KINDS: readonly ParamKind[] = [
  'number', 'count', 'ordinal', 'households', 'persons', 'metres', 'm2', 'ratio', 'percent', 'cny', 'bytes', 'seconds', 'year',
]
