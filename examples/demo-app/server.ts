// The demo application's process: `node --import tsx examples/demo-app/server.ts --port 8686 --data DIR --api-key KEY`.
// Prints one ready line on stdout (tests and the Ferry demo wait for it), stops gracefully on SIGTERM/SIGINT.
import { READY_PREFIX, startDemoApp } from './app.ts';
import { OptionsError, USAGE, parseOptions } from './options.ts';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof OptionsError)) throw e;
    if (e.message) process.stderr.write(`demo-app: ${e.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(e.message ? 2 : 0);
  }
  const app = await startDemoApp(opts);
  if (app.seeded) process.stderr.write(`demo-app: seeded ${app.seeded} accounts in ${Math.round(app.seedMs)} ms\n`);
  else if (opts.seed) process.stderr.write(`demo-app: not seeding, the database already has accounts\n`);
  process.stdout.write(`${READY_PREFIX}${app.url}\n`);
  const stop = (signal: string): void => {
    process.stderr.write(`demo-app: ${signal}, stopping\n`);
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`demo-app: stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`demo-app: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
