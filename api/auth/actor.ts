import { READABLE_EVERYWHERE, WRITABLE_LAYERS, type Role } from '../../core/accounts/roles.ts'
import type { LayerName } from '../../core/format/layers.ts'
import { msg } from '../../core/messages/catalogue.ts'
import { ApiError } from '../http/errors.ts'

/** The authenticated caller. regionCode '' means the whole instance (the bootstrap admin). */
export interface Actor {
  id: number
  username: string
  displayName: string | null
  role: Role
  regionCode: string
  mustChangePassword: boolean
  via: 'session' | 'token'
}


export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new ApiError(403, 'forbidden', msg('errors.forbidden_role', { roles, role: actor.role }))
  }
}

export function requireLayerWrite(actor: Actor, layer: LayerName): void {
  if (!WRITABLE_LAYERS[actor.role].includes(layer)) {
    throw new ApiError(403, 'forbidden', msg('errors.forbidden_layer', { role: actor.role, layer }), { layer, role: actor.role })
  }
}

/** The region a read of this layer is limited to, or undefined for no limit. */
export function readScope(actor: Actor, layer: LayerName): string | undefined {
  if (actor.regionCode === '' || READABLE_EVERYWHERE.includes(layer)) return undefined
  return actor.regionCode
}

/** Whether a region code lies inside the actor's region (its own code or a descendant). */
export function coversRegion(actor: Actor, code: string): boolean {
  return code.startsWith(actor.regionCode)
}
