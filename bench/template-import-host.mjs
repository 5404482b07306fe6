// The host side of `npm run bench:templates`, in a process of its own so that its memory is measured alone: the
// configuration `ferry init --template` wrote (one connector, SCIM style), whose start-up import reads every user.
//   node bench/template-import-host.mjs CONFIG_FILE CONNECTOR  → prints "DONE <ms> <objects> <peakRssBytes> <startMs>"
// Runs the compiled host (dist/, built by `npm run build`), as `npm start` does.
import { readFileSync } from 'node:fs';
import { runImportHost } from './host-support.mjs';

const [file, connector] = process.argv.slice(2);
// As written by ferry init, but on loopback and with warnings only (the import's log lines are not the point).
const yaml = readFileSync(file, 'utf8')
  .replace('host: 0.0.0.0', 'host: 127.0.0.1')
  .replace('level: info', 'level: warn');
const r = await runImportHost(yaml, file, connector);
process.stdout.write(`DONE ${r.status.durationMs} ${r.status.objects} ${r.peakRss} ${r.startMs}\n`);
process.exit(0);
