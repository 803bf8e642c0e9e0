// The API's answers as the web app reads them: the contract's own types (core/contract), named in
// one place for the stores and components.
export type { ApiToken, CreatedToken, NewUser, Permissions, SessionUser, UserAccount, UserChange } from '../../core/contract/accounts'
export type { AuditAction, AuditEntry } from '../../core/contract/audit'
export type { ErrorBody as ApiErrorBody } from '../../core/contract/error'
export type { Health } from '../../core/contract/health'
export type {
  BBox, County, FeatureHistory, FeatureProps, HistoryProgress, ImportIssue, ImportPreview, ImportResult, LayerCollection, LayerCount,
  LayerFeature, SearchResult,
} from '../../core/contract/layers'
export type { ResolvedSetting as Setting, SettingSpec } from '../../core/settings/catalogue'
export { ROLES, type Role } from '../../core/accounts/roles'

export type SettingUnit = NonNullable<import('../../core/settings/catalogue').SettingSpec['unit']>
