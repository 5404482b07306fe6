// Operation ids: the project file keys operations by id (flows call them by it), so every id must be unique
// and a safe name. Documents without operationId get one made from the method and the path.
import { DiscoveryError } from './discovered-service.ts';

/** What an operation id of a project file may look like. */
export const OPERATION_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A camelCase id from method and path: `GET /users/{id}/groups` → `getUsersByIdGroups`. */
export function operationIdFromPath(method: string, path: string): string {
  const words: string[] = [];
  for (const segment of path.split('/')) {
    if (!segment) continue;
    const param = /^\{(.+)\}$/.exec(segment);
    if (param) words.push('By', ...wordsOf(param[1]).map(capitalise));
    else words.push(...wordsOf(segment).map(capitalise));
  }
  return safeOperationId(method.toLowerCase() + (words.length ? words.join('') : 'Root'));
}

/** `raw` made a valid id: characters outside [A-Za-z0-9_.-] become `_`, and it starts with a letter or `_`. */
export function safeOperationId(raw: string): string {
  let id = raw.trim().replace(/[^A-Za-z0-9_.-]+/g, '_');
  if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
  return id;
}

/** Checks an id given by a person (no silent rewriting of what they typed). */
export function checkOperationId(id: string): string {
  if (!OPERATION_ID_PATTERN.test(id))
    throw new DiscoveryError(`operation id "${id}" must start with a letter or _ and hold only letters, digits, _ . -`);
  return id;
}

/** Hands out unique ids: a repeated id gets a number (`getUser2`), with a note saying so. */
export class OperationIds {
  readonly #used = new Set<string>();

  /** A unique id for the operation: its own (made safe) or one made from method and path. */
  take(own: string | undefined, method: string, path: string): { id: string; note?: string } {
    const wanted = own?.trim() ? safeOperationId(own) : operationIdFromPath(method, path);
    let id = wanted;
    for (let n = 2; this.#used.has(id); n++) id = `${wanted}${n}`;
    this.#used.add(id);
    const notes: string[] = [];
    if (own?.trim() && wanted !== own) notes.push(`operationId "${own}" written as "${wanted}"`);
    if (id !== wanted) notes.push(`${method.toUpperCase()} ${path}: operation id "${wanted}" is taken, named "${id}"`);
    return notes.length ? { id, note: notes.join('; ') } : { id };
  }
}

function wordsOf(s: string): string[] {
  return s.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}
