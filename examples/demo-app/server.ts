// The demo application's process: `node --import tsx examples/demo-app/server.ts --port 8686 --data DIR --api-key KEY`.
// Prints one ready line on stdout (tests and the Ferry demo wait for it), stops gracefully on SIGTERM/SIGINT.
import { runServer } from '../shared/run-server.ts';
import { READY_PREFIX, startDemoApp } from './app.ts';
import { OptionsError, USAGE, parseOptions } from './options.ts';

runServer({
  name: 'demo-app',
  parse: parseOptions,
  optionsError: OptionsError,
  usage: USAGE,
  start: startDemoApp,
  ready: READY_PREFIX,
  announce: (app, opts) =>
    app.seeded
      ? [`seeded ${app.seeded} accounts in ${Math.round(app.seedMs)} ms`]
      : opts.seed
        ? ['not seeding, the database already has accounts']
        : [],
});
