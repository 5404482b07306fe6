// Checks request bodies field by field, the way a strict line-of-business app does: unknown and read-only fields
// are refused (a typo in a connector's mapping shows at once instead of being silently dropped).
import { ApiError, invalid } from './errors.ts';

/** Kinds of e-mail address an account can have. */
export const EMAIL_KINDS = ['work', 'home', 'other'] as const;
/** Kinds of phone number an account can have. */
export const PHONE_KINDS = ['office', 'mobile', 'home'] as const;

/** One e-mail address of an account. */
export interface Email {
  kind: (typeof EMAIL_KINDS)[number];
  address: string;
}
/** One phone number of an account. */
export interface Phone {
  kind: (typeof PHONE_KINDS)[number];
  number: string;
}

/** Free-text account fields (string or null, at most MAX_TEXT characters). */
export const TEXT_FIELDS = [
  'first_name',
  'last_name',
  'display_name',
  'department',
  'job_title',
  'employee_no',
  'city',
  'company',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** The fields a client writes on an account (everything else is the app's). */
export type AccountFields = { login: string } & { [K in TextField]: string | null } & {
  expires_on: string | null;
  manager_id: string | null;
  emails: Email[];
  phones: Phone[];
};

/** Names of the writable account fields, in the order they are shown. */
export const ACCOUNT_FIELDS: (keyof AccountFields)[] = [
  'login',
  ...TEXT_FIELDS,
  'expires_on',
  'manager_id',
  'emails',
  'phones',
];
/** Account fields only the app sets. */
export const ACCOUNT_READ_ONLY = ['id', 'status', 'created_at', 'updated_at', 'version'];

/** The fields a client writes on a team. */
export interface TeamFields {
  name: string;
  description: string | null;
}
const TEAM_READ_ONLY = ['id', 'member_count', 'created_at', 'updated_at', 'version'];

export const MAX_LOGIN = 128;
export const MAX_TEXT = 256;
export const MAX_DESCRIPTION = 1024;
export const MAX_ITEMS = 10;
/** The password policy: at least this many characters (422 otherwise). */
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 256;

// Logins are names people type (and UPNs from a directory): letters, digits and . _ @ + ' - , no spaces.
const LOGIN_RE = /^[\p{L}\p{N}._@+'-]+$/u;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const PHONE_RE = /^\+?[0-9][0-9 ()./x-]{1,31}$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The body as a JSON object, or 400 (a missing body, an array or a scalar). */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_body', 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** How a body is read: create (password allowed), replace (absent = cleared) or patch (absent = unchanged). */
export type WriteMode = 'create' | 'replace' | 'patch';

/** The validated account fields of a body; for a patch only those present. */
export function parseAccountBody(
  body: unknown,
  mode: WriteMode,
): { fields: Partial<AccountFields>; password?: string } {
  const o = objectBody(body);
  const fields: Partial<AccountFields> = {};
  let password: string | undefined;
  for (const [key, value] of Object.entries(o)) {
    if (ACCOUNT_READ_ONLY.includes(key)) {
      const hint = key === 'status' ? ' (use POST /api/v1/accounts/{id}/activation)' : '';
      throw invalid(key, `${key} is read-only${hint}`, 'read_only_field');
    }
    if (key === 'password') {
      if (mode !== 'create')
        throw invalid(
          key,
          'password is only accepted on create; use PUT /api/v1/accounts/{id}/password',
          'unknown_field',
        );
      password = parsePassword(value);
      continue;
    }
    switch (key) {
      case 'login':
        fields.login = parseLogin(value);
        break;
      case 'expires_on':
        fields.expires_on = parseDate(key, value);
        break;
      case 'manager_id':
        if (value !== null && typeof value !== 'string') throw invalid(key, 'manager_id must be an account id or null');
        fields.manager_id = value;
        break;
      case 'emails':
        fields.emails = parseItems(key, value, EMAIL_KINDS, 'address', EMAIL_RE, 254) as Email[];
        break;
      case 'phones':
        fields.phones = parseItems(key, value, PHONE_KINDS, 'number', PHONE_RE, 32) as Phone[];
        break;
      default:
        if (!(TEXT_FIELDS as readonly string[]).includes(key))
          throw invalid(key, `unknown field ${key}`, 'unknown_field');
        fields[key as TextField] = parseText(key, value, MAX_TEXT);
    }
  }
  if (mode === 'patch') return { fields, password };
  if (fields.login === undefined) throw invalid('login', 'login is required', 'required');
  return { fields: { ...emptyAccount(), ...fields }, password };
}

/** Every writable account field cleared (what a full replace starts from). */
function emptyAccount(): Omit<AccountFields, 'login'> {
  const cleared = Object.fromEntries(TEXT_FIELDS.map((f) => [f, null])) as { [K in TextField]: null };
  return { ...cleared, expires_on: null, manager_id: null, emails: [], phones: [] };
}

/** The validated team fields of a body; for a patch only those present. */
export function parseTeamBody(body: unknown, mode: 'create' | 'patch'): Partial<TeamFields> {
  const o = objectBody(body);
  const fields: Partial<TeamFields> = {};
  for (const [key, value] of Object.entries(o)) {
    if (TEAM_READ_ONLY.includes(key)) throw invalid(key, `${key} is read-only`, 'read_only_field');
    if (key === 'name') {
      const name = parseText(key, value, MAX_LOGIN);
      if (name === null || name.trim() === '') throw invalid(key, 'name is required', 'required');
      fields.name = name;
    } else if (key === 'description') {
      fields.description = parseText(key, value, MAX_DESCRIPTION);
    } else {
      throw invalid(key, `unknown field ${key}`, 'unknown_field');
    }
  }
  if (mode === 'patch') return fields;
  if (fields.name === undefined) throw invalid('name', 'name is required', 'required');
  return { description: null, ...fields };
}

/** A password from a body: a string, checked against the policy (422, the way apps report a weak password). */
export function parsePassword(value: unknown): string {
  if (typeof value !== 'string') throw invalid('password', 'password must be a string');
  if (value.length < MIN_PASSWORD) {
    throw new ApiError(422, 'password_policy', `password must have at least ${MIN_PASSWORD} characters`, 'password');
  }
  if (value.length > MAX_PASSWORD) {
    throw new ApiError(422, 'password_policy', `password must have at most ${MAX_PASSWORD} characters`, 'password');
  }
  return value;
}

function parseLogin(value: unknown): string {
  if (value === null || value === undefined || value === '') throw invalid('login', 'login is required', 'required');
  if (typeof value !== 'string') throw invalid('login', 'login must be a string');
  if (value.length > MAX_LOGIN) throw invalid('login', `login must have at most ${MAX_LOGIN} characters`);
  if (!LOGIN_RE.test(value)) throw invalid('login', "login may hold only letters, digits and . _ @ + ' -");
  return value;
}

function parseText(field: string, value: unknown, max: number): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string or null`);
  if (value.length > max) throw invalid(field, `${field} must have at most ${max} characters`);
  return value;
}

function parseDate(field: string, value: unknown): string | null {
  if (value === null) return null;
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  // Round-trip through Date so 2024-02-30 is refused, not rolled over to March.
  if (!m || new Date(`${value as string}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw invalid(field, `${field} must be a date YYYY-MM-DD or null`);
  }
  return value as string;
}

function parseItems(
  field: string,
  value: unknown,
  kinds: readonly string[],
  valueKey: string,
  re: RegExp,
  max: number,
): object[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw invalid(field, `${field} must be an array`);
  if (value.length > MAX_ITEMS) throw invalid(field, `${field} may hold at most ${MAX_ITEMS} items`);
  return value.map((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw invalid(at, `${at} must be an object {kind, ${valueKey}}`);
    const entry = item as Record<string, unknown>;
    for (const k of Object.keys(entry))
      if (k !== 'kind' && k !== valueKey)
        throw invalid(`${at}.${k}`, `unknown field ${k} in ${field}`, 'unknown_field');
    if (typeof entry.kind !== 'string' || !kinds.includes(entry.kind))
      throw invalid(`${at}.kind`, `${at}.kind must be one of ${kinds.join(', ')}`);
    const v = entry[valueKey];
    if (typeof v !== 'string' || v.length > max || !re.test(v))
      throw invalid(
        `${at}.${valueKey}`,
        `${at}.${valueKey} is not a valid ${field === 'emails' ? 'e-mail address' : 'phone number'}`,
      );
    // A fixed key order, so equal lists compare equal as JSON whatever order the client wrote the keys in.
    return { kind: entry.kind, [valueKey]: v };
  });
}
