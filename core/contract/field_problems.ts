import type { z } from 'zod'
import { CATALOGUE, msg, type Message } from '../messages/catalogue.ts'

// A zod error as problems of named fields, each a catalogue message: the server's 400 answer and a
// form's own check (web) say the same thing. Schemas name the project's own rules by their code in
// the `fields` section (`.min(1, 'not_empty')`).

export interface FieldProblem {
  /** The path of the field, `sites.0.name`; '' for the body itself. */
  field: string
  msg: Message
}

type FieldCode = keyof typeof CATALOGUE.fields

const isFieldCode = (text: string): text is FieldCode => Object.hasOwn(CATALOGUE.fields, text)

function problemOf(issue: z.core.$ZodIssue): Message {
  if (isFieldCode(issue.message)) return { code: `fields.${issue.message}`, params: {} } as Message
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return msg('fields.required')
      if (issue.expected === 'int') return msg('fields.not_integer')
      return msg('fields.invalid_type', { expected: String(issue.expected) })
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? msg('fields.too_short', { minimum: Number(issue.minimum) })
        : msg('fields.too_small', { minimum: Number(issue.minimum) })
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? msg('fields.too_long', { maximum: Number(issue.maximum) })
        : msg('fields.too_big', { maximum: Number(issue.maximum) })
    case 'invalid_format':
      return msg('fields.invalid_format', { format: issue.format })
    case 'unrecognized_keys':
      return msg('fields.unrecognized_keys', { keys: issue.keys })
    case 'invalid_value':
      return msg('fields.invalid_value', { values: issue.values.map((v) => String(v)) })
    case 'invalid_union':
      return msg('fields.invalid_union')
    default:
      return msg('fields.invalid')
  }
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), msg: problemOf(issue) }))
}
