// Turns an API failure into words that say what happened and what to do, in the reader's language:
// the server's reason (details.msg, a catalogue code with its parameters) said through web/i18n/codes,
// never the English `message` it writes for scripts.
import { useI18n } from 'vue-i18n'
import type { WireMessage } from '../../core/messages/catalogue'
import type { ApiError } from '../http/client'
import { isWireMessage, useSay } from '../i18n/say'

/** Codes with advice of their own; otherwise the HTTP status decides. */
const KNOWN = [
  'network', 'starting', 'not_found', 'bad_response', 'session_expired', 'out_of_scope', 'csrf',
  'password_change_required', 'body_too_large',
] as const

function adviceKey(error: ApiError): string {
  if ((KNOWN as readonly string[]).includes(error.code)) return error.code
  if (error.status === 401) return 'unauthorized'
  if (error.status === 403) return 'forbidden'
  if (error.status === 404) return 'not_found'
  if (error.status === 400 || error.status === 409 || error.status === 422) return 'invalid'
  return 'generic'
}

export interface ErrorText {
  title: string
  /** The server's reason in the reader's language where it gave one, else what to do. */
  action: string
  /** Status and code, for the administrator. */
  detail: string
}

/** The message a failure carries (details.msg), if any. */
export function errorMessage(error: ApiError): WireMessage | null {
  const details = error.details as { msg?: unknown } | null
  return details && isWireMessage(details.msg) ? details.msg : null
}

/** The messages of a failure's listed problems (import rows, body fields), each with its field or row. */
export function listedProblems(error: ApiError): { field?: string; index?: number | null; msg: WireMessage }[] {
  const details = error.details as { errors?: unknown } | null
  const list = Array.isArray(details?.errors) ? details.errors : []
  return list.filter((e): e is { field?: string; index?: number | null; msg: WireMessage } => isWireMessage((e as { msg?: unknown })?.msg))
}

export function useErrorText() {
  const { t } = useI18n()
  const { say } = useSay()

  /** The server's reason, said; else the advice for its kind of failure. */
  function reason(error: ApiError): string {
    const said = errorMessage(error)
    return said ? say(said) : t(`errors.${adviceKey(error)}.action`)
  }

  function describe(error: ApiError): ErrorText {
    const key = adviceKey(error)
    const status = error.status ? `HTTP ${error.status} · ` : ''
    const said = errorMessage(error)
    return {
      title: t(`errors.${key}.title`),
      action: said ? say(said) : t(`errors.${key}.action`),
      detail: `${status}${error.code}`,
    }
  }
  return Object.assign(describe, { describe, reason })
}
