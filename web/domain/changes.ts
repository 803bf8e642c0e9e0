// What changed between two versions of an audited thing (a feature, a setting, an account).
// Pure: no Vue, no i18n; the components turn names and values into words.

export interface PropertyChange {
  name: string
  before: unknown
  after: unknown
}

type Plain = Record<string, unknown>

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value)
const isFeature = (value: unknown): value is Plain & { properties?: unknown; geometry?: unknown } =>
  isPlain(value) && value.type === 'Feature'
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** The fields that differ: a feature's properties (and `geometry` as one field), or an object's keys. */
export function changedProperties(before: unknown, after: unknown): PropertyChange[] {
  if (isFeature(before) || isFeature(after)) {
    const b = isFeature(before) ? before : null
    const a = isFeature(after) ? after : null
    const changes = diffObjects(isPlain(b?.properties) ? b.properties : {}, isPlain(a?.properties) ? a.properties : {})
    if (!same(b?.geometry, a?.geometry)) changes.push({ name: 'geometry', before: b?.geometry ?? null, after: a?.geometry ?? null })
    return changes
  }
  if (isPlain(before) || isPlain(after)) return diffObjects(isPlain(before) ? before : {}, isPlain(after) ? after : {})
  return same(before, after) ? [] : [{ name: 'value', before, after }]
}

function diffObjects(before: Plain, after: Plain): PropertyChange[] {
  const names = [...new Set([...Object.keys(after), ...Object.keys(before)])]
  return names
    .filter((name) => !same(before[name], after[name]))
    .map((name) => ({ name, before: before[name] ?? null, after: after[name] ?? null }))
}
