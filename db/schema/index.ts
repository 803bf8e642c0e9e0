export * from './layers.ts'
export * from './settings.ts'
export * from './project_log.ts'
export * from './accounts.ts'
