import type { ParamKind, ParamValue } from './params.ts'

/** One entry of the catalogue: the English text (for scripts and logs) and its parameters. */
export interface MessageSpec {
  en: string
  params?: Readonly<Record<string, ParamKind>>
  /** The element kind of `list` parameters, by parameter name. */
  lists?: Readonly<Record<string, ParamKind>>
}

export type Section = Readonly<Record<string, MessageSpec>>

/** Keeps the literal types of a section while checking its shape. */
export const section = <const S extends Section>(s: S): S => s

export type ParamsOfSpec<S extends MessageSpec> = S['params'] extends Readonly<Record<string, ParamKind>>
  ? { [P in keyof S['params']]: ParamValue<S['params'][P]> }
  : Record<never, never>
