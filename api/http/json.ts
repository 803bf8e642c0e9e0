import type { Context } from 'hono'
import type { z } from 'zod'
import { fieldProblems } from '../../core/contract/field_problems.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { badRequest } from './errors.ts'
import { checkJsonValue } from './input_checks.ts'

/** Read a JSON body: 400 when it is empty or not JSON. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') throw badRequest('empty_body', msg('errors.empty_body'))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw badRequest('invalid_json', msg('errors.invalid_json', { reason: (error as Error).message }))
  }
  checkJsonValue(value)
  return value
}

/** Validate a value with a zod schema; 400 naming every field with a problem. */
export function validBody<T extends z.ZodType>(body: unknown, schema: T): z.infer<T> {
  const result = schema.safeParse(body)
  if (!result.success) {
    const problems = fieldProblems(result.error)
    const first = problems[0]
    throw badRequest('invalid_body', msg('errors.invalid_body', { field: first.field || 'body', problem: first.msg }), {
      field: first.field,
      errors: problems.map((p) => ({ field: p.field, message: english(p.msg), msg: p.msg })),
    })
  }
  return result.data
}

/** Read a JSON body and validate it with a zod schema (from core/contract). */
export async function parseJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  return validBody(await readJsonBody(c), schema)
}
