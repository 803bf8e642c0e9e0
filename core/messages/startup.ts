import { section } from './define.ts'

// What the server is doing while the database starts (GET /api/health while starting).
export const startup = section({
  opening: { en: 'Opening the database…' },
  creating_database: { en: 'Creating the database (first start)…' },
  loading_postgis: { en: 'Loading PostGIS in WebAssembly (a few seconds)…' },
  enabling_postgis: { en: 'Enabling PostGIS…' },
  migrating: { en: 'Bringing the database schema up to date…' },
  loading_sample: { en: 'Loading the sample county…' },
  other_stage: { en: 'Starting the database ({stage})…', params: { stage: 'text' } },
  failed: { en: 'The database failed to start: {reason}', params: { reason: 'text' } },
})
