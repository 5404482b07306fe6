// Errors in the application's own shape ({"error": {code, message, field}}), deliberately not SCIM's.

/** The body every error response carries. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** An error a handler throws to answer with `status` and an error body. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers (Retry-After, Allow, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The JSON body of this error. */
  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }) },
    };
  }
}

/** 400 for a value that fails validation. */
export function invalid(field: string, message: string, code = 'invalid_value'): ApiError {
  return new ApiError(400, code, message, field);
}

/** 404 for an object that does not exist (or whose id is not even well formed). */
export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'not_found', `${what} ${id} does not exist`);
}
