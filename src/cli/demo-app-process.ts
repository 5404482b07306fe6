// Starts the demo application (examples/demo-app) as a child process for `ferry demo`, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SERVER = fileURLToPath(new URL('../../examples/demo-app/server.ts', import.meta.url));
const READY = 'demo-app listening on ';

/** A running demo application. */
export interface DemoAppProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts the demo app on `port` with its data in `dataDir`; resolves when it is listening. */
export function startDemoAppProcess(opts: { port: number; dataDir: string; apiKey: string; extraArgs?: string[] }): Promise<DemoAppProcess> {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER, '--port', String(opts.port), '--data', opts.dataDir, ...(opts.extraArgs ?? [])], {
    cwd: REPO,
    // The key travels in the environment, not on the command line (which other users of the machine can read).
    env: { ...process.env, DEMO_APP_API_KEY: opts.apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  process.once('exit', () => proc.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the demo application did not start within 30 s: ${err.trim()}`));
    }, 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(READY));
      if (line) {
        clearTimeout(timer);
        resolve({ url: line.slice(READY.length).trim(), stop });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo application exited (${code}): ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
