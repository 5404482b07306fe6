// Browser tests of the web console: a demo host (the demo app in its own process, a host over TLS started from a
// copy of the demo configuration in a temporary folder, so that the console's saves touch no repository file) and
// Debian's Chromium driven by playwright-core. One per test file (in `before`).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { Agent, fetch as undiciFetch } from 'undici';
import { KEY } from '../../examples/demo-app/test-server.ts';
import type { HostConfig } from '../../src/config/host-config.ts';
import { loadHostConfig } from '../../src/config/load-config.ts';
import { Host } from '../../src/host/host.ts';
import { createLogger } from '../../src/host/logger.ts';
import { DEMO_CONFIG_FILE, type DemoApp, startDemoApp } from './demo-app.ts';
import { TOKEN } from './test-host.ts';

/** The admin token of the console test hosts (startTestHost's FERRY_ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/** Their read-only token. */
export const READONLY_TOKEN = 'test-readonly-token-0123456789';

/** Where screenshots go: FERRY_SCREENSHOTS, or test-output/screenshots (git-ignored). */
export const SCREENSHOTS = resolve(process.env.FERRY_SCREENSHOTS ?? 'test-output/screenshots');

/** The Chromium the tests drive (Debian's; .ci/run installs it when missing). */
const CHROMIUM = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A running console: host, demo app, browser and the folder of its ferry.yaml. */
export interface ConsoleRig {
  host: Host;
  app: DemoApp;
  browser: Browser;
  /** ferry.yaml of the host (a copy of the demo's, in a temporary folder). */
  configFile: string;
  /** https://127.0.0.1:PORT/console/ */
  url: string;
  /** A new browser context (1280×800 unless told) that trusts the host's generated certificate. */
  context: (opts?: { width?: number; height?: number; dark?: boolean }) => Promise<BrowserContext>;
  /** A SCIM request to a connector with a token, as Entra would send it; resolves to the status. */
  scimStatus: (
    connector: string,
    path: string,
    token: string,
    init?: { method?: string; json?: unknown },
  ) => Promise<number>;
  stop: () => Promise<void>;
}

/** Copies the demo configuration next to a copy of the demo project (so relative paths hold). */
function copyDemoConfig(dir: string): string {
  mkdirSync(join(dir, 'demo'));
  mkdirSync(join(dir, 'demo-app'));
  const file = join(dir, 'demo', 'ferry.yaml');
  const text = readFileSync(DEMO_CONFIG_FILE, 'utf8').replace(
    /^ {2}adminToken: .*$/m,
    (line) => `${line}\n  adminReadOnlyToken: "\${env:FERRY_READONLY_TOKEN}"`,
  );
  writeFileSync(file, text);
  const project = join(dirname(DEMO_CONFIG_FILE), '..', 'demo-app', 'acme-project.yaml');
  copyFileSync(project, join(dir, 'demo-app', 'acme-project.yaml'));
  return file;
}

/**
 * Starts the demo app, a host over TLS from a copy of the demo configuration (with its file, so that the console
 * can edit and reload it) and Chromium.
 */
export async function startConsoleRig(opts: { seed?: number } = {}): Promise<ConsoleRig> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-console-'));
  const configFile = copyDemoConfig(dir);
  const app = await startDemoApp({ args: ['--seed', String(opts.seed ?? 0)] });
  const env = {
    ...process.env,
    FERRY_DEMO_TOKEN: TOKEN,
    FERRY_ADMIN_TOKEN: ADMIN_TOKEN,
    FERRY_READONLY_TOKEN: READONLY_TOKEN,
    FERRY_DEMO_APP_URL: app.app.url,
    FERRY_DEMO_APP_KEY: KEY,
  };
  // What the command line would override, applied again on every reload.
  const adjust = (c: HostConfig) => {
    c.host.dataDir = join(dir, 'data');
    c.host.listen = { host: '127.0.0.1', port: c.host.listen.port === 8585 ? 0 : c.host.listen.port };
    c.host.http = false;
    c.host.hostName = 'localhost';
  };
  let host: Host | undefined;
  let browser: Browser | undefined;
  try {
    const config = loadHostConfig(configFile, env);
    adjust(config);
    host = await Host.start(config, {
      logger: createLogger('warn'),
      awaitInitialImport: true,
      origin: { file: configFile, env, adjust: (c) => adjust(c) },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    await host?.stop(2000);
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const b = browser;
  const h = host;
  const dispatcher = new Agent({ connect: { ca: readFileSync(join(dir, 'data', 'tls', 'ferry-cert.pem')) } });
  return {
    host: h,
    app,
    browser: b,
    configFile,
    url: `${h.baseUrl}/console/`,
    context: async (o = {}) => {
      const ctx = await b.newContext({
        viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
        colorScheme: o.dark ? 'dark' : 'light',
        // The host's generated certificate, which a person accepts once (or installs) in a real browser.
        ignoreHTTPSErrors: true,
        acceptDownloads: true,
      });
      // A page that never shows what a test waits for fails in 20 s (a loaded machine included), not at the runner's timeout.
      ctx.setDefaultTimeout(20_000);
      return ctx;
    },
    scimStatus: async (connector, path, token, init = {}) => {
      const res = await undiciFetch(`${h.baseUrl}/connectors/${connector}/scim${path}`, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        dispatcher,
      });
      await res.arrayBuffer();
      return res.status;
    },
    stop: async () => {
      await b.close();
      await dispatcher.close();
      await h.stop(2000);
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the console and signs in with `token`; resolves when the navigation shows. */
export async function signIn(page: Page, url: string, token = ADMIN_TOKEN): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A new context and page (1280×800 unless told), signed in with `token` (the admin token unless told). */
export async function signedIn(
  rig: ConsoleRig,
  token = ADMIN_TOKEN,
  opts?: Parameters<ConsoleRig['context']>[0],
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await rig.context(opts);
  const page = await ctx.newPage();
  await signIn(page, rig.url, token);
  return { ctx, page };
}

/** Writes a full-page screenshot NAME.png into the screenshot folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
