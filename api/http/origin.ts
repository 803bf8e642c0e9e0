import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'

// Where the app is reached from: its public origin (for the same-origin check and Secure cookies)
// and the caller's address (for login throttling). Behind a TLS proxy the request the app sees is
// plain http to itself: PUBLIC_URL names the real origin; X-Forwarded-* headers are believed only
// with TRUST_PROXY (anyone can send them).

export interface NetworkOptions {
  /** PUBLIC_URL: the origin users open, e.g. https://fupin.example.gov.cn. */
  publicUrl?: string
  /** TRUST_PROXY: a proxy in front sets X-Forwarded-For/-Proto/-Host. */
  trustProxy?: boolean
}

export function networkOptionsFromEnv(env: NodeJS.ProcessEnv): NetworkOptions {
  const publicUrl = env.PUBLIC_URL?.trim() || undefined
  if (publicUrl) new URL(publicUrl) // refuse a malformed setting at start
  return { publicUrl, trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true' }
}

const first = (header: string | undefined) => header?.split(',')[0]?.trim() || undefined

export function publicOrigin(c: Context, options: NetworkOptions): string {
  if (options.publicUrl) return new URL(options.publicUrl).origin
  const own = new URL(c.req.url)
  if (options.trustProxy) {
    const proto = first(c.req.header('x-forwarded-proto'))
    const host = first(c.req.header('x-forwarded-host'))
    if (proto || host) return `${proto ?? own.protocol.replace(':', '')}://${host ?? own.host}`
  }
  return own.origin
}

export const isSecure = (c: Context, options: NetworkOptions) => publicOrigin(c, options).startsWith('https:')

export function clientAddress(c: Context, options: NetworkOptions): string {
  if (options.trustProxy) {
    const forwarded = first(c.req.header('x-forwarded-for'))
    if (forwarded) return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'local' // app.request() in tests has no socket
  }
}
