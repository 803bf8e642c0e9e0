// The optimisation worker thread: TypeScript sources are loaded through tsx (registered here, since a
// worker does not inherit the loaders of its parent), then solve_worker.ts runs the job.
import { register } from 'tsx/esm/api'

register()
await import('./solve_worker.ts')
