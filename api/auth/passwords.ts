import { randomBytes } from 'node:crypto'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { hash, verify } from '@node-rs/argon2'

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum recommendation).

export const hashPassword = (password: string) => hash(password)

/** A hash of a random password, verified against for unknown users so that they take as long as known ones. */
let dummy: Promise<string> | undefined

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  dummy ??= hash(randomBytes(16).toString('hex'))
  try {
    return await verify(passwordHash ?? (await dummy), password) && passwordHash !== null
  } catch {
    return false
  }
}

export const MIN_PASSWORD_LENGTH = 10

export function passwordProblem(password: unknown): Message | null {
  if (typeof password !== 'string') return msg('errors.password_not_string')
  if (password.length < MIN_PASSWORD_LENGTH) return msg('errors.password_too_short', { min: MIN_PASSWORD_LENGTH })
  if (password.length > 200) return msg('errors.password_too_long', { max: 200 })
  return null
}

/** A one-time password for a generated account: readable, 16 characters. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url')
}
