import type { ParsedBodyOf } from '../../core/contract/routes.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { checkEntry } from '../../core/projects/lifecycle.ts'
import type { ProjectLayer } from '../../core/projects/layers.ts'
import { todayInChina } from '../../core/time/china.ts'
import { recordAudit } from '../../db/audit.ts'
import type { Database } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { importLayer } from '../layers/import.ts'
import { refreshAround } from '../analysis/village_facts.ts'
import { readLayer } from '../layers/store.ts'
import { pathId } from '../http/params.ts'
import {
  bumpVersion, cutRoad, deleteFundingLine, fundingLines, hasLogEntry, insertFundingLine, lockProject, roadExists, writeLogEntry,
} from './store.ts'

// Every change to a project, each in one transaction: the project locked at the version the caller
// read, the change checked (the lifecycle's rules, the budget, the log), written and audited.

type ProgressBody = ParsedBodyOf<'POST /api/projects/:layer/:code/progress'>
type PatchBody = ParsedBodyOf<'PATCH /api/projects/:layer/:code'>
type FundingBody = ParsedBodyOf<'POST /api/projects/:layer/:code/funding'>
type SplitBody = ParsedBodyOf<'POST /api/projects/roads/:code/split'>

/** Properties changed through the log are refused in a patch, so that the log stays the history of the state. */
const LOGGED = ['status', 'progressPct', 'spentCny', 'actualStart', 'actualEnd']

/** A new entry of the progress log; the project's state becomes its projection. */
export async function recordProgress(db: Database, actor: Actor, layer: ProjectLayer, code: string, body: ProgressBody): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await lockProject(tx, actor, layer, code, body.version)
    const checked = checkEntry(current, body, todayInChina())
    if (!checked.ok) throw badRequest('invalid_progress', checked.problem.msg, { field: checked.problem.field })
    if (body.spentCny !== undefined && current.budgetCny !== null && body.spentCny > current.budgetCny) {
      throw badRequest('invalid_progress', msg('projects.spent_above_budget', { spentCny: body.spentCny, budgetCny: current.budgetCny }), { field: 'spentCny' })
    }
    if (body.corrects !== undefined && !(await hasLogEntry(tx, layer, code, body.corrects))) {
      throw badRequest('invalid_progress', msg('projects.no_entry_to_correct', { id: body.corrects }), { field: 'corrects' })
    }
    const [before] = await readLayer(tx, layer, { code })
    await writeLogEntry(tx, layer, code, { ...body, spentCny: body.spentCny ?? current.spentCny }, checked.dates, actor.username)
    const [after] = await readLayer(tx, layer, { code })
    // A status change decides whether the project counts as built: the facts of the villages around it.
    if (before.properties.status !== after.properties.status) await refreshAround(tx, layer, [code], [after.geometry])
    await recordAudit(tx, actor, [{ action: 'update', entity: layer, code, before, after }])
  })
}

/** Properties other than the logged ones, and the geometry, through the import path (checked and measured there). */
export async function patchProject(db: Database, actor: Actor, layer: ProjectLayer, code: string, body: PatchBody): Promise<void> {
  const changed = Object.keys(body.properties ?? {})
  const logged = changed.filter((p) => LOGGED.includes(p))
  if (logged.length) {
    throw badRequest('use_progress_log', msg('projects.use_progress_log', { properties: logged }), { field: `properties.${logged[0]}` })
  }
  if (changed.includes('code')) throw badRequest('invalid_body', msg('projects.code_fixed'), { field: 'properties.code' })
  await db.transaction(async (tx) => {
    await lockProject(tx, actor, layer, code, body.version)
    const [current] = await readLayer(tx, layer, { code })
    const properties: Record<string, unknown> = { ...current.properties, ...body.properties }
    for (const [key, value] of Object.entries(properties)) if (value === null) delete properties[key]
    const geometry = body.geometry === undefined ? current.geometry : body.geometry
    // A new line gets its length recomputed on the server (geodesic).
    if (body.geometry !== undefined && layer === 'roads') delete properties.lengthM
    await importLayer(tx, layer, { type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] },
      { actor, scope: actor.regionCode })
  })
}

export async function addFunding(db: Database, actor: Actor, layer: ProjectLayer, code: string, body: FundingBody): Promise<void> {
  await db.transaction(async (tx) => {
    await lockProject(tx, actor, layer, code, body.version)
    const before = (await fundingLines(tx, layer, code)).map(({ source, amountCny }) => ({ source, amountCny }))
    const line = { source: body.source, amountCny: body.amountCny }
    await insertFundingLine(tx, layer, code, line)
    await bumpVersion(tx, layer, code)
    await recordAudit(tx, actor, [{ action: 'update', entity: layer, code, before: { fundingLines: before }, after: { fundingLines: [...before, line] } }])
  })
}

/** Removes a funding line; `id` as the path names it. */
export async function removeFunding(db: Database, actor: Actor, layer: ProjectLayer, code: string, id: string, version: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockProject(tx, actor, layer, code, version)
    const lineId = pathId(id)
    const line = lineId === null ? undefined : await deleteFundingLine(tx, layer, code, lineId)
    if (!line) throw notFound(msg('projects.no_funding_line', { id: id.slice(0, 20), code }))
    await bumpVersion(tx, layer, code)
    await recordAudit(tx, actor, [{ action: 'update', entity: layer, code, before: { fundingLine: line }, after: { fundingLine: null } }])
  })
}

/** Splits a road in two at a point along it; returns the code of the second part. */
export async function splitRoad(db: Database, actor: Actor, code: string, body: SplitBody): Promise<string> {
  const newCode = body.newCode ?? `${code}-B`
  await db.transaction(async (tx) => {
    await lockProject(tx, actor, 'roads', code, body.version)
    if (await roadExists(tx, newCode)) throw new ApiError(409, 'code_taken', msg('projects.code_taken', { code: newCode }), { field: 'newCode' })
    const parts = await cutRoad(tx, code, body.point)
    if (!parts) throw badRequest('invalid_split', msg('projects.split_not_along'), { field: 'point' })
    if (parts.offsetM > 50) throw badRequest('invalid_split', msg('projects.split_off_road', { offsetM: parts.offsetM }), { field: 'point' })
    const [current] = await readLayer(tx, 'roads', { code })
    const props = { ...current.properties }
    delete props.lengthM
    await importLayer(tx, 'roads', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: props, geometry: JSON.parse(parts.a) },
        { type: 'Feature', properties: { ...props, code: newCode }, geometry: JSON.parse(parts.b) },
      ],
    }, { actor, scope: actor.regionCode })
  })
  return newCode
}
