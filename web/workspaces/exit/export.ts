// The exit ledger's sheets come from the one builder the server's ledger uses too (core/ledgers/).
export { criterionIds, exitLedgerSheets, type ExitExportInput, type ExitExportText } from '../../../core/ledgers/villages'
