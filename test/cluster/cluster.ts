// Several real `ferry serve` processes on one PostgreSQL schema, with the demo application behind them and a
// round-robin proxy in front: what the cluster tests start.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { KEY } from '../../examples/demo-app/test-server.ts';
import { startDemoApp, DEMO_CONFIG_FILE, type DemoApp } from '../helpers/demo-app.ts';
import { dropSchema, requirePostgres, TEST_DATABASE_URL, testSchemaName } from '../../src/test-support/postgres.ts';
import { startProxy, type RoundRobinProxy } from './round-robin-proxy.ts';

const BIN = fileURLToPath(new URL('../../bin/ferry.mjs', import.meta.url));
const PROJECT = fileURLToPath(new URL('../../examples/demo-app/acme-project.yaml', import.meta.url));

/** The SCIM and admin tokens of the cluster's hosts. */
export const CLUSTER_TOKEN = 'cluster-test-token-0123456789';

/** One `ferry serve` process. */
export interface ClusterHost {
  url: string;
  process: ChildProcess;
  /** What it wrote to stderr and stdout so far. */
  output(): string;
}

/** A running cluster. */
export interface Cluster {
  schema: string;
  app: DemoApp;
  hosts: ClusterHost[];
  proxy: RoundRobinProxy;
  /** The SCIM base of SCIMAPP through the proxy. */
  scim: string;
  /** Starts one more host (same configuration). */
  addHost(): Promise<ClusterHost>;
  /** kill -9 of a host; the proxy skips it from then on. */
  kill(host: ClusterHost): void;
  stop(): Promise<void>;
}

/** Options of a cluster. */
export interface ClusterOptions {
  hosts: number;
  /** Arguments of the demo app (e.g. --seed N). */
  appArgs?: string[];
  /** Settings merged into SCIMAPP's connector configuration (e.g. pageSize). */
  connector?: Record<string, unknown>;
  /** More environment for the hosts. */
  env?: Record<string, string>;
}

/** Starts the demo app, n hosts on a fresh schema, and the proxy in front of them. */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  await requirePostgres();
  const schema = testSchemaName();
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cluster-'));
  const app = await startDemoApp({ args: opts.appArgs });
  const demo = parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as { connectors: Record<string, unknown>[] };
  const scimapp = demo.connectors.find((c) => c.name === 'SCIMAPP') as Record<string, unknown>;
  const config = {
    host: {
      listen: { host: '127.0.0.1', port: 0 },
      http: true,
      adminToken: '${env:FERRY_ADMIN_TOKEN}',
      log: { level: 'warn' },
      store: { kind: 'postgres', url: '${env:FERRY_DATABASE_URL}', schema },
    },
    connectors: [
      {
        ...scimapp,
        autosyncMinutes: undefined,
        connectivity: { ...(scimapp.connectivity as object), project: PROJECT },
        ...opts.connector,
      },
    ],
  };
  const env = {
    ...process.env,
    FERRY_DATABASE_URL: TEST_DATABASE_URL,
    FERRY_DEMO_TOKEN: CLUSTER_TOKEN,
    FERRY_ADMIN_TOKEN: CLUSTER_TOKEN,
    FERRY_DEMO_APP_URL: app.app.url,
    FERRY_DEMO_APP_KEY: KEY,
    FERRY_LEASE_POLL_MS: '1000',
    ...opts.env,
  };
  const hosts: ClusterHost[] = [];
  let n = 0;
  const addHost = async (): Promise<ClusterHost> => {
    const i = n++;
    const file = join(dir, `host${i}.yaml`);
    writeFileSync(file, stringify({ ...config, host: { ...config.host, dataDir: join(dir, `data${i}`) } }));
    const h = await spawnHost(file, env);
    hosts.push(h);
    return h;
  };
  for (let i = 0; i < opts.hosts; i++) await addHost();
  const proxy = await startProxy(hosts.map((h) => h.url));
  return {
    schema,
    app,
    hosts,
    proxy,
    scim: `${proxy.url}/connectors/SCIMAPP/scim`,
    addHost: async () => {
      const h = await addHost();
      proxy.setTargets(hosts.filter((x) => x.process.exitCode === null && !x.process.killed).map((x) => x.url));
      return h;
    },
    kill: (h) => {
      h.process.kill('SIGKILL');
    },
    stop: async () => {
      await proxy.close();
      await Promise.all(
        hosts.map(
          (h) =>
            new Promise<void>((r) => {
              if (h.process.exitCode !== null || h.process.signalCode !== null) return r();
              h.process.once('exit', () => r());
              h.process.kill('SIGTERM');
              setTimeout(() => h.process.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
      await app.stop();
      await dropSchema(schema).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Spawns `ferry serve` and waits for the line with its URL. */
function spawnHost(file: string, env: NodeJS.ProcessEnv): Promise<ClusterHost> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--config', file], { env });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ferry serve did not start in 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /Ferry is listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], process: child, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ferry serve exited (${code}):\n${out}`));
    });
  });
}

/** A SCIM answer with its body parsed (undefined when it is not JSON). */
export interface ScimAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary bodies
  json: any;
}

/** A SCIM call with the cluster's token; the body parsed when it is JSON. */
export async function scim(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ScimAnswer> {
  const r = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${CLUSTER_TOKEN}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: ScimAnswer['json'];
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, json };
}

/** A SCIM core User body. */
export function user(userName: string): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    name: { givenName: 'Clu', familyName: 'Ster' },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
  };
}
