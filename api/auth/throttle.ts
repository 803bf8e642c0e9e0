/**
 * Login throttling with a progressive delay (OWASP's guidance): up to `free` failures within
 * `windowMs` for one key cost nothing; each further failure doubles the wait before the next
 * attempt (30 s, 1 min, 2 min … at most `maxDelayMs`), counted from that failure. Never a permanent
 * lock, and a success clears the key. The keys (api/auth/route.ts) are an account from one address,
 * an address, and an account from anywhere at a much higher count: someone guessing from elsewhere
 * slows down themselves, not the account's owner at their own desk.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly free: number,
    private readonly windowMs: number,
    private readonly now = () => Date.now(),
    private readonly firstDelayMs = 30_000,
    private readonly maxDelayMs = 15 * 60 * 1000,
  ) {}

  /** Seconds to wait before the next attempt for this key, or 0 if it may try now. */
  retryAfter(key: string): number {
    const recent = this.recent(key)
    if (recent.length < this.free) return 0
    const delay = Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** (recent.length - this.free))
    const wait = recent[recent.length - 1] + delay - this.now()
    return wait > 0 ? Math.ceil(wait / 1000) : 0
  }

  fail(key: string): void {
    const recent = this.recent(key)
    recent.push(this.now())
    this.failures.set(key, recent)
    if (this.failures.size > 100_000) this.forgetOld()
  }

  clear(key: string): void {
    this.failures.delete(key)
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff)
  }

  /** Keys whose failures have all left the window (a flood of names must not grow memory for ever). */
  private forgetOld(): void {
    const cutoff = this.now() - this.windowMs
    for (const [key, times] of this.failures) if (times[times.length - 1] <= cutoff) this.failures.delete(key)
  }
}
