// People in SQLite: create, read, page, change attribute by attribute, passwords and the enabled flag.
import { randomUUID } from 'node:crypto';
import { type Db, isUniqueViolation, now } from './db.ts';
import { DirectoryError } from './directory-error.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import { bool, required, text } from './values.ts';

/** A person as the service returns it (absent attributes are left out). */
export interface Person {
  personId: string;
  accountName: string;
  displayName?: string;
  givenName?: string;
  surname?: string;
  mail?: string;
  phone?: string;
  title?: string;
  enabled: boolean;
  created: string;
  modified: string;
}

interface Row {
  seq: number;
  person_id: string;
  account_name: string;
  display_name: string | null;
  given_name: string | null;
  surname: string | null;
  mail: string | null;
  phone: string | null;
  title: string | null;
  enabled: number;
  password_hash: string | null;
  created: string;
  modified: string;
}

/** Writable text attributes: element name → column. accountName is required; enabled has SetEnabled. */
const TEXT_COLUMNS: Record<string, keyof Row> = {
  displayName: 'display_name',
  givenName: 'given_name',
  surname: 'surname',
  mail: 'mail',
  phone: 'phone',
  title: 'title',
};
const READ_ONLY = new Set(['personId', 'created', 'modified']);
const MAX_TEXT = 256;

/** The attributes ModifyPerson accepts. */
export const WRITABLE_PERSON_ATTRIBUTES = ['accountName', ...Object.keys(TEXT_COLUMNS)];

function toPerson(r: Row): Person {
  const p: Person = {
    personId: r.person_id,
    accountName: r.account_name,
    enabled: r.enabled === 1,
    created: r.created,
    modified: r.modified,
  };
  for (const [attr, col] of Object.entries(TEXT_COLUMNS)) {
    const v = r[col];
    if (v !== null) (p as unknown as Record<string, unknown>)[attr] = v;
  }
  return p;
}

function checked(name: string, v: string | undefined): string | undefined {
  if (v !== undefined && v.length > MAX_TEXT)
    throw new DirectoryError('InvalidValue', `${name} is longer than ${MAX_TEXT} characters`);
  if (name === 'mail' && v !== undefined && !/^[^@\s]+@[^@\s]+$/.test(v))
    throw new DirectoryError('InvalidValue', `mail "${v}" is not an e-mail address`);
  return v;
}

/** The people of the directory. */
export class PersonStore {
  constructor(private readonly db: Db) {}

  /** A person by id, or NoSuchPerson. */
  get(personId: unknown): Person {
    return toPerson(this.row(personId));
  }

  /** The internal row number of a person (for memberships), or NoSuchPerson. */
  seqOf(personId: unknown): number {
    return this.row(personId).seq;
  }

  /** One page after the token's position, and the token of the next page when there is one. */
  list(pageToken: string | undefined, pageSize: number): { people: Person[]; nextPageToken?: string } {
    const after = decodePageToken('people', pageToken);
    // One row more than asked tells whether another page follows, so the last page carries no token.
    const rows = this.db
      .prepare('SELECT * FROM people WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(after, pageSize + 1) as Row[];
    const more = rows.length > pageSize;
    const page = more ? rows.slice(0, pageSize) : rows;
    return {
      people: page.map(toPerson),
      ...(more ? { nextPageToken: encodePageToken('people', page[page.length - 1].seq) } : {}),
    };
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM people').pluck().get() as number;
  }

  /** Creates a person from the AddPerson structure; returns the new id. */
  add(input: Record<string, unknown>): string {
    if (text(input.personId) !== undefined)
      throw new DirectoryError('InvalidAttribute', 'personId is assigned by the service; leave it out');
    const accountName = checked('accountName', required(input.accountName, 'accountName'))!;
    const values: Record<string, string | number | null> = {};
    for (const [attr, col] of Object.entries(TEXT_COLUMNS)) values[col] = checked(attr, text(input[attr])) ?? null;
    // As in many directories, an account starts disabled: SetPassword, then SetEnabled, make it usable.
    if (bool(input.enabled, 'enabled') !== undefined)
      throw new DirectoryError('InvalidAttribute', 'people are created disabled; enable them with SetEnabled');
    const personId = randomUUID();
    const at = now();
    try {
      this.db
        .prepare(`INSERT INTO people (person_id, account_name, display_name, given_name, surname, mail, phone, title, enabled, created, modified)
          VALUES (@person_id, @account_name, @display_name, @given_name, @surname, @mail, @phone, @title, @enabled, @at, @at)`)
        .run({ ...values, person_id: personId, account_name: accountName, enabled: 0, at });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new DirectoryError('DuplicateName', `the account name "${accountName}" is already used`);
      throw e;
    }
    return personId;
  }

  /** Applies {attribute, value} changes in order, all or nothing; returns the person afterwards. */
  modify(personId: unknown, changes: { attribute: unknown; value?: unknown }[]): Person {
    return this.db.transaction(() => {
      const row = this.row(personId);
      const next: Row = { ...row };
      for (const c of changes) {
        const attr = required(c.attribute, 'attribute');
        const value = text(c.value);
        if (READ_ONLY.has(attr)) throw new DirectoryError('InvalidAttribute', `${attr} is read-only`, row.person_id);
        if (attr === 'enabled')
          throw new DirectoryError('InvalidAttribute', 'enabled has its own operation, SetEnabled', row.person_id);
        if (attr === 'accountName') next.account_name = checked(attr, required(value, 'accountName'))!;
        else if (TEXT_COLUMNS[attr])
          (next as unknown as Record<string, unknown>)[TEXT_COLUMNS[attr]] = checked(attr, value) ?? null;
        else
          throw new DirectoryError(
            'InvalidAttribute',
            `"${attr}" is not an attribute of a person (writable: ${WRITABLE_PERSON_ATTRIBUTES.join(', ')})`,
            row.person_id,
          );
      }
      next.modified = now();
      try {
        this.db
          .prepare(`UPDATE people SET account_name = @account_name, display_name = @display_name, given_name = @given_name, surname = @surname,
            mail = @mail, phone = @phone, title = @title, enabled = @enabled, modified = @modified WHERE seq = @seq`)
          .run(next);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new DirectoryError(
            'DuplicateName',
            `the account name "${next.account_name}" is already used`,
            row.person_id,
          );
        throw e;
      }
      return toPerson(next);
    })();
  }

  remove(personId: unknown): void {
    const row = this.row(personId);
    this.db.prepare('DELETE FROM people WHERE seq = ?').run(row.seq);
  }

  setEnabled(personId: unknown, enabled: boolean): void {
    const row = this.row(personId);
    this.db.prepare('UPDATE people SET enabled = ?, modified = ? WHERE seq = ?').run(enabled ? 1 : 0, now(), row.seq);
  }

  setPasswordHash(personId: unknown, hash: string): void {
    const row = this.row(personId);
    this.db.prepare('UPDATE people SET password_hash = ?, modified = ? WHERE seq = ?').run(hash, now(), row.seq);
  }

  /** The stored hash and enabled flag, for VerifyPassword. */
  credentials(personId: unknown): { hash: string | null; enabled: boolean } {
    const row = this.row(personId);
    return { hash: row.password_hash, enabled: row.enabled === 1 };
  }

  private row(personId: unknown): Row {
    const id = required(personId, 'personId');
    const r = this.db.prepare('SELECT * FROM people WHERE person_id = ?').get(id) as Row | undefined;
    if (!r) throw new DirectoryError('NoSuchPerson', `no person has the id "${id}"`, id);
    return r;
  }
}
