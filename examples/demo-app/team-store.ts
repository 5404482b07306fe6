// Teams and their members in SQLite, with the changes feed written in the same transaction as each change.
import type { AccountStore } from './account-store.ts';
import type { ChangeLog } from './changes.ts';
import { type Db, inTransaction, isUniqueViolation, now } from './db.ts';
import { ApiError, notFound } from './errors.ts';
import { formatId, parseId } from './ids.ts';
import type { TeamFields } from './validate.ts';

/** A team as the API shows it. */
export interface Team extends TeamFields {
  id: string;
  member_count: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A member as the API shows it. */
export interface Member {
  account_id: string;
  login: string;
}

/** A team row with its member count. */
export interface TeamRow {
  num: number;
  name: string;
  description: string | null;
  member_count: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A member row (num is the account's, the key members are paged on). */
export interface MemberRow {
  num: number;
  login: string;
}

const SELECT = `SELECT num, name, description, (SELECT COUNT(*) FROM members m WHERE m.team_num = t.num) AS member_count,
  created_at, updated_at, version FROM teams t`;

/** The team API's view of a row. */
export function renderTeam(r: TeamRow): Team {
  return {
    id: formatId('team', r.num),
    name: r.name,
    description: r.description,
    member_count: r.member_count,
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  };
}

/** The member API's view of a row. */
export function renderMember(r: MemberRow): Member {
  return { account_id: formatId('acc', r.num), login: r.login };
}

/** Reads and writes teams and memberships. */
export class TeamStore {
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly changes: ChangeLog,
    private readonly accounts: AccountStore,
  ) {
    this.s = {
      get: db.prepare(`${SELECT} WHERE num = ?`),
      exists: db.prepare('SELECT 1 FROM teams WHERE num = ?').pluck(),
      list: db.prepare(`${SELECT} WHERE num > ? ORDER BY num LIMIT ?`),
      listByName: db.prepare(`${SELECT} WHERE num > ? AND name_key = ? ORDER BY num LIMIT ?`),
      insert: db.prepare(
        'INSERT INTO teams (name, name_key, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ),
      update: db.prepare(
        'UPDATE teams SET name = ?, name_key = ?, description = ?, updated_at = ?, version = version + 1 WHERE num = ?',
      ),
      delete: db.prepare('DELETE FROM teams WHERE num = ?'),
      members: db.prepare(`SELECT m.account_num AS num, a.login FROM members m JOIN accounts a ON a.num = m.account_num
        WHERE m.team_num = ? AND m.account_num > ? ORDER BY m.account_num LIMIT ?`),
      addMember: db.prepare('INSERT OR IGNORE INTO members (team_num, account_num, added_at) VALUES (?, ?, ?)'),
      removeMember: db.prepare('DELETE FROM members WHERE team_num = ? AND account_num = ?'),
      login: db.prepare('SELECT login FROM accounts WHERE num = ?').pluck(),
    };
  }

  /** The team of an id, or 404. */
  get(id: string): Team {
    return renderTeam(this.row(id));
  }

  /** Up to `limit + 1` teams after `after`, optionally only the one named `name` (any case). */
  list(after: number, limit: number, name?: string): TeamRow[] {
    return (
      name === undefined
        ? this.s.list.all(after, limit + 1)
        : this.s.listByName.all(after, name.toLowerCase(), limit + 1)
    ) as TeamRow[];
  }

  /** Creates a team (409 when the name is taken in any case). */
  create(fields: TeamFields): Team {
    return inTransaction(this.db, () => {
      const at = now();
      let num: number;
      try {
        num = Number(
          this.s.insert.run(fields.name, fields.name.toLowerCase(), fields.description, at, at).lastInsertRowid,
        );
      } catch (e) {
        throw isUniqueViolation(e) ? duplicateName(fields.name) : e;
      }
      const id = formatId('team', num);
      this.changes.record('team', id, 'upsert', at);
      return this.get(id);
    });
  }

  /** Changes name and/or description (no version bump when nothing differs). */
  patch(id: string, fields: Partial<TeamFields>): Team {
    return inTransaction(this.db, () => {
      const current = this.row(id);
      const next = {
        name: fields.name ?? current.name,
        description: fields.description === undefined ? current.description : fields.description,
      };
      if (next.name === current.name && next.description === current.description) return renderTeam(current);
      const at = now();
      try {
        this.s.update.run(next.name, next.name.toLowerCase(), next.description, at, current.num);
      } catch (e) {
        throw isUniqueViolation(e) ? duplicateName(next.name) : e;
      }
      this.changes.record('team', id, 'upsert', at);
      return this.get(id);
    });
  }

  /** Deletes a team; its memberships go with it (the team's delete in the feed implies them). */
  delete(id: string): void {
    inTransaction(this.db, () => {
      const num = this.num(id);
      this.s.delete.run(num);
      this.changes.record('team', id, 'delete', now());
    });
  }

  /** Up to `limit + 1` members of a team after account number `after`, in account id order. */
  members(id: string, after: number, limit: number): MemberRow[] {
    return this.s.members.all(this.num(id), after, limit + 1) as MemberRow[];
  }

  /** Adds an account to a team; `added` is false when it already was a member (nothing changes then). */
  addMember(id: string, accountId: string): { added: boolean; member: Member } {
    return inTransaction(this.db, () => {
      const num = this.num(id);
      const accountNum = this.accounts.existingNum(accountId, 'account_id');
      const at = now();
      const added = this.s.addMember.run(num, accountNum, at).changes > 0;
      if (added) this.changes.record('membership', id, 'upsert', at, accountId);
      return { added, member: { account_id: accountId, login: this.s.login.get(accountNum) as string } };
    });
  }

  /** Removes an account from a team; removing a non-member (or an unknown account) is not an error. */
  removeMember(id: string, accountId: string): void {
    inTransaction(this.db, () => {
      const num = this.num(id);
      const accountNum = parseId('acc', accountId);
      if (accountNum !== undefined && this.s.removeMember.run(num, accountNum).changes > 0) {
        this.changes.record('membership', id, 'delete', now(), accountId);
      }
    });
  }

  private row(id: string): TeamRow {
    const num = parseId('team', id);
    const r = num === undefined ? undefined : (this.s.get.get(num) as TeamRow | undefined);
    if (!r) throw notFound('team', id);
    return r;
  }

  private num(id: string): number {
    const num = parseId('team', id);
    if (num === undefined || !this.s.exists.get(num)) throw notFound('team', id);
    return num;
  }
}

function duplicateName(name: string): ApiError {
  return new ApiError(409, 'duplicate_name', `a team named ${name} already exists (names ignore case)`, 'name');
}
