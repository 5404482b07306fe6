// FND_USER and the direct responsibility assignments, with FND_USER_PKG's rules: user names in upper case without
// the characters FND refuses, end dates after start dates, DelResp end-dating an assignment rather than deleting it,
// and users that are never deleted (FND keeps them for audit; they are end-dated instead).
import { type Db, isUniqueViolation, now } from './db.ts';
import { EbsError, fndError } from './ebs-error.ts';

/** A user as the query package returns it (USER_REC). */
export interface UserRec {
  USER_ID: number;
  USER_NAME: string;
  DESCRIPTION: string | null;
  EMAIL_ADDRESS: string | null;
  FAX: string | null;
  EMPLOYEE_ID: number | null;
  START_DATE: string;
  END_DATE: string | null;
  PASSWORD_LIFESPAN_DAYS: number | null;
  LAST_UPDATE_DATE: string;
  /** Y when the user can sign on now (started, not ended). */
  ACTIVE: 'Y' | 'N';
}

/** A responsibility (RESP_REC). */
export interface RespRec {
  RESPONSIBILITY_ID: number;
  APPLICATION_SHORT_NAME: string;
  RESPONSIBILITY_KEY: string;
  RESPONSIBILITY_NAME: string;
  DESCRIPTION: string | null;
}

/** The fields CreateUser and UpdateUser take; undefined leaves a field as it is (FND's "no change"). */
export interface UserFields {
  description?: string | null;
  email?: string | null;
  fax?: string | null;
  employeeId?: number | null;
  startDate?: string | null;
  endDate?: string | null;
  passwordLifespanDays?: number | null;
  passwordHash?: string;
}

/** Characters FND_USER_PKG.TestUserName refuses in a user name. */
const BAD_NAME = /[\s/"()*+,;<=>\\~^]/;
const MAX_NAME = 100;
const LIMITS: Record<string, number> = { description: 240, email: 240, fax: 80 };

interface Row {
  user_id: number;
  user_name: string;
  description: string | null;
  email_address: string | null;
  fax: string | null;
  employee_id: number | null;
  start_date: string;
  end_date: string | null;
  password_lifespan_days: number | null;
  last_update_date: string;
}

function rec(r: Row, at = now()): UserRec {
  const active = r.start_date <= at && (r.end_date === null || r.end_date > at);
  return {
    USER_ID: r.user_id,
    USER_NAME: r.user_name,
    DESCRIPTION: r.description,
    EMAIL_ADDRESS: r.email_address,
    FAX: r.fax,
    EMPLOYEE_ID: r.employee_id,
    START_DATE: r.start_date,
    END_DATE: r.end_date,
    PASSWORD_LIFESPAN_DAYS: r.password_lifespan_days,
    LAST_UPDATE_DATE: r.last_update_date,
    ACTIVE: active ? 'Y' : 'N',
  };
}

/** The user and responsibility tables. */
export class UserStore {
  constructor(private readonly db: Db) {}

  /** TestUserName: 0 the name can be created, 1 it is not a valid name, 2 it exists in FND_USER. */
  testUserName(name: string): number {
    if (!name || BAD_NAME.test(name) || name.length > MAX_NAME) return 1;
    return this.db.prepare('SELECT 1 FROM fnd_user WHERE user_name = ?').get(name.toUpperCase()) ? 2 : 0;
  }

  /** The user's row id; a name FND does not know raises FND's "user not found". */
  idOf(name: string, at = 'APPS.FND_USER_PKG'): number {
    const r = this.db.prepare('SELECT user_id FROM fnd_user WHERE user_name = ?').get(String(name).toUpperCase()) as
      | { user_id: number }
      | undefined;
    if (!r) throw fndError('FND_USER_NOT_FOUND', `Could not find user ${String(name).toUpperCase()}.`, at);
    return r.user_id;
  }

  get(name: string): UserRec {
    const r = this.db.prepare('SELECT * FROM fnd_user WHERE user_name = ?').get(String(name).toUpperCase()) as
      | Row
      | undefined;
    if (!r) throw new EbsError(1403, 'no data found', 'APPS.XX_FERRY_USER_QUERY');
    return rec(r);
  }

  /** Keyset page in user name order: the names after `after`, at most `max`, and whether more follow. */
  list(after: string, max: number): { users: UserRec[]; more: boolean } {
    const rows = this.db
      .prepare('SELECT * FROM fnd_user WHERE user_name > ? ORDER BY user_name LIMIT ?')
      .all(after, max + 1) as Row[];
    const at = now();
    return { users: rows.slice(0, max).map((r) => rec(r, at)), more: rows.length > max };
  }

  private check(f: UserFields): void {
    for (const [k, limit] of Object.entries(LIMITS)) {
      const v = f[k as keyof UserFields];
      if (typeof v === 'string' && v.length > limit)
        throw new EbsError(
          6502,
          `PL/SQL: numeric or value error: character string buffer too small (${k.toUpperCase()} holds at most ${limit} characters)`,
        );
    }
    if (f.startDate && f.endDate && f.endDate < f.startDate)
      throw fndError(
        'FND_INVALID_END_DATE',
        `The end date ${f.endDate.slice(0, 10)} is before the start date ${f.startDate.slice(0, 10)}.`,
      );
  }

  create(name: string, owner: string, f: UserFields): void {
    const upper = String(name ?? '').toUpperCase();
    const test = this.testUserName(upper);
    if (test === 1)
      throw fndError(
        'FND_INVALID_USER_NAME',
        `The user name "${upper}" is not valid: it must have 1 to ${MAX_NAME} characters and none of space / " ( ) * + , ; < = > \\ ~ ^.`,
      );
    if (test === 2) throw fndError('FND_USER_EXISTS', `User name ${upper} already exists.`);
    const start = f.startDate ?? now();
    this.check({ ...f, startDate: start });
    const t = now();
    try {
      this.db
        .prepare(
          `INSERT INTO fnd_user (user_name, description, email_address, fax, employee_id, start_date, end_date,
             password_hash, password_date, password_lifespan_days, created_by, creation_date, last_update_date)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          upper,
          f.description ?? null,
          f.email ?? null,
          f.fax ?? null,
          f.employeeId ?? null,
          start,
          f.endDate ?? null,
          f.passwordHash ?? null,
          f.passwordHash ? t : null,
          f.passwordLifespanDays ?? null,
          owner || 'CUST',
          t,
          t,
        );
    } catch (e) {
      if (isUniqueViolation(e)) throw fndError('FND_USER_EXISTS', `User name ${upper} already exists.`);
      throw e;
    }
  }

  /** UpdateUser: only the fields given change; null clears one (FND's null_char / null_date). */
  update(name: string, f: UserFields): void {
    const id = this.idOf(name);
    const cur = this.db.prepare('SELECT start_date, end_date FROM fnd_user WHERE user_id = ?').get(id) as Row;
    this.check({
      ...f,
      startDate: f.startDate === undefined ? cur.start_date : f.startDate,
      endDate: f.endDate === undefined ? cur.end_date : f.endDate,
    });
    const cols: [string, unknown][] = [
      ['description', f.description],
      ['email_address', f.email],
      ['fax', f.fax],
      ['employee_id', f.employeeId],
      ['start_date', f.startDate ?? undefined],
      ['end_date', f.endDate],
      ['password_lifespan_days', f.passwordLifespanDays],
      ['password_hash', f.passwordHash],
      ['password_date', f.passwordHash ? now() : undefined],
    ];
    const set = cols.filter(([, v]) => v !== undefined);
    this.db
      .prepare(
        `UPDATE fnd_user SET ${[...set.map(([c]) => `${c} = ?`), 'last_update_date = ?'].join(', ')} WHERE user_id = ?`,
      )
      .run(...set.map(([, v]) => v), now(), id);
  }

  /** DisableUser: the end date becomes now; the user can no longer sign on. */
  disable(name: string): void {
    const id = this.idOf(name);
    const t = now();
    this.db.prepare('UPDATE fnd_user SET end_date = ?, last_update_date = ? WHERE user_id = ?').run(t, t, id);
  }

  /** EnableUser: a new start date (default now) and end date (default none). */
  enable(name: string, start: string | null, end: string | null): void {
    const id = this.idOf(name);
    const s = start ?? now();
    this.check({ startDate: s, endDate: end });
    this.db
      .prepare('UPDATE fnd_user SET start_date = ?, end_date = ?, last_update_date = ? WHERE user_id = ?')
      .run(s, end, now(), id);
  }

  passwordHash(name: string): string | null {
    const id = this.idOf(name);
    return (
      this.db.prepare('SELECT password_hash FROM fnd_user WHERE user_id = ?').get(id) as {
        password_hash: string | null;
      }
    ).password_hash;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM fnd_user').get() as { n: number }).n;
  }

  respOf(app: string, key: string, at = 'APPS.FND_USER_PKG'): RespRec {
    const r = this.db
      .prepare(
        `SELECT responsibility_id AS RESPONSIBILITY_ID, application_short_name AS APPLICATION_SHORT_NAME,
                responsibility_key AS RESPONSIBILITY_KEY, responsibility_name AS RESPONSIBILITY_NAME,
                description AS DESCRIPTION
           FROM fnd_responsibility WHERE application_short_name = ? AND responsibility_key = ?`,
      )
      .get(String(app ?? '').toUpperCase(), String(key ?? '').toUpperCase()) as RespRec | undefined;
    if (!r)
      throw fndError(
        'FND_INVALID_RESPONSIBILITY',
        `Responsibility ${String(key ?? '').toUpperCase()} of application ${String(app ?? '').toUpperCase()} does not exist.`,
        at,
      );
    return r;
  }

  listResps(after: string, max: number): { resps: RespRec[]; more: boolean } {
    const rows = this.db
      .prepare(
        `SELECT responsibility_id AS RESPONSIBILITY_ID, application_short_name AS APPLICATION_SHORT_NAME,
                responsibility_key AS RESPONSIBILITY_KEY, responsibility_name AS RESPONSIBILITY_NAME,
                description AS DESCRIPTION
           FROM fnd_responsibility WHERE application_short_name || ':' || responsibility_key > ?
          ORDER BY application_short_name || ':' || responsibility_key LIMIT ?`,
      )
      .all(after, max + 1) as RespRec[];
    return { resps: rows.slice(0, max), more: rows.length > max };
  }

  /** The users holding a responsibility now (any security group), in name order after `after`. */
  respUsers(respId: number, after: string, max: number): { names: string[]; more: boolean } {
    const t = now();
    const rows = this.db
      .prepare(
        `SELECT DISTINCT u.user_name FROM fnd_user_resp_groups g JOIN fnd_user u ON u.user_id = g.user_id
          WHERE g.responsibility_id = ? AND g.start_date <= ? AND (g.end_date IS NULL OR g.end_date > ?)
            AND u.user_name > ? ORDER BY u.user_name LIMIT ?`,
      )
      .all(respId, t, t, after, max + 1) as { user_name: string }[];
    return { names: rows.slice(0, max).map((r) => r.user_name), more: rows.length > max };
  }

  /** AddResp: a new assignment, or an end-dated one made current again. */
  addResp(
    user: string,
    app: string,
    key: string,
    group: string,
    description: string | null,
    start: string | null,
    end: string | null,
  ): void {
    const id = this.idOf(user);
    const resp = this.respOf(app, key);
    const s = start ?? now();
    if (end && end < s)
      throw fndError('FND_INVALID_END_DATE', 'The end date of the assignment is before its start date.');
    this.db
      .prepare(
        `INSERT INTO fnd_user_resp_groups (user_id, responsibility_id, security_group, description, start_date, end_date)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, responsibility_id, security_group)
         DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date, description = excluded.description`,
      )
      .run(id, resp.RESPONSIBILITY_ID, group || 'STANDARD', description, s, end);
  }

  /** DelResp: end-dates the assignment now; one that does not exist is FND's error. */
  delResp(user: string, app: string, key: string, group: string): void {
    const id = this.idOf(user);
    const resp = this.respOf(app, key);
    const t = now();
    const r = this.db
      .prepare(
        `UPDATE fnd_user_resp_groups SET end_date = ?
          WHERE user_id = ? AND responsibility_id = ? AND security_group = ? AND (end_date IS NULL OR end_date > ?)`,
      )
      .run(t, id, resp.RESPONSIBILITY_ID, group || 'STANDARD', t);
    if (r.changes === 0)
      throw fndError(
        'FND_RESP_NOT_ASSIGNED',
        `User ${String(user).toUpperCase()} does not hold responsibility ${resp.RESPONSIBILITY_KEY} (${resp.APPLICATION_SHORT_NAME}).`,
      );
  }
}
