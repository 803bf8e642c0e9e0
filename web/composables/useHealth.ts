// Asks GET /api/health until the embedded database is ready. The server holds each request until
// the database is ready or `wait` seconds have passed, so the page learns of it at once.
import { onBeforeUnmount, ref } from 'vue'
import type { WireMessage } from '../../core/messages/catalogue'
import type { Health } from '../http/types'
import { isWireMessage } from '../i18n/say'

export type HealthState = 'checking' | 'starting' | 'ready' | 'unreachable' | 'error'

const WAIT_S = 5
/** The least time between two asks, should a proxy answer without waiting. */
const MIN_INTERVAL_MS = 250
const RETRY_UNREACHABLE_MS = 2500

export function useHealth() {
  const state = ref<HealthState>('checking')
  /** What the server says it is doing (a start-up stage) or why it failed; shown in the reader's language. */
  const message = ref<WireMessage | null>(null)
  /** Status of an answer that was not the server's, for the administrator. */
  const detail = ref('')
  const stage = ref('')
  const database = ref('')
  const postgis = ref('')
  const elapsedS = ref(0)
  const started = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  let stopped = false

  function schedule(ms: number): void {
    clearTimeout(timer)
    if (!stopped) timer = setTimeout(() => void check(), ms)
  }

  async function check(): Promise<void> {
    let response: Response
    const asked = Date.now()
    try {
      response = await fetch(`/api/health?wait=${WAIT_S}`, { headers: { accept: 'application/json' }, cache: 'no-store' })
    } catch (err) {
      state.value = 'unreachable'
      message.value = null
      detail.value = ''
      schedule(RETRY_UNREACHABLE_MS)
      return
    }
    let body: Partial<Health> & { msg?: unknown; error?: { details?: { msg?: unknown } } } = {}
    try {
      body = await response.json()
    } catch {
      // A proxy error page or a server that is not ours.
    }
    if (response.ok && body.status === 'ok') {
      state.value = 'ready'
      database.value = 'database' in body ? String(body.database ?? '') : ''
      postgis.value = 'postgis' in body ? String(body.postgis ?? '') : ''
      clearInterval(ticker)
      return
    }
    if (response.status === 503 || body.status === 'starting') {
      state.value = 'starting'
      message.value = isWireMessage(body.msg) ? body.msg : null
      stage.value = 'stage' in body && typeof body.stage === 'string' ? body.stage : ''
      schedule(Math.max(0, MIN_INTERVAL_MS - (Date.now() - asked)))
      return
    }
    // The dev server's proxy answers 502/504 when the API is not running.
    state.value = response.status >= 502 && response.status <= 504 ? 'unreachable' : 'error'
    const said = body.error?.details?.msg
    message.value = isWireMessage(said) ? said : null
    detail.value = `HTTP ${response.status}`
    schedule(RETRY_UNREACHABLE_MS)
  }

  function retryNow(): void {
    schedule(0)
  }

  ticker = setInterval(() => {
    elapsedS.value = Math.round((Date.now() - started) / 1000)
  }, 1000)
  void check()

  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
    clearInterval(ticker)
  })

  return { state, message, detail, stage, database, postgis, elapsedS, retryNow }
}
