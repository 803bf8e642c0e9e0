import type { Catalogue, SectionName } from '../../../core/messages/catalogue'

/** The texts of one catalogue section in one language: every code, nothing else (checked by the types). */
export type SectionTexts<S extends SectionName> = { readonly [K in keyof Catalogue[S]]: string }
