import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { recordAudit } from '../../db/audit.ts'
import { SETTING_SPECS, type SettingSpec } from '../../core/settings/catalogue.ts'
import { resolveSettings } from '../../db/settings.ts'
import type { AppEnv } from '../env.ts'
import { coversRegion, requireRole } from '../auth/actor.ts'
import { ApiError, badRequest, notFound } from '../http/errors.ts'
import { msg, type Message } from '../../core/messages/catalogue.ts'
import { bodyOf, reply } from '../http/reply.ts'
import { parseRegion } from '../http/params.ts'
import { refreshAll, settingChangesFacts } from '../analysis/village_facts.ts'
import { rejudge, settingChangesJudgement } from '../exit/stored.ts'


/** Settings in force for a region (county → province → default); admins set a value for their scope. */
export function settingsRoute() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const db = c.get('db')
      const region = await parseRegion(db, c.req.query('region'))
      return reply(c, 'GET /api/settings', Object.values(await resolveSettings(db, region)))
    })
    .put('/:key', async (c) => {
      const actor = c.get('actor')
      requireRole(actor, 'admin')
      const spec = SETTING_SPECS.find((s) => s.key === c.req.param('key'))
      if (!spec) throw notFound(msg('errors.no_setting', { key: c.req.param('key').slice(0, 60) }))
      const body = await bodyOf(c, 'PUT /api/settings/:key')
      if (!coversRegion(actor, body.scope)) {
        throw new ApiError(403, 'out_of_scope', msg('errors.setting_out_of_scope', { scope: actor.regionCode }), { field: 'scope' })
      }
      const value = checkValue(spec, body.value)
      const db = c.get('db')
      // A scope is the default (''), a province with regions in the instance, or one of its counties.
      if (body.scope !== '') {
        const [known] = await db.rows(body.scope.length === 2
          ? sql`SELECT 1 FROM regions WHERE code LIKE ${`${body.scope}%`} LIMIT 1`
          : sql`SELECT 1 FROM regions WHERE code = ${body.scope} AND level = 'county'`)
        if (!known) throw badRequest('invalid_scope', msg('errors.invalid_scope', { scope: body.scope }), { field: 'scope' })
      }
      await db.transaction(async (tx) => {
        const [old] = await tx.rows<{ value: unknown }>(sql`SELECT value FROM settings WHERE key = ${spec.key} AND scope = ${body.scope}`)
        await tx.rows(sql`
          INSERT INTO settings (key, scope, value) VALUES (${spec.key}, ${body.scope}, ${JSON.stringify(value)}::jsonb)
          ON CONFLICT (key, scope) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`)
        // The water radii are in the stored village facts: every village of the scope is measured again.
        if (settingChangesFacts(spec.key)) await refreshAll(tx, body.scope)
        // An exit threshold or the criteria: the stored judgement of the scope's villages is made again.
        else if (settingChangesJudgement(spec.key)) await rejudge(tx, body.scope)
        await recordAudit(tx, actor, [{
          action: old ? 'update' : 'create', entity: 'settings', code: `${spec.key}@${body.scope}`,
          before: old ? { value: old.value } : null, after: { value },
        }])
      })
      return reply(c, 'PUT /api/settings/:key', { key: spec.key, scope: body.scope, value })
    })
}

function checkValue(spec: SettingSpec, value: unknown): unknown {
  const fail = (problem: Message) => badRequest('invalid_value', problem, { field: 'value' })
  const setting = spec.key
  if (Array.isArray(spec.default)) {
    const allowed = spec.default
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && allowed.includes(v))) {
      throw fail(msg('errors.setting_not_list', { setting, allowed }))
    }
    return [...new Set(value)]
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(msg('errors.setting_not_number', { setting }))
  if (spec.min !== undefined && value < spec.min) throw fail(msg('errors.setting_below_min', { setting, min: spec.min }))
  if (spec.max !== undefined && value > spec.max) throw fail(msg('errors.setting_above_max', { setting, max: spec.max }))
  return value
}
