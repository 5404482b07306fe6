// Ferry's own import pipeline without HTTP: the Acme project's fullImport flow over canned pages (each parsed from
// JSON text as a response would be), the import engine, and the SQLite connector space. Shows what the host
// spends per object apart from the network, and how the space copes with logins in random order (real
// directories) as well as in id order (the demo app's seed).
//   node --import tsx bench/import-pipeline.ts        STORE=writer|main|none  LOGINS=random|ordered  USERS=100000
// The last line is one JSON object.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { ObjectTypeRuntime } from '../src/sync/object-type.ts';
import type { SpaceStore } from '../src/space/store.ts';
import { ImportEngine } from '../src/sync/import-engine.ts';
import { SqliteSpaceStore } from '../src/space/sqlite-store.ts';
import { loadProject } from '../src/webservice/project/load-project.ts';
import type { ServiceCaller } from '../src/webservice/flow/service-caller.ts';
import { WebServiceConnector } from '../src/webservice/web-service-connector.ts';

const STORE = process.env.STORE ?? 'writer';
const LOGINS = process.env.LOGINS ?? 'random';
const USERS = Number(process.env.USERS ?? 100_000);
const PAGE = 500;

/** A login for account n: in id order, or scattered (a multiplicative permutation of the numbers). */
const login = (n: number) => (LOGINS === 'ordered' ? `user${n}` : `user${(n * 2654435761) % 4294967291}`);

function pageText(p: number): string {
  const data = [];
  for (let n = p * PAGE; n < Math.min((p + 1) * PAGE, USERS); n++) {
    const l = login(n);
    data.push({
      id: `acc_${String(n).padStart(6, '0')}`,
      login: l,
      first_name: `F${n}`,
      last_name: `L${n}`,
      display_name: `D${n}`,
      status: 'active',
      emails: [{ kind: 'work', address: `${l}@acme.example` }],
      phones: [],
    });
  }
  return JSON.stringify({ data });
}

const pages = Array.from({ length: Math.ceil(USERS / PAGE) }, (_, p) => pageText(p));
const caller: ServiceCaller = {
  request: async () => ({ status: 200, headers: {}, body: { seq: 1 } }),
  async *paginate() {
    for (const text of pages) {
      const body = JSON.parse(text) as { data: unknown[] };
      yield { response: { status: 200, headers: {}, body }, records: body.data };
    }
  },
  close: async () => undefined,
};
const none: Pick<SpaceStore, 'beginFullImport' | 'upsertPage' | 'countStale' | 'finishFullImport' | 'setWatermark'> = {
  beginFullImport: async () => '1',
  upsertPage: async (_c, _t, _g, rows) => ({ added: rows.length, updated: 0, unchanged: 0 }),
  countStale: async () => 0,
  finishFullImport: async () => 0,
  setWatermark: async () => undefined,
};

const dir = join(tmpdir(), `ferry-bench-pipeline-${process.pid}`);
const store = STORE === 'none' ? (none as SpaceStore) : SqliteSpaceStore.open(join(dir, 'space.db'));
if (store instanceof SqliteSpaceStore) {
  if (STORE === 'writer') store.useWriterThread();
  await store.configureIndex('BENCH', 'User', ['id', 'userName', 'email']);
}
const connector = new WebServiceConnector({
  loaded: loadProject(new URL('../examples/demo-app/acme-project.yaml', import.meta.url).pathname),
  parameters: { apiKey: 'unused' },
  exportType: 'ObjectReplace',
  logger: pino({ level: 'silent' }),
  openCaller: () => caller,
});
await connector.open();
const [definition] = await connector.schema();
const names = ['id', 'userName', 'firstName', 'lastName', 'email', 'active'];
const rt: ObjectTypeRuntime = {
  name: 'User',
  anchor: 'id',
  dnTemplate: 'CN={anchor},OBJECT=USER',
  definition,
  selected: new Map(names.map((n) => [n, definition.attributes.find((a) => a.name === n)!])),
  anchorGenerated: true,
};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const report = await new ImportEngine('BENCH', connector, store, PAGE).run('full', [rt]);
const cpu = process.cpuUsage(cpu0);
const ms = Math.round(performance.now() - t0);
await connector.close();
await store.close?.();
rmSync(dir, { recursive: true, force: true });
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
console.log(
  `${report.types[0].objects} objects (${LOGINS} logins, store ${STORE}) in ${ms} ms, CPU ${cpuMs} ms (all threads)`,
);
console.log(
  JSON.stringify({
    store: STORE,
    logins: LOGINS,
    objects: report.types[0].objects,
    ms,
    cpuMs,
    usPerObject: Math.round((ms * 1000) / USERS),
  }),
);
