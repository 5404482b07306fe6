// Turns what went wrong for one user into an Entra-style error: a code, the message and what to do about it.
import { MappingEvaluationError } from './mapping-evaluation.ts';
import type { ProvisioningError } from './report.ts';
import { ScimRequestError } from './scim-client.ts';

/** More than one target object has the matching value. */
export class AmbiguousMatchError extends Error {
  override readonly name: string = 'AmbiguousMatchError';
  constructor(message: string) {
    super(message);
  }
}

/** The provisioning log error of a failure. */
export function classifyError(e: unknown): ProvisioningError {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof AmbiguousMatchError) {
    return {
      code: 'AmbiguousMatch',
      message,
      recommendation:
        'More than one target object has this matching value: make the matching attribute unique in the target, or use another one.',
    };
  }
  if (e instanceof MappingEvaluationError) {
    if (e.code === 'allValuesTaken') {
      return {
        code: 'AllValuesTaken',
        message,
        recommendation:
          'Every value SelectUniqueValue tried is taken in the target: add more candidate expressions. The user is retried on later cycles.',
      };
    }
    return {
      code: 'ExpressionEvaluationFailed',
      message,
      recommendation:
        "The expression cannot be evaluated with this user's values: fix the source data or the expression (try it with `ferry expr`).",
    };
  }
  if (e instanceof ScimRequestError) {
    if (e.status === null)
      return {
        code: 'TargetUnreachable',
        message,
        recommendation:
          'Check that the target URL is right and the host is running, and its certificate is trusted (target.tls). The user is retried on later cycles.',
      };
    if (e.status === 401 || e.status === 403)
      return {
        code: 'Unauthorized',
        message,
        recommendation: "The target refused the token: check target.token against the connector's secret token.",
      };
    if (e.status === 409)
      return {
        code: 'EntryConflict',
        message,
        recommendation:
          'The target already has an object with a unique value of this user: match it (check the matching attributes) or change the value.',
      };
    if (e.status === 404)
      return {
        code: 'NotFound',
        message,
        recommendation: 'The target object no longer exists; the next cycle matches the user again.',
      };
    if (e.status === 429 || e.status >= 500)
      return {
        code: 'TargetError',
        message,
        recommendation: 'The target failed or is busy; the user is retried on later cycles with a growing wait.',
      };
    return {
      code: 'InvalidRequest',
      message,
      recommendation:
        'The target rejected the request: check that every mapped target attribute exists in its schema and the values fit their types.',
    };
  }
  return { code: 'InternalError', message, recommendation: 'Unexpected error; see the message.' };
}
