import { createHash, randomBytes } from 'node:crypto'

/** A random secret for a cookie or a Bearer token; only its SHA-256 is stored. */
export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = `${prefix}${randomBytes(32).toString('base64url')}`
  return { secret, hash: hashSecret(secret) }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
