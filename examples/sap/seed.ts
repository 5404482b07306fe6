// --seed N: N deterministic users USER000001 … written in one transaction (only into an empty database), so the
// benchmark and the import tests have thousands of users within a second.
import type { Db } from './db.ts';
import { now } from './db.ts';
import { compactFields } from './user-store.ts';

const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'David',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kemal',
  'Lena',
  'Marco',
  'Nora',
  'Omar',
  'Paula',
  'Quentin',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Anouk',
  'Bram',
  'Carmen',
  'Dmitri',
  'Eva',
  'Finn',
];
const LAST = [
  'Adams',
  'Berg',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jansen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Urban',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zimmermann',
];
const DEPARTMENTS = [
  'Sales',
  'Engineering',
  'Finance',
  'Human Resources',
  'Marketing',
  'Operations',
  'Support',
  'Legal',
];
const FUNCTIONS = [
  'Associate',
  'Specialist',
  'Analyst',
  'Engineer',
  'Consultant',
  'Coordinator',
  'Senior Specialist',
  'Team Lead',
];
const CITIES = ['Walldorf', 'Berlin', 'Chicago', 'Dublin', 'Lisbon', 'Madrid', 'Oslo', 'Paris', 'Seattle', 'Tokyo'];

/** The user name of seeded user n (1-based): USER000001 … (10 characters, so names sort in number order). */
export function seedName(n: number): string {
  return `USER${String(n).padStart(6, '0')}`;
}

/** The fields of seeded user n. */
export function seedUser(n: number): {
  address: Record<string, string>;
  logondata: Record<string, string>;
  company: string;
} {
  const first = FIRST[(n - 1) % FIRST.length];
  const last = LAST[Math.floor((n - 1) / FIRST.length) % LAST.length];
  const middle = n % 7 === 0 ? 'Maria' : '';
  return {
    address: {
      FIRSTNAME: first,
      MIDDLENAME: middle,
      LASTNAME: last,
      FULLNAME: [first, middle, last].filter(Boolean).join(' '),
      DEPARTMENT: DEPARTMENTS[n % DEPARTMENTS.length],
      FUNCTION: FUNCTIONS[n % FUNCTIONS.length],
      CITY: CITIES[n % CITIES.length],
      TEL1_NUMBR: `+49 6227 7${String(n % 100000).padStart(5, '0')}`,
      E_MAIL: `${first}.${last}.${n}@example.com`.toLowerCase(),
      LANGU_P: 'E',
      COUNTRY: 'DE',
    },
    // Most users never expire (9999-12-31); every 25th has no end date at all, every 100th has expired.
    logondata: {
      GLTGV: '2020-01-01',
      GLTGB: n % 100 === 0 ? '2024-06-30' : n % 25 === 0 ? '' : '9999-12-31',
      USTYP: 'A',
      CLASS: n % 10 === 0 ? 'ADMIN' : 'STAFF',
      TZONE: 'CET',
    },
    company: n % 3 === 0 ? 'Contoso Ltd' : 'Contoso GmbH',
  };
}

/** Inserts users 1..count when the database has no user; returns how many were written. */
export function seed(db: Db, count: number): number {
  const has = db.prepare('SELECT EXISTS (SELECT 1 FROM users)').pluck().get() as number;
  if (count <= 0 || has) return 0;
  const insert = db.prepare(
    `INSERT INTO users (bname, address, logondata, company, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const at = now();
  db.transaction(() => {
    for (let n = 1; n <= count; n++) {
      const u = seedUser(n);
      insert.run(
        seedName(n),
        JSON.stringify(compactFields(u.address)),
        JSON.stringify(compactFields(u.logondata)),
        u.company,
        at,
        at,
      );
    }
  })();
  return count;
}
