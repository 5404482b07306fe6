// Test support: starts server.ts as a real child process on port 0 with a temporary data folder.
import { fileURLToPath } from 'node:url';
import { startTestProcess, type TestProcess } from '../shared/test-process.ts';
import { READY_PREFIX } from './app.ts';

/** The WS-Security user and password test services accept. */
export const USER = 'ferry-svc';
export const PASSWORD = 'Dir-Secret-0123456789';
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

/** A directory service process started by a test. */
export interface RunningDirectory extends TestProcess {
  /** The operations logged so far on stderr (one JSON line per operation, --log). */
  calls(): { op: string; user?: string; args: Record<string, unknown>; fault?: string }[];
}

/**
 * Starts the service (port 0, USER/PASSWORD, --log, a new temp folder unless `dataDir`) and waits for its ready
 * line. `cleanup` receives what must run when the test is over.
 */
export async function startDirectory(
  cleanup: (fn: () => unknown) => void,
  opts: { dataDir?: string; args?: string[]; timeoutMs?: number } = {},
): Promise<RunningDirectory> {
  const p = await startTestProcess(cleanup, {
    server: SERVER,
    name: 'directory service',
    tempPrefix: 'directory-soap-',
    ready: READY_PREFIX,
    args: ['--user', USER, '--password', PASSWORD, '--log', ...(opts.args ?? [])],
    dataDir: opts.dataDir,
    timeoutMs: opts.timeoutMs,
  });
  return {
    ...p,
    calls: () =>
      p
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { op: string; args: Record<string, unknown> })
        .filter((c) => typeof c.op === 'string'),
  };
}
