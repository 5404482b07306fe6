// Test support: starts server.ts as a real child process on port 0 with a temporary data folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { READY_PREFIX } from './app.ts';

/** The API key test servers accept. */
export const KEY = 'test-key-0123456789';
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A demo app process started by a test. */
export interface RunningApp {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

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
export async function startApp(t: { after: (fn: () => unknown) => void }, opts: { dataDir?: string; args?: string[]; timeoutMs?: number } = {}): Promise<RunningApp> {
  const dataDir = opts.dataDir ?? tempDir(t);
  const proc = spawn(process.execPath, ['--import', 'tsx', SERVER, '--port', '0', '--data', dataDir, '--api-key', KEY, ...(opts.args ?? [])], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  t.after(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`demo app not ready in time; stderr: ${err}`)), opts.timeoutMs ?? 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line) {
        clearTimeout(timer);
        resolve(line.slice(READY_PREFIX.length).trim());
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`demo app exited with ${code}; stderr: ${err}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    stderr: () => err,
    stop: (signal = 'SIGTERM') => {
      proc.kill(signal);
      return exited;
    },
  };
}

/** A response with its body read (json undefined when it is not JSON). */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary bodies
}

/** Calls the app with the test key (unless headers say otherwise) and a JSON body. */
export async function call(app: { url: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
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
