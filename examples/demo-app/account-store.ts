// Accounts in SQLite: every write checks references, bumps the version only when something really changed, and
// appends to the changes feed in the same transaction.
import type Database from 'better-sqlite3';
import type { ChangeLog } from './changes.ts';
import { type Db, inTransaction, isUniqueViolation, now } from './db.ts';
import { ApiError, invalid, notFound } from './errors.ts';
import { formatId, parseId } from './ids.ts';
import { ACCOUNT_FIELDS, type AccountFields, type Email, type Phone, TEXT_FIELDS } from './validate.ts';

/** Whether an account may sign in. */
export type AccountStatus = 'active' | 'suspended';

/** An account as the API shows it. */
export type Account = { id: string } & AccountFields & {
    status: AccountStatus;
    created_at: string;
    updated_at: string;
    version: number;
  };

/** An account row (without the password hash, which only the password statements touch). */
export interface AccountRow {
  num: number;
  login: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  department: string | null;
  job_title: string | null;
  employee_no: string | null;
  city: string | null;
  company: string | null;
  expires_on: string | null;
  manager_num: number | null;
  emails: string;
  phones: string;
  status: AccountStatus;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Filters of the account list. */
export interface AccountQuery {
  after: number;
  limit: number;
  /** Exact login, any case. */
  login?: string;
  /** Only accounts updated at or after this ISO time. */
  updatedSince?: string;
}

const COLUMNS = `num, login, ${TEXT_FIELDS.join(', ')}, expires_on, manager_num, emails, phones, status, created_at, updated_at, version`;
// Walking up a manager chain longer than this is treated as a cycle (no real org chart is this deep).
const MAX_CHAIN = 10_000;

/** The account API's view of a row. */
export function renderAccount(r: AccountRow): Account {
  return {
    id: formatId('acc', r.num),
    login: r.login,
    first_name: r.first_name,
    last_name: r.last_name,
    display_name: r.display_name,
    department: r.department,
    job_title: r.job_title,
    employee_no: r.employee_no,
    city: r.city,
    company: r.company,
    expires_on: r.expires_on,
    manager_id: r.manager_num === null ? null : formatId('acc', r.manager_num),
    emails: JSON.parse(r.emails) as Email[],
    phones: JSON.parse(r.phones) as Phone[],
    status: r.status,
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  };
}

/** The unique key of a login: uniqueness and the login filter ignore case. */
export function loginKey(login: string): string {
  return login.toLowerCase();
}

/** Reads and writes accounts. */
export class AccountStore {
  private readonly s;
  // One prepared statement per combination of list filters, made on first use.
  private readonly lists = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Db,
    private readonly changes: ChangeLog,
  ) {
    const set = `login = @login, login_key = @login_key, ${TEXT_FIELDS.map((f) => `${f} = @${f}`).join(', ')},
      expires_on = @expires_on, manager_num = @manager_num, emails = @emails, phones = @phones`;
    this.s = {
      get: db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE num = ?`),
      exists: db.prepare('SELECT 1 FROM accounts WHERE num = ?').pluck(),
      managerOf: db.prepare('SELECT manager_num FROM accounts WHERE num = ?').pluck(),
      insert:
        db.prepare(`INSERT INTO accounts (login, login_key, ${TEXT_FIELDS.join(', ')}, expires_on, manager_num, emails, phones,
        password_hash, created_at, updated_at) VALUES (@login, @login_key, ${TEXT_FIELDS.map((f) => `@${f}`).join(', ')}, @expires_on,
        @manager_num, @emails, @phones, @password_hash, @now, @now)`),
      update: db.prepare(`UPDATE accounts SET ${set}, updated_at = @now, version = version + 1 WHERE num = @num`),
      setStatus: db.prepare('UPDATE accounts SET status = ?, updated_at = ?, version = version + 1 WHERE num = ?'),
      getHash: db.prepare('SELECT password_hash FROM accounts WHERE num = ?').pluck(),
      setHash: db.prepare('UPDATE accounts SET password_hash = ? WHERE num = ?'),
      reports: db.prepare('SELECT num FROM accounts WHERE manager_num = ?').pluck(),
      clearManager: db.prepare(
        'UPDATE accounts SET manager_num = NULL, updated_at = ?, version = version + 1 WHERE manager_num = ?',
      ),
      teamsOf: db.prepare('SELECT team_num FROM members WHERE account_num = ?').pluck(),
      dropMemberships: db.prepare('DELETE FROM members WHERE account_num = ?'),
      delete: db.prepare('DELETE FROM accounts WHERE num = ?'),
    };
  }

  /** The row of an account id, or undefined. */
  row(id: string): AccountRow | undefined {
    const num = parseId('acc', id);
    return num === undefined ? undefined : (this.s.get.get(num) as AccountRow | undefined);
  }

  /** The account of an id, or 404. */
  get(id: string): Account {
    const r = this.row(id);
    if (!r) throw notFound('account', id);
    return renderAccount(r);
  }

  /** Up to `limit + 1` rows after `after` (the extra one tells the pager there is more). */
  list(q: AccountQuery): AccountRow[] {
    const where = ['num > @after'];
    if (q.login !== undefined) where.push('login_key = @login');
    if (q.updatedSince !== undefined) where.push('updated_at >= @since');
    const sql = `SELECT ${COLUMNS} FROM accounts WHERE ${where.join(' AND ')} ORDER BY num LIMIT @limit`;
    let stmt = this.lists.get(sql);
    if (!stmt) this.lists.set(sql, (stmt = this.db.prepare(sql)));
    const params = {
      after: q.after,
      limit: q.limit + 1,
      login: q.login === undefined ? null : loginKey(q.login),
      since: q.updatedSince ?? null,
    };
    // Named parameters a statement does not use are an error in better-sqlite3: pass only the ones it has.
    const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
    return stmt.all(used) as AccountRow[];
  }

  /** Creates an account (409 on a login taken in any case, 400 on a bad manager). */
  create(fields: AccountFields, passwordHash: string | null): Account {
    return inTransaction(this.db, () => {
      const managerNum = this.managerNum(fields.manager_id, undefined);
      const at = now();
      let num: number;
      try {
        num = Number(
          this.s.insert.run({ ...this.params(fields, managerNum), password_hash: passwordHash, now: at })
            .lastInsertRowid,
        );
      } catch (e) {
        throw isUniqueViolation(e) ? duplicateLogin(fields.login) : e;
      }
      const id = formatId('acc', num);
      this.changes.record('account', id, 'upsert', at);
      return this.get(id);
    });
  }

  /**
   * Writes `apply(current)` over an account (PUT gives all fields, PATCH the current ones merged with the body).
   * Nothing changes, not even the version, when the result equals what is stored.
   */
  update(id: string, apply: (current: AccountFields) => AccountFields): Account {
    return inTransaction(this.db, () => {
      const row = this.row(id);
      if (!row) throw notFound('account', id);
      const current = renderAccount(row);
      const next = apply(current);
      if (ACCOUNT_FIELDS.every((f) => JSON.stringify(next[f]) === JSON.stringify(current[f]))) return current;
      const managerNum =
        next.manager_id === current.manager_id ? row.manager_num : this.managerNum(next.manager_id, row.num);
      const at = now();
      try {
        this.s.update.run({ ...this.params(next, managerNum), now: at, num: row.num });
      } catch (e) {
        throw isUniqueViolation(e) ? duplicateLogin(next.login) : e;
      }
      this.changes.record('account', id, 'upsert', at);
      return this.get(id);
    });
  }

  /** Activates or suspends an account (a no-op when it already is). */
  setActive(id: string, active: boolean): Account {
    return inTransaction(this.db, () => {
      const row = this.row(id);
      if (!row) throw notFound('account', id);
      const status: AccountStatus = active ? 'active' : 'suspended';
      if (row.status === status) return renderAccount(row);
      const at = now();
      this.s.setStatus.run(status, at, row.num);
      this.changes.record('account', id, 'upsert', at);
      return this.get(id);
    });
  }

  /** Replaces the password hash. Not a change of the account's representation, so no version bump or feed entry. */
  setPasswordHash(id: string, hash: string): void {
    const num = parseId('acc', id);
    if (num === undefined || this.s.setHash.run(hash, num).changes === 0) throw notFound('account', id);
  }

  /** The stored password hash (null when none was ever set), or 404. */
  passwordHash(id: string): string | null {
    const num = parseId('acc', id);
    if (num === undefined || !this.s.exists.get(num)) throw notFound('account', id);
    return this.s.getHash.get(num) as string | null;
  }

  /** Deletes an account: its reports lose their manager, its memberships go, each recorded in the feed. */
  delete(id: string): void {
    inTransaction(this.db, () => {
      const num = parseId('acc', id);
      if (num === undefined || !this.s.exists.get(num)) throw notFound('account', id);
      const at = now();
      const reports = this.s.reports.all(num) as number[];
      this.s.clearManager.run(at, num);
      for (const r of reports) this.changes.record('account', formatId('acc', r), 'upsert', at);
      const teams = this.s.teamsOf.all(num) as number[];
      this.s.dropMemberships.run(num);
      for (const t of teams) this.changes.record('membership', formatId('team', t), 'delete', at, id);
      this.s.delete.run(num);
      this.changes.record('account', id, 'delete', at);
    });
  }

  /** The row number of an existing account id (400 naming `field` otherwise). */
  existingNum(id: string, field: string): number {
    const num = parseId('acc', id);
    if (num === undefined || !this.s.exists.get(num))
      throw invalid(field, `${field} ${id} is not an existing account`, 'invalid_reference');
    return num;
  }

  /** The row number of a manager id, checked: it exists, and is neither the account itself nor one of its reports. */
  private managerNum(managerId: string | null, self: number | undefined): number | null {
    if (managerId === null) return null;
    const managerNum = this.existingNum(managerId, 'manager_id');
    if (self === undefined) return managerNum;
    for (
      let m: number | null = managerNum, steps = 0;
      m !== null;
      m = this.s.managerOf.get(m) as number | null, steps++
    ) {
      if (m === self || steps > MAX_CHAIN) {
        throw invalid('manager_id', 'manager_id would make the account its own (indirect) manager', 'manager_cycle');
      }
    }
    return managerNum;
  }

  private params(f: AccountFields, managerNum: number | null): Record<string, unknown> {
    const text = Object.fromEntries(TEXT_FIELDS.map((k) => [k, f[k]]));
    return {
      login: f.login,
      login_key: loginKey(f.login),
      ...text,
      expires_on: f.expires_on,
      manager_num: managerNum,
      emails: JSON.stringify(f.emails),
      phones: JSON.stringify(f.phones),
    };
  }
}

function duplicateLogin(login: string): ApiError {
  return new ApiError(
    409,
    'duplicate_login',
    `an account with login ${login} already exists (logins ignore case)`,
    'login',
  );
}
