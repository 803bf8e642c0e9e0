// Turns an API failure into words that say what happened and what to do.
import { useI18n } from 'vue-i18n'
import type { ApiError } from '../http/client'

const KNOWN = ['network', 'starting', 'not_found', 'bad_response', 'unauthorized', 'forbidden'] as const

/** The advice depends on what went wrong; the HTTP status decides when the code is the server's own. */
function adviceKey(error: ApiError): string {
  if (error.status === 401) return 'unauthorized'
  if (error.status === 403) return 'forbidden'
  if (error.status === 404) return 'not_found'
  return (KNOWN as readonly string[]).includes(error.code) ? error.code : 'generic'
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
