// From evaluated mappings to SCIM requests: the resource of a POST (every value, active: true) and the PATCH
// operations of an update (only attributes whose value differs from the target's, Add when the target has none).
import type { EvaluatedMapping } from './mapping-evaluation.ts';
import { REDACTED, type DetailValue, type ModifiedProperty } from './report.ts';
import type { PatchOperation, ScimResource } from './scim-client.ts';
import { readTargetValue, writeTargetValue } from './target-path.ts';
import { sameValue } from './value-equality.ts';

/** The core schema URN of a resource type. */
export function coreSchema(objectType: string): string {
  return `urn:ietf:params:scim:schemas:core:2.0:${objectType}`;
}

/** The body of a creation and the properties it sets (secrets redacted). */
export function createBody(
  objectType: string,
  evaluated: readonly EvaluatedMapping[],
): { body: Record<string, unknown>; modified: ModifiedProperty[] } {
  const schemas = [coreSchema(objectType)];
  const body: Record<string, unknown> = { schemas };
  const modified: ModifiedProperty[] = [];
  let mapsActive = false;
  for (const { mapping, result } of evaluated) {
    if (!mapping.target.schema && mapping.target.attribute.toLowerCase() === 'active') mapsActive = true;
    if (result.kind !== 'value' || result.value === null) continue;
    if (mapping.target.schema && !schemas.includes(mapping.target.schema)) schemas.push(mapping.target.schema);
    writeTargetValue(body, mapping.target, result.value);
    modified.push({
      name: mapping.target.text,
      oldValue: null,
      newValue: result.secret ? REDACTED : (result.value as DetailValue),
    });
  }
  // A new user is enabled unless a mapping says otherwise (Entra sends active: true on creation).
  if (!mapsActive) body.active = true;
  return { body, modified };
}

/** The PATCH operations that bring `current` to the evaluated values, and the properties they change. */
export function updateOperations(
  evaluated: readonly EvaluatedMapping[],
  current: ScimResource,
): { operations: PatchOperation[]; modified: ModifiedProperty[] } {
  const operations: PatchOperation[] = [];
  const modified: ModifiedProperty[] = [];
  for (const { mapping, result } of evaluated) {
    if (result.kind !== 'value') continue;
    const old = readTargetValue(current, mapping.target);
    const oldShown = (old === undefined ? null : old) as DetailValue;
    if (result.value === null) {
      // Entra does not flow null values unless "flow null values" is set on the mapping.
      if (!mapping.flowNullValues || sameValue(null, old)) continue;
      operations.push({ op: 'Remove', path: mapping.target.text });
      modified.push({ name: mapping.target.text, oldValue: oldShown, newValue: null });
      continue;
    }
    if (!result.secret && sameValue(result.value, old)) continue;
    operations.push({ op: sameValue(null, old) ? 'Add' : 'Replace', path: mapping.target.text, value: result.value });
    modified.push({
      name: mapping.target.text,
      oldValue: oldShown,
      newValue: result.secret ? REDACTED : (result.value as DetailValue),
    });
  }
  return { operations, modified };
}

/** True when a resource reads as disabled (active false, or Entra's "False"). */
export function isDisabled(resource: ScimResource): boolean {
  const a = readActive(resource);
  return a === false || (typeof a === 'string' && a.toLowerCase() === 'false');
}

/** The resource's `active`, whatever its spelling. */
export function readActive(resource: ScimResource): unknown {
  for (const k of Object.keys(resource)) if (k.toLowerCase() === 'active') return resource[k];
  return undefined;
}
