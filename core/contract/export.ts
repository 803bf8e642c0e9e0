import { endpoint } from './endpoint.ts'

// Files rather than JSON: a layer in a format of core/export/formats.ts, a ledger as .xlsx. The web
// client downloads them as a Blob (web/http/client.ts `download`); errors are the usual JSON body.

/** The bytes of a download (its name in Content-Disposition). */
export type FileAnswer = ArrayBuffer

export const LEDGER_KINDS = ['villages', 'projects', 'relocation'] as const
export type LedgerKind = (typeof LEDGER_KINDS)[number]

export const exportRoutes = {
  'GET /api/layers/:layer/export': endpoint<FileAnswer>(),
  'GET /api/ledgers/:kind': endpoint<FileAnswer>(),
} as const
