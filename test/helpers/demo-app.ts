// Starts the demo application (examples/demo-app) in its own process and a host whose connectors reach it
// through the web service project, as `npm start` does.
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { call, startApp, KEY, type RunningApp } from '../../examples/demo-app/test-server.ts';
import { loadHostConfig } from '../../src/config/load-config.ts';
import { createConnector } from '../../src/host/registry.ts';
import type { Connector } from '../../src/connector/types.ts';
import { startTestHost, TOKEN, type TestHost, type TestHostOptions } from './test-host.ts';

/** The demo configuration (web-services connectors APP1 and SCIMAPP). */
export const DEMO_CONFIG_FILE = fileURLToPath(new URL('../../examples/demo/ferry.yaml', import.meta.url));

/** A running demo app and what it needs to stop. */
export interface DemoApp {
  app: RunningApp;
  /** Calls the application's own API (not through Ferry). */
  api: (method: string, path: string, body?: unknown) => ReturnType<typeof call>;
  stop: () => Promise<void>;
}

/** Starts the demo app with fault injection on. */
export async function startDemoApp(opts: { dataDir?: string; args?: string[] } = {}): Promise<DemoApp> {
  const cleanups: (() => unknown)[] = [];
  const app = await startApp(
    { after: (fn) => cleanups.push(fn) },
    { dataDir: opts.dataDir, args: ['--faults', '--password-cost', '1024', ...(opts.args ?? [])] },
  );
  return {
    app,
    api: (method, path, body) => call(app, method, path, body),
    stop: async () => {
      await app.stop().catch(() => undefined);
      for (const fn of cleanups.reverse()) await fn();
    },
  };
}

/** The ${env:…} values that point the demo configuration at a running demo app. */
function demoEnv(app: DemoApp): Record<string, string> {
  return { FERRY_DEMO_APP_URL: app.app.url, FERRY_DEMO_APP_KEY: KEY };
}

/** Starts a host with the demo configuration pointed at a running demo app. */
export function startDemoHost(app: DemoApp, opts: TestHostOptions = {}): Promise<TestHost> {
  return startTestHost({ configFile: DEMO_CONFIG_FILE, ...opts, env: { ...demoEnv(app), ...opts.env } });
}

/**
 * A connector of the demo configuration (not opened), built as the host builds it and pointed at a running demo
 * app; `project` swaps the web service project file for another one against the same app.
 */
export function demoConnector(app: DemoApp, opts: { name?: string; project?: string } = {}): Connector {
  const config = loadHostConfig(DEMO_CONFIG_FILE, {
    ...process.env,
    FERRY_DEMO_TOKEN: TOKEN,
    FERRY_ADMIN_TOKEN: TOKEN,
    ...demoEnv(app),
  });
  const cc = config.connectors.find((c) => c.name === (opts.name ?? 'SCIMAPP'));
  if (!cc) throw new Error(`the demo configuration has no connector ${opts.name}`);
  if (opts.project) cc.connectivity.project = opts.project;
  return createConnector(cc, config.host.dataDir, pino({ level: 'silent' }));
}
