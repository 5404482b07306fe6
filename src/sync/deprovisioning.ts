// What disabling (active=false) and deleting do in the application: the connector's deprovisioning setting.
import type { Attributes } from '../connector/types.ts';

/** Deprovisioning of one object type (SPEC §2). */
export interface Deprovisioning {
  disable: { flow: 'none' | 'delete' | 'set'; attribute?: string; invert?: boolean };
  delete: { flow: 'none' | 'delete' };
}

/** The `active` state an object shows, read from the disable attribute when the flow is `set`. */
export function activeOf(d: Deprovisioning, attrs: Attributes): boolean | undefined {
  if (d.disable.flow !== 'set' || !d.disable.attribute) return undefined;
  const v = attrs[d.disable.attribute];
  if (v === undefined) return undefined;
  const b = v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
  return d.disable.invert ? !b : b;
}

/** Copies a requested `active` into the disable attribute (flow `set`). */
export function applyActive(d: Deprovisioning, attrs: Attributes, active: boolean | undefined): void {
  if (active === undefined || d.disable.flow !== 'set' || !d.disable.attribute) return;
  attrs[d.disable.attribute] = d.disable.invert ? !active : active;
}
