// The stand-in SAP service's process: `node --import tsx examples/sap/server.ts --port 8000 --data DIR --user U --password P`.
// Prints one ready line on stdout (tests and `ferry demo sap` wait for it), stops gracefully on SIGTERM/SIGINT.
import { runServer } from '../shared/run-server.ts';
import { READY_PREFIX, startStandIn } from './app.ts';
import { OptionsError, USAGE, parseOptions } from './options.ts';

runServer({
  name: 'sap-standin',
  parse: parseOptions,
  optionsError: OptionsError,
  usage: USAGE,
  start: startStandIn,
  ready: READY_PREFIX,
  announce: (app, opts) =>
    app.seeded
      ? [`seeded ${app.seeded} users in ${Math.round(app.seedMs)} ms`]
      : opts.seed
        ? ['not seeding, the database already has users']
        : [],
});
