import { analysis } from './analysis.ts'
import type { MessageSpec, ParamsOfSpec } from './define.ts'
import { errors } from './errors.ts'
import { exit } from './exit.ts'
import { exporting } from './export.ts'
import { fields } from './fields.ts'
import { geometry, importing } from './import.ts'
import { network } from './network.ts'
import { optimise } from './optimise.ts'
import { projects } from './projects.ts'
import { siting } from './siting.ts'
import { startup } from './startup.ts'

// Every message the server can send, by section: its stable code, its parameters and an English
// text for scripts and logs. The web app says each in the reader's language
// (web/i18n/codes/, checked against this catalogue by tests/unit/messages.test.ts and by the types).

export const CATALOGUE = { errors, fields, import: importing, geometry, siting, projects, exit, network, analysis, startup, optimise, export: exporting } as const

export type Catalogue = typeof CATALOGUE
export type SectionName = keyof Catalogue

/** A message code: `<section>.<code>`, e.g. `siting.check_distance_fail`. */
export type MessageCode = { [S in SectionName]: `${S}.${keyof Catalogue[S] & string}` }[SectionName]

type SpecOf<C extends MessageCode> = C extends `${infer S extends SectionName}.${infer K}`
  ? K extends keyof Catalogue[S] ? Catalogue[S][K] extends MessageSpec ? Catalogue[S][K] : never : never
  : never

export type ParamsOf<C extends MessageCode> = ParamsOfSpec<SpecOf<C>>

/** What the server says: a code from the catalogue with its parameters. */
export interface Message<C extends MessageCode = MessageCode> {
  code: C
  params: ParamsOf<C>
}

/** A message the client reads: any code, parameters as sent. */
export interface WireMessage {
  code: string
  params: Record<string, unknown>
}

type NoParams<C extends MessageCode> = keyof ParamsOf<C> extends never ? true : false

/** A message; parameters are required exactly when the catalogue names some. */
export function msg<C extends MessageCode>(code: C, ...params: NoParams<C> extends true ? [] : [ParamsOf<C>]): Message<C> {
  return { code, params: (params[0] ?? {}) as ParamsOf<C> }
}

export function specOf(code: string): MessageSpec | undefined {
  const dot = code.indexOf('.')
  if (dot < 0) return undefined
  const section = (CATALOGUE as Record<string, Record<string, MessageSpec>>)[code.slice(0, dot)]
  return section?.[code.slice(dot + 1)]
}

/** Every code of the catalogue, `<section>.<code>`. */
export function allCodes(): MessageCode[] {
  return Object.entries(CATALOGUE).flatMap(([s, entries]) => Object.keys(entries).map((k) => `${s}.${k}` as MessageCode))
}
