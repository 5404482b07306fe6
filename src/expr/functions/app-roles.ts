// App role assignments: SingleAppRoleAssignment, AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex.
//
// ExprValue has no objects, so an assignment travels as text. On the way in, each value of [appRoleAssignments] is
// either the role's value ("Admin") or a JSON object as Entra writes it in PATCH requests
// ({"id":"…","value":"Admin","displayName":"Admin"}). On the way out, the Complex functions give one JSON object
// per role in SCIM's form ({"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":…,"value":…}):
// decodeScimRoles turns them back into objects. The two Complex functions give the same values; the Assertive one
// tells the provisioning engine to replace the target's roles instead of adding to them.
import type { ExprValue } from '../types.ts';
import { toExprValue, toList, toStr, type Val } from '../values.ts';
import type { FunctionSpec } from './spec.ts';

/** One app role assignment as read from [appRoleAssignments]. */
export interface AppRoleAssignment {
  id?: string;
  value: string;
  displayName: string;
}

/** A SCIM role as the Complex functions produce it (all roles non-primary, as Entra sends them). */
export interface ScimRole {
  primary: boolean;
  type: string;
  display: string;
  value: string;
}

/** The SCIM role type Entra sends. */
export const ENTRA_ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';

/** Reads one value of [appRoleAssignments]: a role value, or a JSON object with value/displayName/id. */
export function parseAssignment(v: ExprValue): AppRoleAssignment | null {
  if (v === null) return null;
  const text = toStr(v).trim();
  if (text === '') return null;
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
      const value = str(o.value) ?? str(o.displayName) ?? str(o.display);
      if (value !== undefined) {
        const id = str(o.id) ?? str(o.appRoleId);
        return { ...(id ? { id } : {}), value, displayName: str(o.displayName) ?? str(o.display) ?? value };
      }
    } catch {
      // Not JSON after all: the text is the role's value.
    }
  }
  return { value: text, displayName: text };
}

function assignments(v: Val): AppRoleAssignment[] {
  const out: AppRoleAssignment[] = [];
  for (const item of toList(v)) {
    const a = parseAssignment(toExprValue(item));
    if (a) out.push(a);
  }
  return out;
}

function complex(v: Val): ExprValue {
  const roles = assignments(v);
  if (roles.length === 0) return null;
  return roles.map((r) =>
    JSON.stringify({
      primary: false,
      type: ENTRA_ROLE_TYPE,
      display: r.displayName,
      value: r.value,
    } satisfies ScimRole),
  );
}

/** Turns the values of a Complex function's result back into SCIM role objects (null for anything else). */
export function decodeScimRoles(value: ExprValue): ScimRole[] | null {
  if (!Array.isArray(value)) return null;
  const roles: ScimRole[] = [];
  for (const item of value) {
    if (typeof item !== 'string') return null;
    try {
      const o = JSON.parse(item) as Partial<ScimRole>;
      if (typeof o.value !== 'string') return null;
      roles.push({
        primary: o.primary === true,
        type: typeof o.type === 'string' ? o.type : ENTRA_ROLE_TYPE,
        display: typeof o.display === 'string' ? o.display : o.value,
        value: o.value,
      });
    } catch {
      return null;
    }
  }
  return roles;
}

/** The app role functions. */
export const APP_ROLE_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'SingleAppRoleAssignment',
    params: ['[appRoleAssignments]'],
    min: 1,
    max: 1,
    pure: true,
    // One role's value; with several assignments the reference guarantees none in particular (the first here).
    call: ([v]) => assignments(v as Val)[0]?.value ?? null,
  },
  {
    name: 'AppRoleAssignmentsComplex',
    params: ['[appRoleAssignments]'],
    min: 1,
    max: 1,
    pure: true,
    call: ([v]) => complex(v as Val),
  },
  {
    name: 'AssertiveAppRoleAssignmentsComplex',
    params: ['[appRoleAssignments]'],
    min: 1,
    max: 1,
    pure: true,
    call: ([v]) => complex(v as Val),
  },
];
