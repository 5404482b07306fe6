// --seed N: N deterministic accounts (user1 … userN) written in one transaction, so a 100,000-account import
// benchmark has data within seconds. Accounts 1..10 are managers; everyone else reports to one of them.
import { loginKey } from './account-store.ts';
import { type Db, now } from './db.ts';
import { formatId } from './ids.ts';

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
const TITLES = [
  'Associate',
  'Specialist',
  'Analyst',
  'Engineer',
  'Consultant',
  'Coordinator',
  'Senior Specialist',
  'Team Lead',
];
const CITIES = ['Amsterdam', 'Berlin', 'Chicago', 'Dublin', 'Lisbon', 'Madrid', 'Oslo', 'Paris', 'Seattle', 'Tokyo'];
/** How many of the first seeded accounts are managers. */
export const SEED_MANAGERS = 10;

/** The seeded fields of account n (1-based), as inserted. */
export function seedAccount(n: number): Record<string, string | number | null> {
  const managers = SEED_MANAGERS;
  const isManager = n <= managers;
  const manager = isManager ? null : ((n - 1) % managers) + 1;
  const first = FIRST[(n - 1) % FIRST.length];
  const last = LAST[Math.floor((n - 1) / FIRST.length) % LAST.length];
  const login = `user${n}`;
  return {
    num: n,
    login,
    login_key: loginKey(login),
    first_name: first,
    last_name: last,
    display_name: `${first} ${last}`,
    // Reports work in their manager's department.
    department: DEPARTMENTS[((manager ?? n) - 1) % DEPARTMENTS.length],
    job_title: isManager ? 'Department Manager' : TITLES[n % TITLES.length],
    employee_no: `E${String(n).padStart(6, '0')}`,
    city: CITIES[n % CITIES.length],
    company: 'Acme Corp',
    expires_on: n % 50 === 0 ? '2030-06-30' : null,
    manager_num: manager,
    emails: JSON.stringify([
      { kind: 'work', address: `${login}@acme.example` },
      { kind: 'home', address: `${first}.${last}.${n}@mail.example`.toLowerCase() },
    ]),
    phones: JSON.stringify([
      { kind: 'office', number: `+1 555 01${String(n % 100).padStart(2, '0')}` },
      { kind: 'mobile', number: `+1 555 ${String(n % 1_000_000).padStart(6, '0')}` },
    ]),
    // A few suspended accounts, as any real directory has.
    status: n % 100 === 0 ? 'suspended' : 'active',
  };
}

/**
 * Inserts accounts 1..count (ids acc_000001 …) when no account was ever created; returns how many were written
 * (0 when the database already had accounts, so restarting with the same --seed is harmless).
 */
export function seed(db: Db, count: number): number {
  const used = db
    .prepare("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'accounts'), 0)")
    .pluck()
    .get() as number;
  if (count <= 0 || used > 0) return 0;
  const insert =
    db.prepare(`INSERT INTO accounts (num, login, login_key, first_name, last_name, display_name, department, job_title, employee_no, city,
    company, expires_on, manager_num, emails, phones, status, created_at, updated_at)
    VALUES (@num, @login, @login_key, @first_name, @last_name, @display_name, @department, @job_title, @employee_no, @city, @company, @expires_on,
    @manager_num, @emails, @phones, @status, @at, @at)`);
  const change = db.prepare("INSERT INTO changes (type, id, op, at) VALUES ('account', ?, 'upsert', ?)");
  const at = now();
  db.transaction(() => {
    // Managers come first, so every manager_num already exists when a report is inserted.
    for (let n = 1; n <= count; n++) {
      insert.run({ ...seedAccount(n), at });
      change.run(formatId('acc', n), at);
    }
  })();
  return count;
}
