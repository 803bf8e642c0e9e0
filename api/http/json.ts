import type { Context } from 'hono'
import type { z } from 'zod'
import { badRequest } from './errors.ts'

/** Read a JSON body: 400 when it is empty or not JSON. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') throw badRequest('empty_body', 'The body is empty: send JSON.')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw badRequest('invalid_json', `The body is not valid JSON: ${(error as Error).message}`)
  }
}

/** Read a JSON body and validate it with a zod schema; 400 naming the field on any problem. */
export async function parseJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const body = await readJsonBody(c)
  const result = schema.safeParse(body)
  if (!result.success) {
    const first = result.error.issues[0]
    throw badRequest('invalid_body', `${first.path.join('.') || 'body'}: ${first.message}`, {
      errors: result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    })
  }
  return result.data
}
