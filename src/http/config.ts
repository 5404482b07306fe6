// The HTTP settings of one service of a web service project, as written in the project's YAML: one TypeBox
// schema is the source of both the TypeScript types and the JSON Schema. Secrets arrive already resolved.
// Defaults sit on plain properties only: Ajv ignores (and in strict mode refuses) defaults inside a union, so
// the optional settings of an auth variant are documented with their default and filled in code.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../config/schema-helpers.ts';
import { StatusMapSchema, type StatusMapEntry } from './status-map.ts';

const Secret = (description: string) => Type.String({ minLength: 1, description });
const Pem = (description: string) =>
  Type.String({ minLength: 1, description: `${description} (PEM text, e.g. "\${file:certs/x.pem}")` });

/** No authentication. */
export const NoAuthSchema = Type.Object(
  { type: Type.Literal('none') },
  { additionalProperties: false, title: 'none', description: 'No authentication.' },
);

/** HTTP Basic authentication. */
export const BasicAuthSchema = Type.Object(
  {
    type: Type.Literal('basic'),
    username: Type.String({ minLength: 1, description: 'User name.' }),
    password: Secret('Password, e.g. "${env:APP_PASSWORD}".'),
  },
  { additionalProperties: false, title: 'basic', description: 'HTTP Basic authentication (RFC 7617).' },
);

/** A static bearer token. */
export const BearerAuthSchema = Type.Object(
  {
    type: Type.Literal('bearer'),
    token: Secret('The token sent as "Authorization: Bearer <token>".'),
  },
  { additionalProperties: false, title: 'bearer', description: 'A static bearer token.' },
);

/** An API key in a header or a query parameter. */
export const ApiKeyAuthSchema = Type.Object(
  {
    type: Type.Literal('apiKey'),
    name: Type.String({ minLength: 1, description: 'Header or query parameter name, e.g. X-API-Key.' }),
    in: StringEnum(['header', 'query'] as const, { description: 'Where the key travels.' }),
    value: Secret('The key.'),
    prefix: Type.Optional(
      Type.String({ description: 'Text put before the key in a header, e.g. "ApiKey " (default none).' }),
    ),
  },
  { additionalProperties: false, title: 'apiKey', description: 'An API key in a header or the query string.' },
);

/** OAuth 2 client credentials grant (RFC 6749 §4.4). */
export const OAuth2ClientCredentialsAuthSchema = Type.Object(
  {
    type: Type.Literal('oauth2ClientCredentials'),
    tokenUrl: Type.String({
      minLength: 1,
      description: 'Token endpoint: absolute URL, or a path relative to baseUrl.',
    }),
    clientId: Type.String({ minLength: 1, description: 'Client id.' }),
    clientSecret: Secret('Client secret.'),
    scope: Type.Optional(Type.String({ description: 'Space-separated scopes requested.' })),
    audience: Type.Optional(Type.String({ description: 'Audience (resource) requested, for servers that need one.' })),
    authStyle: Type.Optional(
      StringEnum(['header', 'body'] as const, {
        description: 'Client credentials in an Authorization: Basic header (default) or in the form body.',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'oauth2ClientCredentials',
    description: 'OAuth 2 client credentials: the token is cached until expires_in minus a skew, and renewed on 401.',
  },
);

const TokenFromSchema = Type.Union(
  [
    Type.Object(
      { body: Type.String({ description: 'JSON path of the token in the login response body, e.g. data.token.' }) },
      { additionalProperties: false, title: '{ body: path }' },
    ),
    Type.Object(
      { header: Type.String({ minLength: 1, description: 'Response header holding the token.' }) },
      { additionalProperties: false, title: '{ header: name }' },
    ),
    Type.Object(
      { cookie: Type.String({ minLength: 1, description: 'Cookie (Set-Cookie) holding the token.' }) },
      { additionalProperties: false, title: '{ cookie: name }' },
    ),
  ],
  { description: 'Where the login response carries the session token.' },
);

const SessionUseSchema = Type.Union(
  [
    Type.Object(
      {
        header: Type.String({
          minLength: 1,
          description: 'Request header that carries the token, e.g. Authorization or X-Session.',
        }),
        prefix: Type.Optional(Type.String({ description: 'Text before the token, e.g. "Bearer " (default none).' })),
      },
      { additionalProperties: false, title: '{ header, prefix? }' },
    ),
    Type.Object(
      { cookie: Type.String({ minLength: 1, description: 'Cookie name that carries the token.' }) },
      { additionalProperties: false, title: '{ cookie: name }' },
    ),
    Type.Object(
      {
        placeholder: Type.String({
          minLength: 1,
          description:
            'Marker text that request templates write where the token goes (path, query, header value or body), e.g. "$session" for a JSON-RPC body\'s "auth"; each request gets the token in its place.',
        }),
      },
      { additionalProperties: false, title: '{ placeholder: marker }' },
    ),
  ],
  { description: 'How later requests carry the session token.' },
);

/** A session obtained by a login call, reused until its ttl passes or the application answers 401. */
export const SessionAuthSchema = Type.Object(
  {
    type: Type.Literal('session'),
    login: Type.Object(
      {
        method: Type.Optional(
          StringEnum(['POST', 'PUT', 'GET'] as const, { description: 'Login method (default POST).' }),
        ),
        path: Type.String({ minLength: 1, description: 'Login path relative to baseUrl (or absolute URL).' }),
        body: Type.Optional(
          Type.Unknown({
            description: 'JSON body template; "{{name}}" inside strings is replaced by the parameter of that name.',
          }),
        ),
        bodyFormat: Type.Optional(
          StringEnum(['json', 'form'] as const, {
            description: 'Send the body as JSON (default) or as a form (then body must be a flat object).',
          }),
        ),
        headers: Type.Optional(
          Type.Record(Type.String(), Type.String(), { description: 'Extra headers of the login request.' }),
        ),
        tokenFrom: TokenFromSchema,
      },
      { additionalProperties: false, description: 'The login request.' },
    ),
    params: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description:
          'Values for the placeholders of the login body, e.g. { username: svc, password: "${env:APP_PASSWORD}" }; every value is treated as a secret.',
      }),
    ),
    use: SessionUseSchema,
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Renew the session after this many seconds (default: only when the application answers 401).',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'session',
    description: 'Session login: one login call, its token reused and renewed once on 401.',
  },
);

/** A TLS client certificate as the credential. */
export const ClientCertificateAuthSchema = Type.Object(
  {
    type: Type.Literal('clientCertificate'),
    cert: Pem('Client certificate (with its chain)'),
    key: Pem('Private key of the client certificate'),
    passphrase: Type.Optional(Type.String({ description: 'Passphrase of an encrypted key.' })),
    ca: Type.Optional(Pem('CA certificate(s) that sign the server certificate')),
  },
  {
    additionalProperties: false,
    title: 'clientCertificate',
    description:
      'A TLS client certificate (mutual TLS). Combine a certificate with another auth through `tls` instead.',
  },
);

/** Every authentication a service can use. */
export const HttpAuthSchema = Type.Union(
  [
    NoAuthSchema,
    BasicAuthSchema,
    BearerAuthSchema,
    ApiKeyAuthSchema,
    OAuth2ClientCredentialsAuthSchema,
    SessionAuthSchema,
    ClientCertificateAuthSchema,
  ],
  {
    description: 'Authentication: none, basic, bearer, apiKey, oauth2ClientCredentials, session or clientCertificate.',
  },
);

/** TLS settings of the connection to the application (independent of the auth, so mutual TLS can add to it). */
export const HttpTlsSchema = Type.Object(
  {
    ca: Type.Optional(Pem('CA certificate(s) trusted for the server certificate, instead of the system ones')),
    cert: Type.Optional(Pem('Client certificate for mutual TLS')),
    key: Type.Optional(Pem('Private key of the client certificate')),
    passphrase: Type.Optional(Type.String({ description: 'Passphrase of an encrypted key.' })),
    rejectUnauthorized: Type.Boolean({
      default: true,
      description: 'Check the server certificate (turn off only for a test system).',
    }),
  },
  { additionalProperties: false, default: {}, description: 'TLS settings of the connection to the application.' },
);

/** Timeouts. */
export const HttpTimeoutsSchema = Type.Object(
  {
    requestMs: Type.Integer({
      minimum: 1,
      default: 30000,
      description: 'Longest wait for one HTTP attempt (connect, headers, body).',
    }),
    operationMs: Type.Integer({
      minimum: 1,
      default: 120000,
      description: 'Longest time for one call including every retry and wait.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'Timeouts per attempt and per call.' },
);

const RetryOnSchema = Type.Union(
  [
    Type.Integer({ minimum: 100, maximum: 599, description: 'A status code.' }),
    Type.String({ pattern: '^[1-5]xx$', description: 'A status class, e.g. 5xx.' }),
    StringEnum(['timeout', 'network'] as const, {
      description: 'timeout: an attempt timed out; network: the connection failed.',
    }),
  ],
  { description: 'A status code, status class, "timeout" or "network".' },
);

/** Retry policy. */
export const HttpRetrySchema = Type.Object(
  {
    maxAttempts: Type.Integer({
      minimum: 1,
      maximum: 20,
      default: 4,
      description: 'Attempts in all, the first included (1 = no retry).',
    }),
    baseDelayMs: Type.Integer({
      minimum: 0,
      default: 200,
      description: 'Backoff base: attempt n waits a random time up to baseDelayMs × 2^(n-1).',
    }),
    maxDelayMs: Type.Integer({
      minimum: 0,
      default: 20000,
      description:
        'Longest wait between attempts; a longer Retry-After ends the retries and is passed on to the caller.',
    }),
    retryOn: Type.Array(RetryOnSchema, { default: [429, 503, 'timeout', 'network'], description: 'What is retried.' }),
    retryNonIdempotent: Type.Boolean({
      default: false,
      description: 'Also retry POST/PATCH after they were sent (only if the application ignores duplicates).',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'Retries with exponential backoff and full jitter, honouring Retry-After.',
  },
);

/** Concurrency and rate limits. */
export const HttpLimitsSchema = Type.Object(
  {
    concurrency: Type.Integer({
      minimum: 1,
      default: 8,
      description: 'Most requests in flight at once to this service.',
    }),
    ratePerSecond: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'Most requests started per second (requests wait for their turn, they do not fail).',
      }),
    ),
    burst: Type.Integer({
      minimum: 1,
      default: 1,
      description: 'Requests that may start back to back before ratePerSecond spacing applies.',
    }),
    maxResponseBytes: Type.Integer({
      minimum: 1024,
      default: 67108864,
      description: 'Largest response body accepted (larger: invalidResponse).',
    }),
    queueTimeoutMs: Type.Integer({
      minimum: 1,
      default: 5000,
      description:
        'Longest wait for a concurrency slot. A call that would wait longer (measured, or predicted from recent ' +
        'call times) fails at once as unavailable, which the SCIM client gets as 503 with Retry-After, well ' +
        'before its own timeout; default 5000.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'Per-service concurrency and rate limits.' },
);

/** A status code (200) or class ("2xx"). */
export const StatusPatternSchema = Type.Union(
  [Type.Integer({ minimum: 100, maximum: 599 }), Type.String({ pattern: '^[1-5]xx$' })],
  { description: 'A status code such as 200, or a class such as "2xx".' },
);

/** What counts as success. */
export const HttpSuccessSchema = Type.Object(
  {
    status: Type.Array(StatusPatternSchema, {
      minItems: 1,
      default: ['2xx'],
      description: 'Statuses that mean success.',
    }),
    body: Type.Optional(
      Type.Object(
        {
          path: Type.String({ description: 'JSON path of the value to check, e.g. result.status.' }),
          equals: Type.Unsafe<string | number | boolean | null>({
            type: ['string', 'number', 'boolean', 'null'],
            description: 'The value that means success; null also holds when the value is missing.',
          }),
        },
        {
          additionalProperties: false,
          description:
            'A value of the JSON body that must also hold (for applications that answer 200 with an error inside).',
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'Success criteria: status, and optionally a value in the body.',
  },
);

/** The HTTP settings of one service. */
export const HttpSettingsSchema = Type.Object(
  {
    baseUrl: Type.String({
      pattern: '^https?://',
      description: 'Base URL of the service; request paths are appended to it.',
    }),
    auth: Type.Optional(HttpAuthSchema),
    tls: HttpTlsSchema,
    timeouts: HttpTimeoutsSchema,
    retry: HttpRetrySchema,
    limits: HttpLimitsSchema,
    success: HttpSuccessSchema,
    proxy: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description:
          'HTTP proxy URL (credentials may be in it). http:// targets are forwarded through it, https:// ones tunnelled with CONNECT.',
      }),
    ),
    headers: Type.Record(Type.String({ minLength: 1 }), Type.String(), {
      default: {},
      description: 'Headers sent with every request (e.g. Accept).',
    }),
    errors: Type.Optional(StatusMapSchema),
  },
  {
    additionalProperties: false,
    description:
      'HTTP behaviour of a service: address, authentication, TLS, timeouts, retries, limits, success criteria, proxy.',
  },
);

/** A service's HTTP settings once loaded (defaults filled). */
export type HttpSettings = Static<typeof HttpSettingsSchema>;
/** One authentication setting. */
export type HttpAuth = Static<typeof HttpAuthSchema>;
/** The TLS setting. */
export type HttpTls = HttpSettings['tls'];
/** The retry setting. */
export type HttpRetry = HttpSettings['retry'];
/** The limits setting. */
export type HttpLimits = HttpSettings['limits'];
/** The success criteria. */
export type HttpSuccess = HttpSettings['success'];
/** The session auth variant. */
export type SessionAuth = Static<typeof SessionAuthSchema>;
/** The OAuth 2 client credentials variant. */
export type OAuth2ClientCredentialsAuth = Static<typeof OAuth2ClientCredentialsAuthSchema>;

/** Settings as code may write them: every defaulted part optional (what a YAML file may omit). */
export type HttpSettingsInput = Pick<HttpSettings, 'baseUrl' | 'auth' | 'proxy'> & {
  tls?: Partial<HttpTls>;
  timeouts?: Partial<HttpSettings['timeouts']>;
  retry?: Partial<HttpRetry>;
  limits?: Partial<HttpLimits>;
  success?: Partial<HttpSuccess>;
  headers?: Record<string, string>;
  errors?: StatusMapEntry[];
};

/** Fills every default of `input` (a loaded file already has them; code-built settings may not). */
export function resolveHttpSettings(input: HttpSettingsInput): HttpSettings {
  return {
    baseUrl: input.baseUrl,
    ...(input.auth ? { auth: input.auth } : {}),
    ...(input.proxy ? { proxy: input.proxy } : {}),
    tls: { rejectUnauthorized: true, ...input.tls },
    timeouts: { requestMs: 30000, operationMs: 120000, ...input.timeouts },
    retry: {
      maxAttempts: 4,
      baseDelayMs: 200,
      maxDelayMs: 20000,
      retryOn: [429, 503, 'timeout', 'network'],
      retryNonIdempotent: false,
      ...input.retry,
    },
    limits: { concurrency: 8, burst: 1, maxResponseBytes: 67108864, queueTimeoutMs: 5000, ...input.limits },
    success: { status: ['2xx'], ...input.success },
    headers: { ...input.headers },
    ...(input.errors ? { errors: input.errors } : {}),
  };
}
