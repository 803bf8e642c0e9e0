// The project ledger's sheets come from the one builder the server's ledger uses too (core/ledgers/).
export { projectSheet, rollupSheet, type BuildoutExportText } from '../../../core/ledgers/projects'
