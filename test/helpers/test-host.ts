// Starts a real host on loopback for black-box tests: the demo configuration (or another), a temporary data
// folder, port 0, plain HTTP unless TLS is asked for. Logs go to a buffer the test can inspect.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Agent, fetch as undiciFetch } from 'undici';
import { parseHostConfig } from '../../src/config/load-config.ts';
import type { HostConfig } from '../../src/config/host-config.ts';
import { Host } from '../../src/host/host.ts';
import { createLogger } from '../../src/host/logger.ts';
import { fileURLToPath } from 'node:url';

/** The default configuration of test hosts: APP1 and SCIMAPP onto memory applications. */
export const MEMORY_HOSTS = fileURLToPath(new URL('../fixtures/memory-hosts.yaml', import.meta.url));

/** The token of the test hosts. */
export const TOKEN = 'test-token-0123456789abcdef';

/** A running test host and helpers to talk to it. */
export interface TestHost {
  host: Host;
  config: HostConfig;
  dataDir: string;
  logs: () => string;
  /** fetch against the host with the connector token; path is relative to the connector's SCIM base. */
  scim: (
    connector: string,
    path: string,
    init?: RequestInit & { json?: unknown; token?: string | null },
  ) => Promise<{ status: number; body: any; headers: Headers; text: string }>;
  stop: (opts?: { keepData?: boolean }) => Promise<void>;
}

/** Options of startTestHost. */
export interface TestHostOptions {
  configText?: string;
  configFile?: string;
  tls?: boolean;
  dataDir?: string;
  mutate?: (c: HostConfig) => void;
  /** Extra environment for ${env:…} references of the configuration. */
  env?: Record<string, string>;
  awaitInitialImport?: boolean;
}

/** Starts a host for a test. */
export async function startTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const file = opts.configFile ?? MEMORY_HOSTS;
  const text = opts.configText ?? readFileSync(file, 'utf8');
  const config = parseHostConfig(text, file, {
    ...process.env,
    FERRY_DEMO_TOKEN: TOKEN,
    TEST_TOKEN: TOKEN,
    FERRY_ADMIN_TOKEN: 'test-admin-token-0123456789',
    ...opts.env,
  });
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ferry-test-'));
  config.host.dataDir = dataDir;
  config.host.listen = { host: '127.0.0.1', port: 0 };
  config.host.http = !opts.tls;
  config.host.hostName = 'ferry-test.local';
  opts.mutate?.(config);
  let buf = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      buf += chunk.toString();
      cb();
    },
  });
  const logger = createLogger('debug', sink);
  const host = await Host.start(config, { logger, awaitInitialImport: opts.awaitInitialImport ?? true });
  let dispatcher: Agent | undefined;
  const scim: TestHost['scim'] = async (connector, path, init = {}) => {
    const { json, token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token !== null) headers.set('Authorization', `Bearer ${token ?? TOKEN}`);
    if (json !== undefined) headers.set('Content-Type', 'application/scim+json');
    const url = `${host.baseUrl}/connectors/${connector}/scim${path}`;
    // Over TLS the client trusts the host's generated certificate, as a real client given it would.
    dispatcher ??= opts.tls
      ? new Agent({ connect: { ca: readFileSync(join(dataDir, 'tls', 'ferry-cert.pem')) } })
      : undefined;
    const res = (await undiciFetch(url, {
      ...(rest as object),
      headers,
      body: json !== undefined ? JSON.stringify(json) : (rest.body as string | undefined),
      dispatcher,
    })) as unknown as Response;
    const t = await res.text();
    let body: unknown;
    try {
      body = t ? JSON.parse(t) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body, headers: res.headers, text: t };
  };
  return {
    host,
    config,
    dataDir,
    logs: () => buf,
    scim,
    stop: async (o = {}) => {
      await host.stop(2000);
      await dispatcher?.close();
      if (!o.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
