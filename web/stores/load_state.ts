/** The state of anything loaded from the API. */
export type LoadState = 'idle' | 'loading' | 'done' | 'error'
