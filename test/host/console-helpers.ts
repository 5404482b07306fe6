// A host started from a configuration file in a temporary folder (so that reload and the config editor have a file
// to read and write), over TLS with its generated certificate, and a small client of its console API that keeps
// the session cookie and CSRF token as a browser would.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Agent, fetch as undiciFetch } from 'undici';
import { loadCheckedHostConfig } from '../../src/host/check-setup.ts';
import { Host } from '../../src/host/host.ts';
import { createLogger } from '../../src/host/logger.ts';

/** The admin, read-only and connector tokens of console test hosts. */
export const ADMIN = 'console-admin-token-0123456789';
export const READONLY = 'console-readonly-token-0123456789';
export const HR_TOKEN = 'hr-connector-token-0123456789';

/** A configuration with one memory connector, comments included (the editor must keep them). */
export const CONFIG = `# Console test host
host:
  adminToken: "\${env:FERRY_ADMIN_TOKEN}"
  adminReadOnlyToken: "\${env:FERRY_READONLY_TOKEN}"
  dataDir: data
  hostName: localhost

connectors:
  # The HR application (kept in memory)
  - name: HR
    kind: memory
    secretToken: "\${env:HR_TOKEN}"
    pageSize: 500 # a comment beside a value
    objectTypes:
      - name: User
        anchor: userName
        attributes: [userName, email]
    memory:
      objectTypes:
        - name: User
          anchor: userName
          attributes:
            - { name: userName, required: true, unique: true }
            - { name: email }
`;

/**
 * Where the generated certificate of the first console test host is kept for the next ones: making an RSA key
 * costs a second or two on a busy machine, and every test file starts a host. The host reuses it as it would its
 * own (it names localhost and is valid for two years).
 */
const CERT_CACHE = join(tmpdir(), `ferry-console-test-cert-${process.getuid?.() ?? 0}`);
const PAIR = ['ferry-cert.pem', 'ferry-key.pem'];

function reuseTestCertificate(tlsDir: string): void {
  if (!PAIR.every((f) => existsSync(join(CERT_CACHE, f)))) return;
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  for (const f of PAIR) copyFileSync(join(CERT_CACHE, f), join(tlsDir, f));
}

function keepTestCertificate(tlsDir: string): void {
  if (PAIR.every((f) => existsSync(join(CERT_CACHE, f)))) return;
  mkdirSync(CERT_CACHE, { recursive: true, mode: 0o700 });
  // Beside the cache and renamed into it, so that a file running at the same time never copies half a pair.
  const temp = mkdtempSync(`${CERT_CACHE}-`);
  for (const f of PAIR) copyFileSync(join(tlsDir, f), join(temp, f));
  for (const f of PAIR) renameSync(join(temp, f), join(CERT_CACHE, f));
  rmSync(temp, { recursive: true, force: true });
}

/** A running console test host. */
export interface ConsoleHost {
  host: Host;
  dir: string;
  file: string;
  base: string;
  logs: () => string;
  dispatcher: Agent;
  stop(): Promise<void>;
}

/** Starts a host from CONFIG (or `text`) written into a temporary folder, with more files beside it. */
export async function startConsoleHost(text = CONFIG, files: Record<string, string> = {}): Promise<ConsoleHost> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-console-'));
  const file = join(dir, 'ferry.yaml');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  reuseTestCertificate(join(dir, 'data', 'tls'));
  const env = { ...process.env, FERRY_ADMIN_TOKEN: ADMIN, FERRY_READONLY_TOKEN: READONLY, HR_TOKEN };
  const { config } = await loadCheckedHostConfig(file, env);
  const adjust = (c: typeof config) => {
    c.host.listen = { host: '127.0.0.1', port: 0 };
  };
  adjust(config);
  let buf = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      buf += chunk.toString();
      cb();
    },
  });
  const host = await Host.start(config, {
    logger: createLogger('info', sink),
    awaitInitialImport: true,
    origin: { file, env, adjust },
  });
  keepTestCertificate(join(dir, 'data', 'tls'));
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  return {
    host,
    dir,
    file,
    base: host.baseUrl.replace('localhost', '127.0.0.1'),
    logs: () => buf,
    dispatcher,
    stop: async () => {
      await host.stop(1000);
      await dispatcher.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An answer read as JSON (or text). */
export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers of many shapes
  body: any;
}

/** A browser-like client of the console API: keeps the cookie, sends the CSRF token on changes. */
export class ConsoleClient {
  cookie = '';
  csrf = '';

  constructor(private readonly h: ConsoleHost) {}

  /** Signs in with a token; returns the answer. */
  async signIn(token: string): Promise<Answer> {
    const r = await this.req('POST', '/console/api/session', { token }, { csrf: false });
    const set = r.headers.get('set-cookie');
    if (r.status === 200 && set) this.cookie = set.split(';')[0];
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }

  /** A request under the host; `csrf: false` leaves the CSRF header out. */
  async req(
    method: string,
    path: string,
    json?: unknown,
    o: { csrf?: boolean; bearer?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (o.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await undiciFetch(`${this.h.base}${path}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      dispatcher: this.h.dispatcher,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers as unknown as Headers, body };
  }

  /** A console API call. */
  api(method: string, path: string, json?: unknown, o: { csrf?: boolean } = {}): Promise<Answer> {
    return this.req(method, `/console/api${path}`, json, o);
  }
}

/** Starts a console host and signs an admin client in (the usual setup of a test file). */
export async function startSignedIn(
  text?: string,
  files?: Record<string, string>,
): Promise<{ h: ConsoleHost; c: ConsoleClient }> {
  const h = await startConsoleHost(text, files);
  const c = new ConsoleClient(h);
  await c.signIn(ADMIN);
  return { h, c };
}
