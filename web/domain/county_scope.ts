// Who may drill from above the county into a county: the region rule of the exit and build-out maps.

/**
 * Whether an account of region `own` ('' for the whole instance, a province, a county, a township)
 * may open county `code` from above: only a county its region covers, so that a county account
 * stays in its county and a township account never leaves its township (not even for its county).
 */
export const mayOpenCounty = (own: string, code: string): boolean =>
  /^\d{6}$/.test(code) && own.length <= 6 && code.startsWith(own)

/**
 * Whether an account of region `own` may roll up above its county: a province for an account of the
 * whole instance or of that province, the whole instance for an account of the whole instance only. An
 * account of a county or a township would see nothing there but its own region (the server limits every
 * rollup to it), so it is not offered.
 */
export const mayRollUp = (own: string, area: 'county' | 'province' | 'instance'): boolean =>
  area === 'county' || (area === 'province' ? own.length <= 2 : own === '')
