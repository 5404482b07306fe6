// Test support: starts server.ts as a real child process on port 0 with a temporary data folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { READY_PREFIX } from './app.ts';

/** The WS-Security user and password test services accept. */
export const USER = 'ferry-svc';
export const PASSWORD = 'Dir-Secret-0123456789';
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A directory service process started by a test. */
export interface RunningDirectory {
  /** Base URL, e.g. http://127.0.0.1:40123 (the SOAP endpoint is at /directory). */
  url: string;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the process wrote on stderr so far (with --log: one JSON line per operation). */
  stderr(): string;
  /** The operations logged so far (needs --log). */
  calls(): { op: string; user?: string; args: Record<string, unknown>; fault?: string }[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the service (port 0, USER/PASSWORD, --log, a new temp folder unless `dataDir`) and waits for its ready
 * line. `cleanup` receives what must run when the test is over.
 */
export async function startDirectory(cleanup: (fn: () => unknown) => void, opts: { dataDir?: string; args?: string[]; timeoutMs?: number } = {}): Promise<RunningDirectory> {
  let dataDir = opts.dataDir;
  if (!dataDir) {
    const dir = mkdtempSync(join(tmpdir(), 'directory-soap-'));
    cleanup(() => rmSync(dir, { recursive: true, force: true }));
    dataDir = dir;
  }
  const proc = spawn(process.execPath, ['--import', 'tsx', SERVER, '--port', '0', '--data', dataDir, '--user', USER, '--password', PASSWORD, '--log', ...(opts.args ?? [])], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  cleanup(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`directory service not ready in time; stderr: ${err}`)), opts.timeoutMs ?? 30_000);
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
      reject(new Error(`directory service exited with ${code}; stderr: ${err}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    stderr: () => err,
    calls: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { op: string; args: Record<string, unknown> })
        .filter((c) => typeof c.op === 'string'),
    stop: (signal = 'SIGTERM') => {
      proc.kill(signal);
      return exited;
    },
  };
}
