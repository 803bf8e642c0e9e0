import { z } from 'zod'
import type { ResolvedSetting } from '../settings/catalogue.ts'
import { endpoint } from './endpoint.ts'

/** '' (the default), a 2-digit province or a 6-digit county. */
const settingScope = z.string().regex(/^(\d{2}|\d{6})?$/, 'invalid_format')
export const putSettingBody = z.object({ value: z.unknown(), scope: settingScope.default('') }).strict()

export interface SettingWritten {
  key: string
  scope: string
  value: unknown
}

export const settingRoutes = {
  'GET /api/settings': endpoint<ResolvedSetting[]>(),
  'PUT /api/settings/:key': endpoint<SettingWritten>().takes(putSettingBody),
}
