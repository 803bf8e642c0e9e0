/**
 * Login throttling: after `limit` failures within `windowMs` for one key (a username, an address),
 * further attempts are refused until the window has passed. Never a permanent lock, so nobody can
 * lock the admin out for good by guessing; a success clears the key.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly now = () => Date.now()) {}

  /** Seconds to wait before the next attempt for this key, or 0 if it may try now. */
  retryAfter(key: string): number {
    const recent = this.recent(key)
    if (recent.length < this.limit) return 0
    return Math.max(1, Math.ceil((recent[recent.length - this.limit] + this.windowMs - this.now()) / 1000))
  }

  fail(key: string): void {
    const recent = this.recent(key)
    recent.push(this.now())
    this.failures.set(key, recent)
  }

  clear(key: string): void {
    this.failures.delete(key)
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff)
  }
}
