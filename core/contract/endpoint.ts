import type { z } from 'zod'

// One endpoint of the API as both sides see it: the body it takes (a zod schema the server
// validates at the door and a form may check with) and the answer it gives (a type the server's
// handler is checked against by `reply`, and the web client reads).

export interface Endpoint<Res, S extends z.ZodType | null = null> {
  /** The request body's schema, or null for an endpoint without a JSON body. */
  readonly body: S
  /** Type only: the answer. */
  readonly response?: Res
}

export interface Bodiless<Res> extends Endpoint<Res, null> {
  /** The same endpoint with a JSON body validated by `schema`. */
  takes<S extends z.ZodType>(schema: S): Endpoint<Res, S>
}

/** An endpoint answering `Res`; `.takes(schema)` gives it a body. */
export function endpoint<Res>(): Bodiless<Res> {
  return { body: null, takes: (schema) => ({ body: schema }) }
}

/** The plain `{ ok: true }` of a delete or logout. */
export interface Ok {
  ok: true
}
