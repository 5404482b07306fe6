// The request and response shapes of the HTTP layer, shared by the client, the authenticators and the paginators.
import type { HttpSuccess } from './config.ts';
import type { StatusMapRow } from '../errors/failure-kinds.ts';

/** A query parameter value; a list repeats the parameter (`a=1&a=2`). */
export type QueryValue = string | number | boolean | readonly (string | number)[];

/** A request body: JSON, a form, raw text with its content type, or XML (SOAP). */
export type HttpBody =
  | { json: unknown }
  | { form: Record<string, string> }
  | { text: string; contentType: string }
  | { xml: string; soapAction?: string; contentType?: string };

/** One request to a service, as the flow interpreter builds it. */
export interface HttpRequest {
  method: string;
  /** Relative to the service's baseUrl (appended to it), or an absolute http(s) URL. */
  path: string;
  query?: Record<string, QueryValue | undefined>;
  headers?: Record<string, string>;
  body?: HttpBody;
}

/** Per-call options. */
export interface RequestOptions {
  /** Whether repeating the call is harmless (default: GET/HEAD/PUT/DELETE/OPTIONS yes, POST/PATCH no). */
  idempotent?: boolean;
  /** Aborts the call (rejects with the signal's reason, not an HttpCallError). */
  signal?: AbortSignal;
  /** Absolute time (Date.now() milliseconds) by which the whole call, retries included, must end. */
  deadline?: number;
  /** false for the authenticator's own calls (token, login): no credential is applied, no refresh on 401. */
  auth?: boolean;
  /** Success criteria of this call instead of the service's (e.g. an operation that answers 404 when empty). */
  success?: HttpSuccess;
  /** Status map rows of this call, tried before the service's (status-map.ts). */
  errors?: readonly StatusMapRow[];
}

/** A successful response. */
export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ", except set-cookie joined with "\n". */
  headers: Record<string, string>;
  text: string;
  /** The parsed body when the content type is JSON and the body is not empty. */
  json?: unknown;
  /** Milliseconds from the call to the response, retries and waits included. */
  durationMs: number;
  /** Attempts made (1 when the first one succeeded). */
  attempts: number;
  /** The URL requested, without the credential an authenticator adds (for resolving relative links). */
  url: string;
}

/** The request as it goes on the wire: authenticators add their credential here. */
export interface PreparedRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string;
  /** The call's deadline and signal, for an authenticator that must itself call (token, login). */
  deadline: number;
  signal?: AbortSignal;
}

/** Anything that sends requests the way HttpService does (paginators and authenticators depend only on this). */
export interface HttpRequester {
  request(req: HttpRequest, opts?: RequestOptions): Promise<HttpResponse>;
}
