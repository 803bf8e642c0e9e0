// What a saved siting scenario's audit row says changed (api/scenarios/write.ts keeps the content:
// name, description, county, its sites and its assignments). Pure: no Vue, no i18n; the Audit tab
// says the result in words. Sites and assignments are counted, and on an update each list says
// what was added, removed or changed, and which fields of a changed item.

export type ScenarioField = 'name' | 'description' | 'countyCode'
export type ScenarioList = 'sites' | 'assignments'

export interface ScenarioFieldChange {
  kind: 'field'
  field: ScenarioField
  before: string | null
  after: string | null
}

/** One item of a list: a site by its key, an assignment by its village and site. */
export interface ScenarioItemRef {
  /** The site's key, or the assignment's village code. */
  key: string
  /** The assignment's site key (null for a site). */
  siteKey: string | null
  /** The site's name (null for an assignment). */
  name: string | null
}

export interface ScenarioListChange {
  kind: 'list'
  field: ScenarioList
  /** How many there were, and are; null on the side that does not exist (a creation, a deletion). */
  before: number | null
  after: number | null
  added: ScenarioItemRef[]
  removed: ScenarioItemRef[]
  /** Items on both sides that differ, with the fields that do (a creation adds every item, a deletion removes every one). */
  changed: (ScenarioItemRef & { fields: string[] })[]
}

export type ScenarioChange = ScenarioFieldChange | ScenarioListChange

type Plain = Record<string, unknown>
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value)
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

const FIELDS: readonly ScenarioField[] = ['name', 'description', 'countyCode']
const LISTS: readonly ScenarioList[] = ['sites', 'assignments']

function itemRef(list: ScenarioList, item: Plain): ScenarioItemRef {
  return list === 'sites'
    ? { key: String(item.key ?? ''), siteKey: null, name: text(item.name) }
    : { key: String(item.villageCode ?? ''), siteKey: String(item.siteKey ?? ''), name: null }
}

const identity = (list: ScenarioList, item: Plain) => {
  const ref = itemRef(list, item)
  return `${ref.key}\u0000${ref.siteKey ?? ''}`
}

function items(snapshot: Plain | null, list: ScenarioList): Plain[] | null {
  if (!snapshot) return null
  const value = snapshot[list]
  return Array.isArray(value) ? value.filter(isPlain) : []
}

function listChange(list: ScenarioList, before: Plain[] | null, after: Plain[] | null): ScenarioListChange | null {
  const change: ScenarioListChange = { kind: 'list', field: list, before: before?.length ?? null, after: after?.length ?? null, added: [], removed: [], changed: [] }
  if (before && after) {
    const old = new Map(before.map((item) => [identity(list, item), item]))
    const now = new Map(after.map((item) => [identity(list, item), item]))
    for (const [id, item] of now) {
      const was = old.get(id)
      if (!was) change.added.push(itemRef(list, item))
      else if (!same(was, item)) {
        const fields = [...new Set([...Object.keys(was), ...Object.keys(item)])].filter((f) => !same(was[f], item[f]))
        change.changed.push({ ...itemRef(list, item), fields })
      }
    }
    for (const [id, item] of old) if (!now.has(id)) change.removed.push(itemRef(list, item))
    if (!change.added.length && !change.removed.length && !change.changed.length) return null
  } else if (after) change.added = after.map((item) => itemRef(list, item))
  else if (before) change.removed = before.map((item) => itemRef(list, item))
  return change
}

/**
 * The changes an audit row of a scenario records: on a creation or deletion every field there is
 * (the lists counted), on an update only what differs.
 */
export function scenarioChanges(before: unknown, after: unknown): ScenarioChange[] {
  const b = isPlain(before) ? before : null
  const a = isPlain(after) ? after : null
  if (!b && !a) return []
  const out: ScenarioChange[] = []
  for (const field of FIELDS) {
    const was = b ? text(b[field]) : null
    const now = a ? text(a[field]) : null
    if (b && a ? was !== now : (was ?? now) !== null) out.push({ kind: 'field', field, before: was, after: now })
  }
  for (const list of LISTS) {
    const change = listChange(list, items(b, list), items(a, list))
    if (change) out.push(change)
  }
  return out
}
