// A refused change's problems by the field each names, said in the reader's language, for a form
// that shows each next to its field: the body's field problems (details.errors), else the one field
// a rule names (details.field) with the reason (details.msg).
import { errorMessage, listedProblems } from '../../composables/useErrorText'
import type { ApiError } from '../../http/client'
import { useSay } from '../../i18n/say'

export function useFieldProblems<F extends string>(fields: readonly F[]) {
  const { say } = useSay()
  const isField = (name: string): name is F => (fields as readonly string[]).includes(name)

  /** The problems of the form's own fields; empty when the refusal names none of them. */
  return function fieldProblems(error: ApiError): Partial<Record<F, string>> {
    const out: Partial<Record<F, string>> = {}
    if (error.status !== 400) return out
    const listed = listedProblems(error)
    for (const p of listed) if (p.field !== undefined && isField(p.field)) out[p.field] ??= say(p.msg)
    const named = (error.details as { field?: unknown } | null)?.field
    const reason = errorMessage(error)
    if (!listed.length && typeof named === 'string' && reason) {
      const field = named.replace(/^properties\./, '')
      if (isField(field)) out[field] = say(reason)
    }
    return out
  }
}
