// The host side of the SCIM benchmark, in processes of its own so that the host's memory is measured alone.
//   node bench/bench-host.mjs DATADIR load COUNT   — a demo application generates COUNT users; the host's
//       start-up full import writes them into the connector space in DATADIR; prints "LOADED <ms>" and exits.
//   node bench/bench-host.mjs DATADIR http|https  — the host serves that connector space (imports off, so the
//       demo application's own memory is not counted); prints "READY <baseUrl>"; on SIGTERM prints "RSS <bytes>".
//   node bench/bench-host.mjs DATADIR pipeline COUNT READS — no load: calls the host's fast read path READS times
//       on fake requests (random names of COUNT users) and prints "PIPELINE <cpu µs a read>" twice (read-pipeline.ts).
// Runs the compiled host (dist/, built by `npm run build`), as `npm start` does.
// The heap flags before the host's modules load, as bin/ferry.mjs sets them.
(await import('../dist/host/heap-tuning.js')).tuneHeap();
const { parseHostConfig } = await import('../dist/config/load-config.js');
const { Host } = await import('../dist/host/host.js');
const { createLogger } = await import('../dist/host/logger.js');
const { benchConfigYaml } = await import('./host-support.mjs');

const [dataDir, mode, count, reads] = process.argv.slice(2);
const load = mode === 'load';
const yaml = benchConfigYaml(
  dataDir,
  `  - name: BENCH
    kind: memory
    secretToken: bench-token-0123456789
    autosyncMinutes: 0
    exposure: scim
    pageSize: 2000
    capabilities: { import: ${load} }
    objectTypes:
      - name: User
        anchor: id
        mapping:
          userName: userName
          name.givenName: firstName
          name.familyName: lastName
          emails[type eq "work"].value: email
          active: active
          urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department: department
        deprovisioning: { disable: { flow: set, attribute: active } }
    memory:
      ${load ? `generate: { objectType: User, count: ${Number(count)} }` : ''}
      objectTypes:
        - name: User
          anchor: id
          generateAnchor: true
          attributes:
            - { name: id, readOnly: true }
            - { name: userName, required: true, unique: true }
            - { name: firstName }
            - { name: lastName }
            - { name: email }
            - { name: department }
            - { name: active, type: boolean }
`,
  { https: mode === 'https', logReads: process.env.BENCH_LOG_READS === 'true' },
);
const config = parseHostConfig(yaml, 'bench.yaml');
const t0 = performance.now();
const host = await Host.start(config, { logger: createLogger('warn'), awaitInitialImport: true });
if (load) {
  const ms = Math.round(performance.now() - t0);
  const objects = host.connector('BENCH').importStatus.last?.objects ?? 0;
  await host.stop(1000);
  process.stdout.write(`LOADED ${ms} ${objects}\n`);
  process.exit(0);
}
if (mode === 'pipeline') {
  const { runReadPipeline } = await import('./read-pipeline-loop.mjs');
  const { fastReadOf } = await import('../dist/host/http-app.js');
  for (let round = 0; round < 2; round++) {
    const us = await runReadPipeline(fastReadOf(host.router.app), Number(count), Number(reads));
    process.stdout.write(`PIPELINE ${us}\n`);
  }
  await host.stop(1000);
  process.exit(0);
}
process.stdout.write(`READY ${host.baseUrl}\n`);
process.on('SIGTERM', async () => {
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`RSS ${peak}\n`);
  await host.stop(1000);
  process.exit(0);
});
if (process.env.BENCH_TRACE) {
  setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(
      `[mem] rss ${Math.round(m.rss / 1e6)} heapUsed ${Math.round(m.heapUsed / 1e6)} heapTotal ${Math.round(m.heapTotal / 1e6)}\n`,
    );
  }, 1000).unref();
}
