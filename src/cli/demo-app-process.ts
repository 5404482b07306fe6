// Starts the demo application (examples/demo-app) as a child process for `ferry demo`, and stops it.
import { startExampleProcess, type ExampleProcess } from './example-process.ts';

/** A running demo application. */
export type DemoAppProcess = ExampleProcess;

/** Starts the demo app on `port` with its data in `dataDir`; resolves when it is listening. */
export function startDemoAppProcess(opts: {
  port: number;
  dataDir: string;
  apiKey: string;
  extraArgs?: string[];
}): Promise<DemoAppProcess> {
  return startExampleProcess({
    server: 'examples/demo-app/server.ts',
    ready: 'demo-app listening on ',
    name: 'the demo application',
    args: ['--port', String(opts.port), '--data', opts.dataDir, ...(opts.extraArgs ?? [])],
    env: { DEMO_APP_API_KEY: opts.apiKey },
  });
}
