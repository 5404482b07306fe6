// The stand-in SAP service's process: `node --import tsx examples/sap/server.ts --port 8000 --data DIR --user U --password P`.
// Prints one ready line on stdout (tests and `ferry demo sap` wait for it), stops gracefully on SIGTERM/SIGINT.
import { READY_PREFIX, startStandIn } from './app.ts';
import { OptionsError, USAGE, parseOptions } from './options.ts';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof OptionsError)) throw e;
    if (e.message) process.stderr.write(`sap-standin: ${e.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(e.message ? 2 : 0);
  }
  const app = await startStandIn(opts);
  if (app.seeded) process.stderr.write(`sap-standin: seeded ${app.seeded} users in ${Math.round(app.seedMs)} ms\n`);
  else if (opts.seed) process.stderr.write('sap-standin: not seeding, the database already has users\n');
  process.stdout.write(`${READY_PREFIX}${app.url}\n`);
  const stop = (signal: string): void => {
    process.stderr.write(`sap-standin: ${signal}, stopping\n`);
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`sap-standin: stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`sap-standin: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
