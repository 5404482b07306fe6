// Errors a flow raises and re-raises: what a catch sees, `throw: error` giving back the caught error as it was
// (kind, status, Retry-After, code), and a kind computed at run time.
import type { ExportErrorKind } from '../../connector/types.ts';
import type { Scope } from '../flow-expr/evaluate.ts';
import { ERROR_KINDS } from '../project/activity-schema.ts';
import { FlowError } from './flow-error.ts';

/** What a catch's variable holds: a plain object the flow can read, tied to the original error. */
export interface CaughtError {
  kind: ExportErrorKind;
  message: string;
  status?: number;
  retryAfter?: number;
  code?: string;
}

// The original error of each caught object, so a re-raise keeps everything, even what the object does not show.
const originals = new WeakMap<object, FlowError>();
const BARE_NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
const KINDS = new Set<string>(ERROR_KINDS);

/** The value a catch's variable receives for an error. */
export function caughtError(e: FlowError): CaughtError {
  const caught: CaughtError = {
    kind: e.kind,
    message: e.message,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
    ...(e.code !== undefined ? { code: e.code } : {}),
  };
  originals.set(caught, e);
  return caught;
}

/**
 * The error a throw re-raises, or undefined when it raises a new one: the throw's text is the bare name of a
 * variable holding a caught error (`throw: error`), or one {{ expression }} whose value is such an error.
 */
export function rethrowable(text: string, scope: Scope, render: (t: string) => unknown): FlowError | undefined {
  const bare = BARE_NAME.exec(text);
  const value = bare
    ? Object.hasOwn(scope, bare[1])
      ? scope[bare[1]]
      : undefined
    : /^\s*\{\{[\s\S]*\}\}\s*$/.test(text)
      ? render(text)
      : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const original = originals.get(value);
  if (original) return original;
  // An error object built or copied by hand: it needs at least a kind and a message.
  const v = value as Partial<Record<keyof CaughtError, unknown>>;
  if (typeof v.kind !== 'string' || typeof v.message !== 'string') return undefined;
  return new FlowError(
    v.message,
    thrownKind(v.kind),
    typeof v.status === 'number' ? v.status : undefined,
    typeof v.retryAfter === 'number' ? v.retryAfter : undefined,
    typeof v.code === 'string' ? v.code : undefined,
  );
}

/** The kind a throw raises: absent means rejected; a computed kind that is not one fails the flow clearly. */
export function thrownKind(kind: unknown): ExportErrorKind {
  if (kind === undefined || kind === null || kind === '') return 'rejected';
  if (KINDS.has(String(kind))) return String(kind) as ExportErrorKind;
  throw new FlowError(`throw: "${String(kind)}" is not an error kind (one of: ${ERROR_KINDS.join(', ')})`, 'rejected');
}
