// The procedures of both packages as plain functions: the InputParameters' fields in, the OutputParameters'
// fields out, EbsError for what PL/SQL would raise. app.ts puts them behind ISG's SOAP endpoints.
import { hashPassword } from '../directory-soap/passwords.ts';
import { EbsError, fndError } from './ebs-error.ts';
import type { UserFields, UserStore } from './user-store.ts';

/** One procedure: its input fields → its output fields. */
export type Procedure = (args: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>;

const MAX_ROWS = 1000;

/** A VARCHAR2 argument: absent or nil is undefined/null, anything else text. */
function text(v: unknown): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  return String(v);
}

/** A NUMBER argument: a value that is not a number is Oracle's ORA-06502. */
function number(v: unknown, name: string): number | null | undefined {
  if (v === undefined || v === null) return v as null | undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new EbsError(6502, `PL/SQL: numeric or value error: ${name} is not a number`);
  return n;
}

/** A DATE argument as stored (ISO 8601 UTC); FND's null_date ("*NULL*") clears it. */
function date(v: unknown, name: string): string | null | undefined {
  if (v === undefined || v === null) return v as null | undefined;
  const t = new Date(String(v));
  if (Number.isNaN(t.getTime()))
    throw new EbsError(1858, `a non-numeric character was found where a numeric was expected (${name})`);
  return t.toISOString();
}

/** FND_USER_PKG's "clear this field" marker for VARCHAR2 fields (fnd_user_pkg.null_char). */
const NULL_CHAR = '*NULL*';
const clearable = (v: string | null | undefined): string | null | undefined => (v === NULL_CHAR ? null : v);

/** FND's password rules: SIGNON_PASSWORD_LENGTH 8 and SIGNON_PASSWORD_HARD_TO_GUESS (letters and digits). */
function checkPassword(p: string, user: string): void {
  if (p.length < 8) throw fndError('FND_SSO_PASSWORD_TOO_SHORT', 'The password must be at least 8 characters long.');
  if (!/[A-Za-z]/.test(p) || !/[0-9]/.test(p) || p.toUpperCase().includes(user.toUpperCase()))
    throw fndError(
      'FND_SSO_PASSWORD_HARD_TO_GUESS',
      'The password must contain both letters and numbers and must not contain the user name.',
    );
}

async function userFields(a: Record<string, unknown>, name: string): Promise<UserFields> {
  const password = text(a.X_UNENCRYPTED_PASSWORD);
  if (password) checkPassword(password, name);
  return {
    description: clearable(text(a.X_DESCRIPTION)),
    email: clearable(text(a.X_EMAIL_ADDRESS)),
    fax: clearable(text(a.X_FAX)),
    employeeId: number(a.X_EMPLOYEE_ID, 'X_EMPLOYEE_ID'),
    startDate: date(a.X_START_DATE, 'X_START_DATE'),
    endDate: text(a.X_END_DATE) === NULL_CHAR ? null : date(a.X_END_DATE, 'X_END_DATE'),
    passwordLifespanDays: number(a.X_PASSWORD_LIFESPAN_DAYS, 'X_PASSWORD_LIFESPAN_DAYS'),
    ...(password ? { passwordHash: await hashPassword(password) } : {}),
  };
}

const rows = (v: unknown) => Math.min(MAX_ROWS, Math.max(1, Number(v) || 100));

/** FND_USER_PKG's procedures, by operation name. */
export function fndUserPkg(users: UserStore): Record<string, Procedure> {
  return {
    TESTUSERNAME: (a) => ({ RETURN: users.testUserName(text(a.X_USER_NAME) ?? '') }),
    CREATEUSER: async (a) => {
      const name = text(a.X_USER_NAME) ?? '';
      users.create(name, text(a.X_OWNER) ?? '', await userFields(a, name));
      return {};
    },
    UPDATEUSER: async (a) => {
      const name = text(a.X_USER_NAME) ?? '';
      users.idOf(name);
      users.update(name, await userFields(a, name));
      return {};
    },
    DISABLEUSER: (a) => {
      users.disable(text(a.USERNAME) ?? '');
      return {};
    },
    ENABLEUSER: (a) => {
      users.enable(
        text(a.USERNAME) ?? '',
        date(a.START_DATE, 'START_DATE') ?? null,
        date(a.END_DATE, 'END_DATE') ?? null,
      );
      return {};
    },
    CHANGEPASSWORD: async (a) => {
      const name = text(a.USERNAME) ?? '';
      users.idOf(name);
      const p = text(a.NEWPASSWORD) ?? '';
      checkPassword(p, name);
      users.update(name, { passwordHash: await hashPassword(p) });
      return { RETURN: 'TRUE' };
    },
    ADDRESP: (a) => {
      users.addResp(
        text(a.USERNAME) ?? '',
        text(a.RESP_APP) ?? '',
        text(a.RESP_KEY) ?? '',
        text(a.SECURITY_GROUP) ?? 'STANDARD',
        text(a.DESCRIPTION) ?? null,
        date(a.START_DATE, 'START_DATE') ?? null,
        date(a.END_DATE, 'END_DATE') ?? null,
      );
      return {};
    },
    DELRESP: (a) => {
      users.delResp(
        text(a.USERNAME) ?? '',
        text(a.RESP_APP) ?? '',
        text(a.RESP_KEY) ?? '',
        text(a.SECURITY_GROUP) ?? 'STANDARD',
      );
      return {};
    },
  };
}

/** The custom query package's procedures (read-only). */
export function queryPkg(users: UserStore): Record<string, Procedure> {
  const at = 'APPS.XX_FERRY_USER_QUERY';
  return {
    GET_USER: (a) => ({ X_USER: users.get(text(a.P_USER_NAME) ?? '') }),
    LIST_USERS: (a) => {
      const page = users.list(text(a.P_AFTER_USER_NAME) ?? '', rows(a.P_MAX_ROWS));
      return { X_USERS: { ITEM: page.users }, X_MORE: page.more ? 'Y' : 'N' };
    },
    GET_RESPONSIBILITY: (a) => ({ X_RESP: users.respOf(text(a.P_RESP_APP) ?? '', text(a.P_RESP_KEY) ?? '', at) }),
    LIST_RESPONSIBILITIES: (a) => {
      const page = users.listResps(text(a.P_AFTER_KEY) ?? '', rows(a.P_MAX_ROWS));
      return { X_RESPS: { ITEM: page.resps }, X_MORE: page.more ? 'Y' : 'N' };
    },
    LIST_RESP_USERS: (a) => {
      const resp = users.respOf(text(a.P_RESP_APP) ?? '', text(a.P_RESP_KEY) ?? '', at);
      const page = users.respUsers(resp.RESPONSIBILITY_ID, text(a.P_AFTER_USER_NAME) ?? '', rows(a.P_MAX_ROWS));
      return { X_USER_NAMES: { ITEM: page.names }, X_MORE: page.more ? 'Y' : 'N' };
    },
  };
}
