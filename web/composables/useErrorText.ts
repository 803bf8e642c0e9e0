// Turns an API failure into words that say what happened and what to do.
import { useI18n } from 'vue-i18n'
import type { ApiError } from '../http/client'

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
  action: string
  /** The server's own message and code, for the administrator. */
  detail: string
}

export function useErrorText() {
  const { t } = useI18n()
  return function describe(error: ApiError): ErrorText {
    const key = adviceKey(error)
    const status = error.status ? `HTTP ${error.status} · ` : ''
    return {
      title: t(`errors.${key}.title`),
      action: t(`errors.${key}.action`),
      detail: `${status}${error.code}: ${error.message}`,
    }
  }
}
