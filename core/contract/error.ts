import type { WireMessage } from '../messages/catalogue.ts'

/** The one body of every refusal: a stable code, English for scripts, and details (details.msg is what to say). */
export interface ErrorBody {
  error: { code: string; message: string; details: ({ msg?: WireMessage } & Record<string, unknown>) | null }
}
