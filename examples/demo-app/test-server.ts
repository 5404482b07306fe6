// Test support: starts server.ts as a real child process on port 0 with a temporary data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestProcess, type TestProcess } from '../shared/test-process.ts';
import { READY_PREFIX } from './app.ts';

/** The API key test servers accept. */
export const KEY = 'test-key-0123456789';
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

/** A demo app process started by a test. */
export type RunningApp = TestProcess;

/**
 * A cleanup scope for a describe block: call it in the block's body, pass it to startApp in `before`. (A node:test
 * `after` registered while `before` runs would fire as soon as `before` ends.)
 */
export function suiteScope(): { after: (fn: () => unknown) => void } {
  const fns: (() => unknown)[] = [];
  after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  return { after: (fn) => fns.push(fn) };
}

/** A fresh temporary folder, removed after the test. */
export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-app-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts the app (port 0, key KEY, `dataDir` or a new temp folder) and waits for its ready line. */
export function startApp(
  t: { after: (fn: () => unknown) => void },
  opts: { dataDir?: string; args?: string[]; timeoutMs?: number } = {},
): Promise<RunningApp> {
  return startTestProcess((fn) => t.after(fn), {
    server: SERVER,
    name: 'demo app',
    tempPrefix: 'demo-app-',
    ready: READY_PREFIX,
    args: ['--api-key', KEY, ...(opts.args ?? [])],
    dataDir: opts.dataDir,
    timeoutMs: opts.timeoutMs,
  });
}

/** A response with its body read (json undefined when it is not JSON). */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary bodies
}

/** Calls the app with the test key (unless headers say otherwise) and a JSON body. */
export async function call(
  app: { url: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const res = await fetch(app.url + path, {
    method,
    headers: { 'X-Api-Key': KEY, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
