// The host side of `npm run bench:import`, in a process of its own so that its memory is measured alone:
// a web-services connector on the Acme project runs one full import of Users at start, 500 per page.
//   node bench/import-host.mjs DATADIR APP_URL API_KEY  → prints "DONE <ms> <objects> <peakRssBytes>"
// Runs the compiled host (dist/, built by `npm run build`), as `npm start` does.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchConfigYaml, runImportHost } from './host-support.mjs';
import { readProcStat } from './proc-stat.mjs';

const [dataDir, appUrl, apiKey] = process.argv.slice(2);
const project = fileURLToPath(new URL('../examples/demo-app/acme-project.yaml', import.meta.url));
const yaml = benchConfigYaml(
  dataDir,
  `  - name: BENCH
    kind: web-services
    secretToken: bench-token-0123456789
    autosyncMinutes: 0
    pageSize: 500
    exposure: scim
    connectivity: { project: ${JSON.stringify(project)}, baseUrl: ${JSON.stringify(appUrl)} }
    parameters: { apiKey: ${JSON.stringify(apiKey)} }
    objectTypes:
      - name: User
        anchor: id
        mapping:
          userName: userName
          name.givenName: firstName
          name.familyName: lastName
          emails[type eq "work"].value: email
          active: active
`,
);
const r = await runImportHost(yaml, 'bench-import.yaml', 'BENCH', threadCpu);
process.stderr.write(
  `[import-host] CPU user ${r.cpuUserMs} ms, system ${r.cpuSystemMs} ms (all threads); busiest threads: ${r.extra}\n`,
);
// The import's own duration (host start excluded) and the whole start for reference.
process.stdout.write(`DONE ${r.status.durationMs} ${r.status.objects} ${r.peakRss} ${r.startMs}\n`);
process.exit(0);

/** CPU time per thread (Linux /proc; empty elsewhere): where the host's CPU went. */
function threadCpu() {
  try {
    const rows = readdirSync('/proc/self/task').map((tid) => readProcStat(`/proc/self/task/${tid}/stat`));
    return rows
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 4)
      .map((t) => `${t.name} ${t.ms} ms`)
      .join(', ');
  } catch {
    return '';
  }
}
