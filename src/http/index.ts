// The HTTP layer of the web services connector: what the flow interpreter imports.
export {
  HttpService,
  IDEMPOTENT_METHODS,
  isJsonContentType,
  type AttemptEvent,
  type HttpServiceOptions,
  type RequestDescription,
} from './client.ts';
export {
  HttpSettingsSchema,
  HttpAuthSchema,
  HttpTlsSchema,
  HttpRetrySchema,
  HttpLimitsSchema,
  HttpSuccessSchema,
  HttpTimeoutsSchema,
  StatusPatternSchema,
  resolveHttpSettings,
  type HttpSettings,
  type HttpSettingsInput,
  type HttpAuth,
  type HttpSuccess,
  type StatusPattern,
} from './config.ts';
export {
  HttpCallError,
  isHttpCallError,
  toExportErrorKind,
  kindOfStatus,
  type HttpErrorKind,
} from './http-call-error.ts';
export { HttpSettingsError } from './settings-error.ts';
export { parsePath, readPath, JsonPathError, type PathSegment } from './json-path.ts';
export { REDACTED, redactHeaders, safeUrl, SecretScrubber } from './redact.ts';
export { matchesStatus } from './status-pattern.ts';
export type {
  HttpRequest,
  HttpResponse,
  HttpBody,
  QueryValue,
  RequestOptions,
  PreparedRequest,
  HttpRequester,
} from './types.ts';
export type { Authenticator, AuthContext } from './auth/authenticator.ts';
export { PagingSchema, type PagingSettings } from './paging/config.ts';
export type { Paginator, PageState } from './paging/paginator.ts';
export { createPaginator } from './paging/create-paginator.ts';
export {
  paginate,
  selectRecords,
  PagingLoopError,
  DEFAULT_MAX_PAGES,
  type Page,
  type PaginateOptions,
  type PagingLoopReason,
} from './paging/paginate.ts';
