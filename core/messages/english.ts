import { specOf, type WireMessage } from './catalogue.ts'
import type { ParamKind } from './params.ts'

// The English text of a message, for the `message` field scripts and logs read. The web app never
// shows it: it says the code in the reader's language.

function word(kind: ParamKind | undefined, value: unknown, element?: ParamKind): string {
  if (value === null || value === undefined) return '—'
  if (Array.isArray(value)) return value.map((v) => word(element, v)).join(', ')
  if (typeof value === 'number') {
    switch (kind) {
      case 'metres': return value < 1000 ? `${Math.round(value)} m` : `${(value / 1000).toFixed(1)} km`
      case 'm2': return `${Math.round(value)} m²`
      case 'ratio': return `${(value * 100).toFixed(1)} %`
      case 'percent': return `${value} %`
      case 'bytes': return `${value} bytes`
      case 'seconds': return `${value} s`
      case 'cny': return `${value} CNY`
      default: return String(value)
    }
  }
  if (kind === 'message' && typeof value === 'object') return english(value as WireMessage)
  if (kind === 'json') return typeof value === 'string' ? value : JSON.stringify(value)
  return String(value)
}

export function english(message: WireMessage): string {
  const spec = specOf(message.code)
  if (!spec) return message.code
  return spec.en.replace(/\{(\w+)\}/g, (_, name: string) => word(spec.params?.[name], message.params[name], spec.lists?.[name]))
}
