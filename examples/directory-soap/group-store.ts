// Groups in SQLite, with their members (people, by personId); memberships go when either side is removed.
import { randomUUID } from 'node:crypto';
import { type Db, isUniqueViolation, now } from './db.ts';
import { DirectoryError } from './directory-error.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import type { PersonStore } from './person-store.ts';
import { items, required, text } from './values.ts';

/** A group as the service returns it. */
export interface Group {
  groupId: string;
  name: string;
  description?: string;
  members: { personId: string[] };
}

interface Row {
  seq: number;
  group_id: string;
  name: string;
  description: string | null;
}

/** The groups of the directory. */
export class GroupStore {
  constructor(
    private readonly db: Db,
    private readonly people: PersonStore,
  ) {}

  get(groupId: unknown): Group {
    return this.toGroup(this.row(groupId));
  }

  list(pageToken: string | undefined, pageSize: number): { groups: Group[]; nextPageToken?: string } {
    const after = decodePageToken('groups', pageToken);
    const rows = this.db
      .prepare('SELECT * FROM groups WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(after, pageSize + 1) as Row[];
    const more = rows.length > pageSize;
    const page = more ? rows.slice(0, pageSize) : rows;
    return {
      groups: page.map((r) => this.toGroup(r)),
      ...(more ? { nextPageToken: encodePageToken('groups', page[page.length - 1].seq) } : {}),
    };
  }

  /** Creates a group (and its members, which must exist); returns the new id. */
  add(input: Record<string, unknown>): string {
    if (text(input.groupId) !== undefined)
      throw new DirectoryError('InvalidAttribute', 'groupId is assigned by the service; leave it out');
    const name = required(input.name, 'name');
    const memberIds = items((input.members as Record<string, unknown> | undefined)?.personId);
    const groupId = randomUUID();
    return this.db.transaction(() => {
      const seqs = memberIds.map((m) => this.people.seqOf(m));
      const at = now();
      try {
        const r = this.db
          .prepare('INSERT INTO groups (group_id, name, description, created, modified) VALUES (?, ?, ?, ?, ?)')
          .run(groupId, name, text(input.description) ?? null, at, at);
        const ins = this.db.prepare('INSERT OR IGNORE INTO members (group_seq, person_seq) VALUES (?, ?)');
        for (const s of seqs) ins.run(r.lastInsertRowid, s);
      } catch (e) {
        if (isUniqueViolation(e)) throw new DirectoryError('DuplicateName', `the group name "${name}" is already used`);
        throw e;
      }
      return groupId;
    })();
  }

  /** Applies name/description changes, as ModifyPerson does for people. */
  modify(groupId: unknown, changes: { attribute: unknown; value?: unknown }[]): Group {
    return this.db.transaction(() => {
      const row = { ...this.row(groupId) };
      for (const c of changes) {
        const attr = required(c.attribute, 'attribute');
        if (attr === 'name') row.name = required(c.value, 'name');
        else if (attr === 'description') row.description = text(c.value) ?? null;
        else
          throw new DirectoryError(
            'InvalidAttribute',
            `"${attr}" is not a writable attribute of a group (writable: name, description; members have AddMember and RemoveMember)`,
            row.group_id,
          );
      }
      try {
        this.db
          .prepare('UPDATE groups SET name = ?, description = ?, modified = ? WHERE seq = ?')
          .run(row.name, row.description, now(), row.seq);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new DirectoryError('DuplicateName', `the group name "${row.name}" is already used`, row.group_id);
        throw e;
      }
      return this.toGroup(row);
    })();
  }

  remove(groupId: unknown): void {
    this.db.prepare('DELETE FROM groups WHERE seq = ?').run(this.row(groupId).seq);
  }

  addMember(groupId: unknown, personId: unknown): void {
    const g = this.row(groupId);
    this.db
      .prepare('INSERT OR IGNORE INTO members (group_seq, person_seq) VALUES (?, ?)')
      .run(g.seq, this.people.seqOf(personId));
  }

  removeMember(groupId: unknown, personId: unknown): void {
    const g = this.row(groupId);
    // A person who no longer exists is no longer a member: removing them is done already.
    const p = this.db
      .prepare('SELECT seq FROM people WHERE person_id = ?')
      .pluck()
      .get(required(personId, 'personId')) as number | undefined;
    if (p !== undefined) this.db.prepare('DELETE FROM members WHERE group_seq = ? AND person_seq = ?').run(g.seq, p);
  }

  private toGroup(r: Row): Group {
    const members = this.db
      .prepare(
        'SELECT p.person_id FROM members m JOIN people p ON p.seq = m.person_seq WHERE m.group_seq = ? ORDER BY p.seq',
      )
      .pluck()
      .all(r.seq) as string[];
    return {
      groupId: r.group_id,
      name: r.name,
      ...(r.description !== null ? { description: r.description } : {}),
      members: { personId: members },
    };
  }

  private row(groupId: unknown): Row {
    const id = required(groupId, 'groupId');
    const r = this.db.prepare('SELECT seq, group_id, name, description FROM groups WHERE group_id = ?').get(id) as
      | Row
      | undefined;
    if (!r) throw new DirectoryError('NoSuchGroup', `no group has the id "${id}"`, id);
    return r;
  }
}
