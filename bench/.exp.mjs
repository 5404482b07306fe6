import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
const V = process.env.V ?? 'base';
const f = `/tmp/sqlx/t-${process.pid}.db`;
const db = new Database(f);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma(`cache_size = -${process.env.CACHE ?? 4096}`); db.pragma('wal_autocheckpoint = ' + (process.env.CKPT ?? 4000)); db.pragma('temp_store = MEMORY');
if (process.env.PAGE) db.pragma(`page_size = ${process.env.PAGE}`);
db.exec(`CREATE TABLE objects (id INTEGER PRIMARY KEY, space INTEGER NOT NULL, anchor TEXT NOT NULL, dn TEXT NOT NULL, attributes TEXT NOT NULL, version INTEGER NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, generation INTEGER NOT NULL, UNIQUE (space, anchor));
CREATE TABLE attr_index (space INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, object INTEGER NOT NULL, PRIMARY KEY (space, name, value, object)) WITHOUT ROWID;`);
const N = 100000, P = Number(process.env.P ?? 500), C = Number(process.env.C ?? 50);
const login = process.env.ORD ? (n) => `user${n}` : (n) => `user${(n * 2654435761) % 4294967291}`;
const objSt = new Map();
const objs = (n) => { let s = objSt.get(n); if (!s) { s = db.prepare(`INSERT INTO objects (space, anchor, dn, attributes, version, created, modified, generation) VALUES ${Array.from({length:n},()=>'(?, ?, ?, ?, 1, ?, ?, ?)').join(', ')} ON CONFLICT (space, anchor) DO NOTHING ${V==='noret'?'':'RETURNING id, anchor'}`); objSt.set(n, s);} return s; };
const idxSt = new Map();
const idx = (n) => { let s = idxSt.get(n); if (!s) { s = db.prepare(`INSERT OR IGNORE INTO attr_index (space, name, value, object) VALUES ${Array.from({length:n},()=>'(?, ?, ?, ?)').join(', ')}`); idxSt.set(n, s);} return s; };
const tx = db.transaction((fn) => fn());
let id = 0; const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let p = 0; p < N / P; p++) {
  tx(() => {
    const now = new Date().toISOString();
    for (let from = p * P; from < (p + 1) * P; from += C) {
      const params = []; const ip = [];
      for (let n = from; n < from + C; n++) {
        const l = login(n); const a = `acc_${String(n).padStart(6, '0')}`;
        params.push(1, a, `CN=${a},OBJECT=USER`, JSON.stringify({active:true,email:`${l}@acme.example`,firstName:`F${n}`,id:a,lastName:`L${n}`,userName:l}), now, now, 1);
        id++;
        if (V !== 'noidx') ip.push(1, 'userName', l, id, 1, 'email', `${l}@acme.example`, id);
      }
      if (V === 'noret') objs(C).run(params); else objs(C).all(params);
      if (ip.length) idx(ip.length / 4).run(ip);
    }
  });
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0); console.log('cpu', Math.round((cpu.user+cpu.system)/1000), 'user', Math.round(cpu.user/1000), 'C', C, V, process.env.PAGE ?? 4096, 'cache', process.env.CACHE ?? 4096, Math.round(ms), 'ms');
db.close(); rmSync(f, {force:true}); rmSync(f+'-wal',{force:true}); rmSync(f+'-shm',{force:true});
