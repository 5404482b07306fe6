// Data access for the stand-in's users: one row per user name, structures kept as JSON of their non-empty fields.
import type Database from 'better-sqlite3';
import { type Db, now } from './db.ts';

/** A user as the stand-in keeps it. */
export interface SapUser {
  bname: string;
  /** BAPIADDR3 field → value (non-empty fields only). */
  address: Record<string, string>;
  /** BAPILOGOND field → value (non-empty fields only). */
  logondata: Record<string, string>;
  company: string;
  pwdHash: string | null;
  pwdState: 'initial' | 'productive' | null;
  createdAt: string;
  modifiedAt: string;
}

interface Row {
  bname: string;
  address: string;
  logondata: string;
  company: string;
  pwd_hash: string | null;
  pwd_state: 'initial' | 'productive' | null;
  created_at: string;
  modified_at: string;
}

const fromRow = (r: Row): SapUser => ({
  bname: r.bname,
  address: JSON.parse(r.address) as Record<string, string>,
  logondata: JSON.parse(r.logondata) as Record<string, string>,
  company: r.company,
  pwdHash: r.pwd_hash,
  pwdState: r.pwd_state,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

/** Only the fields that hold something (so the JSON stays small and "empty" has one form). */
export function compactFields(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== '' && v !== '0000-00-00' && v !== '00:00:00') out[k] = v;
  return out;
}

/** A condition on the user name, as SQL (the keyset and the other range options are pushed down). */
export interface NameCondition {
  sql: string;
  params: string[];
}

/** The users of the stand-in. */
export class UserStore {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly countStmt;
  private readonly listStmts = new Map<string, Database.Statement<string[], Row>>();

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM users WHERE bname = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO users (bname, address, logondata, company, pwd_hash, pwd_state, created_at, modified_at)
       VALUES (@bname, @address, @logondata, @company, @pwd_hash, @pwd_state, @created_at, @modified_at)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE users SET address = @address, logondata = @logondata, company = @company, pwd_hash = @pwd_hash, pwd_state = @pwd_state,
       modified_at = @modified_at WHERE bname = @bname`,
    );
    this.deleteStmt = db.prepare('DELETE FROM users WHERE bname = ?');
    this.countStmt = db.prepare('SELECT count(*) FROM users').pluck();
  }

  get(bname: string): SapUser | undefined {
    const r = this.getStmt.get(bname);
    return r ? fromRow(r) : undefined;
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  /** Inserts a new user; false when the name is taken. */
  insert(u: Omit<SapUser, 'createdAt' | 'modifiedAt'>): boolean {
    const at = now();
    try {
      this.insertStmt.run(this.row({ ...u, createdAt: at, modifiedAt: at }));
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw e;
    }
  }

  update(u: SapUser): void {
    this.updateStmt.run(this.row({ ...u, modifiedAt: now() }));
  }

  delete(bname: string): boolean {
    return this.deleteStmt.run(bname).changes > 0;
  }

  /**
   * Users in user name order whose name satisfies `names` and that `keep` accepts, at most `max` (0: all). The
   * walk follows the primary key, so a keyset page (USERNAME GT last) costs the same however deep it is.
   */
  list(names: NameCondition | undefined, keep: (u: SapUser) => boolean, max: number): SapUser[] {
    const sql = `SELECT * FROM users${names ? ` WHERE ${names.sql}` : ''} ORDER BY bname`;
    let stmt = this.listStmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<string[], Row>(sql);
      if (this.listStmts.size < 100) this.listStmts.set(sql, stmt);
    }
    const out: SapUser[] = [];
    for (const r of stmt.iterate(...(names?.params ?? []))) {
      const u = fromRow(r);
      if (!keep(u)) continue;
      out.push(u);
      if (max > 0 && out.length >= max) break;
    }
    return out;
  }

  /** Runs fn in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private row(u: SapUser): Row {
    return {
      bname: u.bname,
      address: JSON.stringify(compactFields(u.address)),
      logondata: JSON.stringify(compactFields(u.logondata)),
      company: u.company,
      pwd_hash: u.pwdHash,
      pwd_state: u.pwdState,
      created_at: u.createdAt,
      modified_at: u.modifiedAt,
    };
  }
}
