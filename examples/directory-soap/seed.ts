// --seed N: N deterministic people (person1 … personN) written in one transaction on an empty directory, with
// ids derived from the number so two seeded directories agree.
import { createHash } from 'node:crypto';
import { type Db, now } from './db.ts';

const GIVEN = [
  'Aiko',
  'Bjorn',
  'Camila',
  'Dario',
  'Esi',
  'Fatima',
  'Goran',
  'Hana',
  'Ivan',
  'Jun',
  'Kofi',
  'Leila',
  'Mateo',
  'Nia',
  'Olga',
  'Pedro',
];
const SURNAMES = [
  'Abe',
  'Brandt',
  'Cruz',
  'Diallo',
  'Ek',
  'Fontaine',
  'Gupta',
  'Holm',
  'Ivanova',
  'Jung',
  'Kim',
  'Lopez',
  'Mensah',
  'Novak',
  'Ortiz',
];
const TITLES = [
  'Analyst',
  'Engineer',
  'Designer',
  'Accountant',
  'Recruiter',
  'Support Agent',
  'Product Owner',
  'Architect',
];

/** A GUID-shaped id derived from n (stable across runs). */
export function seedPersonId(n: number): string {
  const h = createHash('sha256').update(`contoso-person-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The seeded attributes of person n (1-based), as the service returns them. */
export function seedPerson(n: number): {
  personId: string;
  accountName: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  phone: string;
  title: string;
  enabled: boolean;
} {
  const givenName = GIVEN[(n - 1) % GIVEN.length];
  const surname = SURNAMES[Math.floor((n - 1) / GIVEN.length) % SURNAMES.length];
  return {
    personId: seedPersonId(n),
    accountName: `person${n}`,
    displayName: `${givenName} ${surname}`,
    givenName,
    surname,
    mail: `person${n}@contoso.example`,
    phone: `+1 425 555 ${String(n % 10_000).padStart(4, '0')}`,
    title: TITLES[n % TITLES.length],
    // A few disabled people, as any real directory has.
    enabled: n % 50 !== 0,
  };
}

/** Inserts people 1..count when the directory never had anyone; returns how many were written. */
export function seed(db: Db, count: number): number {
  const used = db
    .prepare("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'people'), 0)")
    .pluck()
    .get() as number;
  if (count <= 0 || used > 0) return 0;
  const insert =
    db.prepare(`INSERT INTO people (seq, person_id, account_name, display_name, given_name, surname, mail, phone, title, enabled, created, modified)
    VALUES (@seq, @personId, @accountName, @displayName, @givenName, @surname, @mail, @phone, @title, @enabled, @at, @at)`);
  const at = now();
  db.transaction(() => {
    for (let n = 1; n <= count; n++) {
      const p = seedPerson(n);
      insert.run({ ...p, seq: n, enabled: p.enabled ? 1 : 0, at });
    }
  })();
  return count;
}
