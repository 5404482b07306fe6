// A new database's contents: the seeded responsibilities every E-Business Suite instance has (a few of them), the
// SYSADMIN user, and N sample users with some responsibilities, made in one transaction.
import { type Db, now } from './db.ts';

/** The responsibilities of the stand-in: [id, application, key, name]. */
export const RESPONSIBILITIES: [number, string, string, string][] = [
  [20420, 'SYSADMIN', 'SYSTEM_ADMINISTRATOR', 'System Administrator'],
  [20872, 'FND', 'UMX', 'User Management'],
  [50553, 'SQLGL', 'GENERAL_LEDGER_SUPER_USER', 'General Ledger Super User'],
  [50554, 'SQLAP', 'PAYABLES_MANAGER', 'Payables Manager'],
  [50555, 'PO', 'PURCHASING_SUPER_USER', 'Purchasing Super User'],
  [50556, 'AR', 'RECEIVABLES_MANAGER', 'Receivables Manager'],
  [50557, 'PER', 'US_HRMS_MANAGER', 'US HRMS Manager'],
  [50558, 'ICX', 'PREFERENCES', 'Preferences SSWA'],
];

/** Seeds an empty database; returns how many users it made (0 when it already had users). */
export function seed(db: Db, users: number): number {
  const has = db.prepare('SELECT count(*) AS n FROM fnd_user').get() as { n: number };
  if (has.n > 0) return 0;
  const t = now();
  const addResp = db.prepare(
    'INSERT OR IGNORE INTO fnd_responsibility (responsibility_id, application_short_name, responsibility_key, responsibility_name, description) VALUES (?, ?, ?, ?, ?)',
  );
  const addUser = db.prepare(
    `INSERT INTO fnd_user (user_name, description, email_address, start_date, created_by, creation_date, last_update_date)
     VALUES (?, ?, ?, ?, 'SEED', ?, ?)`,
  );
  const assign = db.prepare(
    `INSERT INTO fnd_user_resp_groups (user_id, responsibility_id, security_group, start_date) VALUES (?, ?, 'STANDARD', ?)`,
  );
  db.transaction(() => {
    for (const [id, app, key, name] of RESPONSIBILITIES) addResp.run(id, app, key, name, `${name} (seeded)`);
    const sys = addUser.run('SYSADMIN', 'System Administrator', 'sysadmin@example.com', t, t, t).lastInsertRowid;
    assign.run(sys, 20420, t);
    for (let i = 1; i <= users; i++) {
      const name = `USER${String(i).padStart(6, '0')}`;
      const id = addUser.run(name, `Sample User ${i}`, `user${i}@example.com`, t, t, t).lastInsertRowid;
      // Everyone has Preferences; every fifth user works in the General Ledger.
      assign.run(id, 50558, t);
      if (i % 5 === 0) assign.run(id, 50553, t);
    }
  })();
  return users + 1;
}
