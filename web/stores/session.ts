import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { LayerName } from '../../core/format/layers'
import { authApi } from '../http/api'
import { onAuthFailure, toApiError, type ApiError } from '../http/client'
import type { SessionUser } from '../http/types'

export type SessionState =
  /** The database is still starting: there is nobody to ask yet. */
  | 'unknown'
  /** GET /api/auth/session is on its way. */
  | 'checking'
  /** No session: the login screen. */
  | 'signedOut'
  /** Signed in with a one-time password: it must be changed before anything else. */
  | 'passwordChange'
  | 'signedIn'
  /** /api/auth/session failed (the network, the server): retry. */
  | 'error'

/** Why the login screen is shown again while the app was in use. */
export type SignOutReason = 'expired' | 'ended' | null

/** Who is signed in, and what the server says they may do. The server checks every request regardless. */
export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState>('unknown')
  const user = shallowRef<SessionUser | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const reason = ref<SignOutReason>(null)
  /** The last account signed in, kept through an expiry so that the login form can offer its name. */
  const lastUsername = ref('')

  const permissions = computed(() => user.value?.permissions ?? null)
  const writableLayers = computed<readonly LayerName[]>(() => permissions.value?.writableLayers ?? [])
  const canImport = computed(() => writableLayers.value.length > 0)
  const canManageUsers = computed(() => permissions.value?.manageUsers === true)
  const canEditSettings = computed(() => permissions.value?.editSettings === true)
  const canViewAudit = computed(() => permissions.value?.viewAudit === true)
  const displayName = computed(() => user.value?.displayName?.trim() || user.value?.username || '')

  function accept(next: SessionUser): void {
    user.value = next
    lastUsername.value = next.username
    error.value = null
    reason.value = null
    state.value = next.mustChangePassword ? 'passwordChange' : 'signedIn'
  }

  async function check(): Promise<void> {
    state.value = 'checking'
    try {
      // Answered without a 401 when nobody is signed in: a login screen starts with nothing refused.
      const { user: signedIn } = await authApi.session()
      if (signedIn) accept(signedIn)
      else {
        user.value = null
        state.value = 'signedOut'
      }
    } catch (err) {
      const e = toApiError(err)
      if (e.status === 503) {
        // The database is still starting (a long first start): asked again once it is ready.
        state.value = 'unknown'
      } else {
        error.value = e
        state.value = 'error'
      }
    }
  }

  /** Throws the server's ApiError (wrong credentials, throttled) for the form to show. */
  async function login(username: string, password: string): Promise<void> {
    accept(await authApi.login(username, password))
  }

  /** Throws the server's ApiError (wrong current password, weak new one) for the form to show. */
  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    accept(await authApi.changePassword(currentPassword, newPassword))
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      // The cookie may already be gone; signing out here is what matters.
    }
    user.value = null
    reason.value = null
    state.value = 'signedOut'
  }

  // Any call that finds the session gone (expired, ended by an admin) brings back the login screen.
  onAuthFailure((e) => {
    if (e.code === 'password_change_required') {
      state.value = 'passwordChange'
      return
    }
    if (state.value !== 'signedIn' && state.value !== 'passwordChange') return
    reason.value = e.code === 'session_expired' ? 'expired' : 'ended'
    state.value = 'signedOut'
  })

  return {
    state, user, error, reason, lastUsername, permissions, writableLayers, canImport, canManageUsers, canEditSettings,
    canViewAudit, displayName, check, login, changePassword, logout,
  }
})
