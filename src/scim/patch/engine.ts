// PATCH (RFC 7644 §3.5.2) with the Microsoft Entra dialect: ops in any case, paths as value keys, value filters
// that create what they select, member removal by value list. Works on a deep clone; the input is never touched.
import { FerryError, scimError } from '../../errors/catalogue.ts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { findKey } from '../filter/read-value.ts';
import type { ResourceSchema } from '../schema/resource-schema.ts';
import { PatchLists } from './keyed-values.ts';
import { parsePatchPath } from './path.ts';
import { syncSchemasList } from './schemas-list.ts';
import { removeAt, writeAt, type OpContext } from './targets.ts';
import { isPlainObject, type JsonObject } from './values.ts';

export { normalizeResourceBody } from './normalize.ts';

const OPS = new Set(['add', 'replace', 'remove']);

/** The most operations one PATCH request may hold (advertised in /ServiceProviderConfig); more is a 400. */
export const MAX_PATCH_OPERATIONS = 10_000;

/** How long a PATCH runs before it lets other work use the event loop (applyPatchYielding). */
const SLICE_MS = 10;

/**
 * Applies PATCH operations (the `Operations` array, or a whole PatchOp message) to a resource and returns the
 * patched copy. Errors are FerryErrors whose message starts with the failing `Operations[i]`.
 */
export function applyPatch(
  resource: Record<string, unknown>,
  operations: unknown,
  schema: ResourceSchema,
): Record<string, unknown> {
  const run = patchRun(resource, operations, schema);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

/** applyPatch that gives the event loop back every few milliseconds, so a long PATCH never stalls the host. */
export async function applyPatchYielding(
  resource: Record<string, unknown>,
  operations: unknown,
  schema: ResourceSchema,
): Promise<Record<string, unknown>> {
  const run = patchRun(resource, operations, schema);
  let sliceStart = performance.now();
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/** The patch, one operation per step. */
function* patchRun(
  resource: Record<string, unknown>,
  operations: unknown,
  schema: ResourceSchema,
): Generator<void, Record<string, unknown>> {
  const ops = operationList(operations);
  const result = structuredClone(resource);
  const lists = new PatchLists();
  for (let i = 0; i < ops.length; i++) {
    const where = `Operations[${i}]`;
    try {
      applyOne(result, ops[i], where, schema, lists);
    } catch (e) {
      if (e instanceof FerryError && !e.message.startsWith(where)) e.message = `${where}: ${e.message}`;
      throw e;
    }
    yield;
  }
  lists.flush();
  syncSchemasList(result, schema);
  return result;
}

function operationList(operations: unknown): JsonObject[] {
  let list = operations;
  if (isPlainObject(list)) {
    const key = findKey(list, 'Operations');
    list = key === undefined ? undefined : list[key];
  }
  if (!Array.isArray(list)) throw scimError.invalidSyntax('PATCH "Operations" must be an array of operations');
  if (list.length > MAX_PATCH_OPERATIONS)
    throw scimError.invalidValue(
      `A PATCH may hold at most ${MAX_PATCH_OPERATIONS} operations; this one has ${list.length}. Split it into several requests.`,
    );
  list.forEach((op, i) => {
    if (!isPlainObject(op))
      throw scimError.invalidSyntax(`Operations[${i}] must be an object with "op", "path" and "value"`);
  });
  return list as JsonObject[];
}

function field(op: JsonObject, name: string): { present: boolean; value: unknown } {
  const key = findKey(op, name);
  return key === undefined ? { present: false, value: undefined } : { present: true, value: op[key] };
}

function applyOne(result: JsonObject, op: JsonObject, where: string, schema: ResourceSchema, lists: PatchLists): void {
  const kind = field(op, 'op').value;
  if (typeof kind !== 'string') throw scimError.invalidSyntax(`${where}: "op" must be "add", "replace" or "remove"`);
  const name = kind.toLowerCase();
  if (!OPS.has(name))
    throw scimError.invalidSyntax(`${where}: unknown op "${kind}"; expected "add", "replace" or "remove"`);
  const ctx: OpContext = { op: name as OpContext['op'], where, schema, lists };

  const pathField = field(op, 'path').value;
  if (pathField !== undefined && pathField !== null && typeof pathField !== 'string') {
    throw scimError.invalidPath(`${where}: "path" must be a string`);
  }
  const path = typeof pathField === 'string' && pathField.trim() !== '' ? pathField : undefined;
  const value = field(op, 'value');

  if (ctx.op === 'remove') {
    if (path === undefined) throw scimError.noTarget(`${where}: "remove" needs a "path"`);
    removeAt(result, parsePatchPath(path, schema), value.value, ctx);
    return;
  }
  if (!value.present) throw scimError.invalidSyntax(`${where}: "${kind}" needs a "value"`);
  if (path !== undefined) {
    writeAt(result, parsePatchPath(path, schema), value.value, ctx);
    return;
  }
  // No path: the value is an object whose keys are attribute names, full paths or schema URNs.
  if (!isPlainObject(value.value)) {
    throw scimError.invalidValue(`${where}.value: without a "path", the value must be an object of attributes`);
  }
  for (const [key, v] of Object.entries(value.value)) {
    if (key.toLowerCase() === 'schemas') continue;
    writeAt(result, parsePatchPath(key, schema), v, ctx);
  }
}
