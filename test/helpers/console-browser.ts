// Browser tests of the web console: a demo host (the demo app in its own process, a host over TLS with the demo
// configuration copied into a temporary folder so that saves do not touch the repository) and Debian's Chromium
// driven by playwright-core. One per test file (in `before`).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { DEMO_CONFIG_FILE, type DemoApp, startDemoApp, startDemoHost } from './demo-app.ts';
import type { TestHost } from './test-host.ts';

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
  host: TestHost;
  app: DemoApp;
  browser: Browser;
  /** ferry.yaml of the host (a copy of the demo's, in a temporary folder). */
  configFile: string;
  /** https://127.0.0.1:PORT/console/ */
  url: string;
  /** A new browser context (1280×800 unless told) that trusts the host's generated certificate. */
  context: (opts?: { width?: number; height?: number; dark?: boolean }) => Promise<BrowserContext>;
  stop: () => Promise<void>;
}

/** Copies the demo configuration next to the demo project (so relative paths hold) in a temporary folder. */
function copyDemoConfig(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-console-'));
  const demoDir = join(dir, 'demo');
  mkdirSync(demoDir);
  mkdirSync(join(dir, 'demo-app'));
  const file = join(demoDir, 'ferry.yaml');
  const text = readFileSync(DEMO_CONFIG_FILE, 'utf8').replace(
    /^ {2}adminToken: .*$/m,
    (line) => `${line}\n  adminReadOnlyToken: "\${env:FERRY_READONLY_TOKEN}"`,
  );
  writeFileSync(file, text);
  const srcProject = join(dirname(DEMO_CONFIG_FILE), '..', 'demo-app', 'acme-project.yaml');
  copyFileSync(srcProject, join(dir, 'demo-app', 'acme-project.yaml'));
  return { dir, file };
}

/** Starts the demo app, a host over TLS and Chromium. */
export async function startConsoleRig(): Promise<ConsoleRig> {
  const { dir, file } = copyDemoConfig();
  const app = await startDemoApp();
  let host: TestHost | undefined;
  let browser: Browser | undefined;
  try {
    host = await startDemoHost(app, {
      configFile: file,
      tls: true,
      env: { FERRY_READONLY_TOKEN: READONLY_TOKEN },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    await host?.stop();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const b = browser;
  const h = host;
  return {
    host: h,
    app,
    browser: b,
    configFile: file,
    url: `${h.host.baseUrl}/console/`,
    context: async (o = {}) => {
      const ctx = await b.newContext({
        viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
        colorScheme: o.dark ? 'dark' : 'light',
        // The host's generated certificate, which a person accepts once (or installs) in a real browser.
        ignoreHTTPSErrors: true,
        acceptDownloads: true,
      });
      // A page that never shows what a test waits for fails in seconds, not at the runner's timeout.
      ctx.setDefaultTimeout(10_000);
      return ctx;
    },
    stop: async () => {
      await b.close();
      await h.stop();
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

/** Writes a full-page screenshot NAME.png into the screenshot folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
