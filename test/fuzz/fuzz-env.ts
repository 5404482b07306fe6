// The real parts a fuzz run or a fault run talks to: the demo application (its own process, fault injection on)
// and a host (its own process, test/fuzz/fuzz-host.ts) with the demo configuration pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startDemoAppProcess } from '../../src/cli/demo-app-process.ts';
import { type ExampleProcess, startExampleProcess } from '../../src/cli/example-process.ts';
import { FUZZ_TOKEN } from './fuzz-host.ts';

const APP_KEY = 'fuzz-app-key-0123456789';

/** An HTTP answer with its body read (json undefined when the body is not JSON). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  ms: number;
}

/** A running application and host, and ways to call, kill and restart them. */
export interface FuzzEnv {
  dir: string;
  appUrl: () => string;
  hostUrl: () => string;
  /** A SCIM request to a connector with its token; `path` is relative to the connector's SCIM base. */
  scim: (
    connector: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<Answer>;
  /** A call on the application's own API (not through Ferry). */
  api: (method: string, path: string, body?: unknown) => Promise<Answer>;
  /** GET /health of the host, timed. */
  health: () => Promise<Answer>;
  /** Whether the host process is still running. */
  hostAlive: () => boolean;
  /** The last lines the host wrote on stderr (a crash's stack). */
  hostStderr: () => string;
  killHost: (signal?: NodeJS.Signals) => Promise<void>;
  startHost: () => Promise<void>;
  killApp: (signal?: NodeJS.Signals) => Promise<void>;
  startApp: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Starts the demo app (empty, faults on) and a host onto it, in a new temporary folder. */
export async function startFuzzEnv(
  opts: {
    requestTimeoutMs?: number;
    /** Puts something between the host and the application: given the application's URL, the URL the host uses. */
    via?: (appUrl: string) => Promise<string>;
  } = {},
): Promise<FuzzEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-fuzz-'));
  const agent = new Agent({ connections: 32, keepAliveTimeout: 10_000, headersTimeout: 0, bodyTimeout: 0 });
  let app: ExampleProcess | undefined;
  let host: ExampleProcess | undefined;
  let appPort = 0;
  let hostPort = 0;
  let hostAppUrl = '';
  const running = (p: ExampleProcess | undefined, what: string): ExampleProcess => {
    if (!p) throw new Error(`the ${what} is not started`);
    return p;
  };
  const startApp = async () => {
    app = await startDemoAppProcess({
      port: appPort,
      dataDir: join(dir, 'app'),
      apiKey: APP_KEY,
      extraArgs: ['--faults', '--seed', '0', '--password-cost', '1024'],
    });
    appPort = Number(new URL(app.url).port);
  };
  const startHost = async () => {
    host = await startExampleProcess({
      server: 'test/fuzz/fuzz-host.ts',
      ready: 'READY ',
      name: 'the fuzz host',
      args: [join(dir, 'host'), hostAppUrl, String(hostPort)],
      env: { FERRY_DEMO_APP_KEY: APP_KEY },
      timeoutMs: 60_000,
    });
    hostPort = Number(new URL(host.url).port);
  };
  const kill = async (p: ExampleProcess | undefined, signal: NodeJS.Signals) => {
    if (!p || p.proc.exitCode !== null || p.proc.signalCode !== null) return;
    const exited = new Promise((r) => p.proc.once('exit', r));
    p.proc.kill(signal);
    await exited;
  };
  const call = async (url: string, method: string, body: unknown, headers: Record<string, string>) => {
    const t0 = performance.now();
    const res = await request(url, {
      method: method as 'GET',
      dispatcher: agent,
      headers: body === undefined ? headers : { 'content-type': 'application/scim+json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headersTimeout: opts.requestTimeoutMs ?? 120_000,
      bodyTimeout: opts.requestTimeoutMs ?? 120_000,
    });
    const text = await res.body.text();
    const ms = performance.now() - t0;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, json, ms };
  };
  await startApp();
  const appUrl = running(app, 'application').url;
  hostAppUrl = opts.via ? await opts.via(appUrl) : appUrl;
  await startHost();
  return {
    dir,
    appUrl: () => running(app, 'application').url,
    hostUrl: () => running(host, 'host').url,
    scim: (connector, method, path, body, headers = {}) =>
      call(`${running(host, 'host').url}/connectors/${connector}/scim${path}`, method, body, {
        authorization: `Bearer ${FUZZ_TOKEN}`,
        ...headers,
      }),
    api: (method, path, body) =>
      call(`${running(app, 'application').url}${path}`, method, body, {
        'x-api-key': APP_KEY,
        'content-type': 'application/json',
      }),
    health: () => call(`${running(host, 'host').url}/health`, 'GET', undefined, {}),
    hostAlive: () => !!host && host.proc.exitCode === null && host.proc.signalCode === null,
    hostStderr: () => host?.stderr().split('\n').slice(-20).join('\n') ?? '',
    killHost: (signal = 'SIGKILL') => kill(host, signal),
    startHost,
    killApp: (signal = 'SIGKILL') => kill(app, signal),
    startApp,
    stop: async () => {
      await host?.stop();
      await app?.stop();
      await agent.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
