// ferry status | import | test-connection | logs: the admin API of a running host from the command line.
import type { Command } from 'commander';
import type { AdminClient } from './admin-client.ts';
import { type AdminOptions, withAdminOptions } from './admin-options.ts';
import type { TestCall, TestResult } from '../connector/types.ts';
import { fail } from './fail.ts';

interface StatusBody {
  version: string;
  uptimeSeconds: number;
  connectors: {
    name: string;
    kind: string;
    exposure: string;
    objectTypes: { name: string; endpoint: string; objects: number }[];
    import: {
      running: boolean;
      last?: { kind: string; at: string; ok: boolean; durationMs: number; objects: number; error?: string };
    };
  }[];
  /** Present when the hosts share a PostgreSQL store. */
  cluster?: {
    self: string;
    store: string;
    hosts: {
      id: string;
      version: string;
      address: string | null;
      lastHeartbeat: string;
      alive: boolean;
      leases: string[];
    }[];
  };
}

interface ReloadBody {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
  restartNeeded: string[];
}

/** Runs an admin action with a client, reporting failures the CLI way. */
async function withClient(o: AdminOptions, fn: (c: AdminClient) => Promise<void>): Promise<void> {
  // Loaded here, not at the top: every `ferry` start registers these commands (see main.ts).
  const { AdminCallError, AdminClient } = await import('./admin-client.ts');
  let client: AdminClient | undefined;
  try {
    client = new AdminClient(o);
    await fn(client);
  } catch (e) {
    if (e instanceof AdminCallError) {
      process.stderr.write(`ferry: ${e.message}\n`);
      process.exitCode = 1;
    } else fail(e);
  } finally {
    await client?.close();
  }
}

/** One call of a connection test: "svc GET /path (operation): 200 ok in 12 ms" or "…: no answer, failed … (why)". */
function callLine(k: TestCall): string {
  const answer = k.status === undefined ? 'no answer' : String(k.status);
  const op = k.operation ? ` (${k.operation})` : '';
  return `${k.service} ${k.method} ${k.path}${op}: ${answer}, ${k.ok ? 'ok' : 'failed'} in ${k.durationMs} ms${k.error ? ` (${k.error})` : ''}`;
}

/** Registers status, import, test-connection, logs, reload and cert renew. */
export function registerAdminCommands(program: Command): void {
  withAdminOptions(
    program.command('reload').description("Reload a running host's configuration file (checked first; kept if bad)"),
  ).action((o: AdminOptions) =>
    withClient(o, async (c) => {
      const r = await c.json<ReloadBody>('POST', '/reload');
      const list = (what: string, names: string[]) => (names.length ? `  ${what}: ${names.join(', ')}\n` : '');
      process.stdout.write(
        `Configuration reloaded.\n${list('added', r.added)}${list('changed', r.changed)}${list('removed', r.removed)}${list('unchanged', r.unchanged)}` +
          (r.restartNeeded.length ? `  needs a restart to apply: ${r.restartNeeded.join(', ')}\n` : ''),
      );
    }),
  );
  const cert = program.command('cert').description('The certificate of a running host');
  withAdminOptions(
    cert.command('renew').description('Renew the generated self-signed certificate now (no connection dropped)'),
  ).action((o: AdminOptions) =>
    withClient(o, async (c) => {
      const r = await c.json<{ fingerprint256: string; validTo: string }>('POST', '/certificate/renew');
      process.stdout.write(`New certificate: SHA-256 ${r.fingerprint256}, valid until ${r.validTo}\n`);
    }),
  );
  withAdminOptions(
    program
      .command('status')
      .description('Show the connectors of a running host, their objects and last imports')
      .option('--json', 'print JSON'),
  ).action((o: AdminOptions & { json?: boolean }) =>
    withClient(o, async (c) => {
      const s = await c.json<StatusBody>('GET', '/status');
      if (o.json) return void process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      process.stdout.write(`Ferry ${s.version}, up ${s.uptimeSeconds} s\n`);
      for (const cn of s.connectors) {
        const last = cn.import.last;
        const imp = cn.import.running
          ? 'import running'
          : last
            ? `last ${last.kind} import ${last.ok ? 'ok' : `FAILED (${last.error})`} at ${last.at} (${last.objects} objects, ${last.durationMs} ms)`
            : 'no import yet';
        process.stdout.write(
          `  ${cn.name} (${cn.kind}, ${cn.exposure} style): ${cn.objectTypes.map((t) => `${t.objects} ${t.name}`).join(', ')}; ${imp}\n`,
        );
      }
      if (s.cluster) {
        process.stdout.write(`Cluster (store ${s.cluster.store}), ${s.cluster.hosts.length} host(s):\n`);
        for (const h of s.cluster.hosts) {
          const marks = [h.id === s.cluster.self ? 'this host' : '', h.alive ? '' : 'NO HEARTBEAT'].filter(Boolean);
          process.stdout.write(
            `  ${h.id} ${h.version} ${h.address ?? '-'}, heartbeat ${h.lastHeartbeat}${h.leases.length ? `, holds ${h.leases.join(', ')}` : ''}${marks.length ? ` (${marks.join(', ')})` : ''}\n`,
          );
        }
      }
    }),
  );

  withAdminOptions(
    program
      .command('import')
      .description('Run a full (or delta) import of a connector on a running host, with progress')
      .argument('<connector>')
      .option('--delta', 'delta import')
      .option('--allow-deletes', "remove what the import did not see even over the connector's deletion threshold"),
  ).action((name: string, o: AdminOptions & { delta?: boolean; allowDeletes?: boolean }) =>
    withClient(o, async (c) => {
      const [{ default: cliProgress }, { AdminCallError }] = await Promise.all([
        import('cli-progress'),
        import('./admin-client.ts'),
      ]);
      const res = await c.call(
        'POST',
        `/connectors/${encodeURIComponent(name)}/import?kind=${o.delta ? 'delta' : 'full'}${o.allowDeletes ? '&allowDeletes=true' : ''}`,
      );
      const bar = new cliProgress.SingleBar(
        {
          format: ' {bar} {value}/{total} objects | {objectType} | page {pages} | {rate}/s',
          stream: process.stderr,
          hideCursor: true,
          noTTYOutput: false,
        },
        cliProgress.Presets.shades_classic,
      );
      let total = 0;
      let done = 0;
      const t0 = Date.now();
      let buf = '';
      const decoder = new TextDecoder();
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const ev = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
          buf = buf.slice(nl + 1);
          if (ev.event === 'started') {
            total = Object.values(ev.estimate as Record<string, number>).reduce((a, b) => a + b, 0);
            bar.start(Math.max(total, 1), 0, { objectType: '', pages: 0, rate: 0 });
          } else if (ev.event === 'progress') {
            const objects = done + Number(ev.objects);
            if (objects > total) bar.setTotal((total = objects));
            bar.update(objects, {
              objectType: ev.objectType,
              pages: ev.pages,
              rate: Math.round(objects / Math.max(0.001, (Date.now() - t0) / 1000)),
            });
            if (ev.done) done += Number(ev.objects);
          } else if (ev.event === 'done') {
            bar.setTotal(Math.max(done, 1));
            bar.update(done);
            bar.stop();
            const report = ev.report as {
              durationMs: number;
              types: {
                objectType: string;
                objects: number;
                added: number;
                updated: number;
                unchanged: number;
                removed: number;
              }[];
            };
            for (const t of report.types)
              process.stdout.write(
                `${t.objectType}: ${t.objects} read, ${t.added} added, ${t.updated} updated, ${t.unchanged} unchanged, ${t.removed} removed\n`,
              );
            process.stdout.write(
              `${o.delta ? 'Delta' : 'Full'} import of ${name} finished in ${report.durationMs} ms.\n`,
            );
          } else if (ev.event === 'failed') {
            bar.stop();
            throw new AdminCallError(`The import failed: ${String(ev.error)}`);
          }
        }
      }
    }),
  );

  withAdminOptions(
    program
      .command('test-connection')
      .description("Test a connector's connection to its application on a running host")
      .argument('<connector>'),
  ).action((name: string, o: AdminOptions) =>
    withClient(o, async (c) => {
      const r = await c.json<TestResult>('POST', `/connectors/${encodeURIComponent(name)}/test`);
      process.stdout.write(`${r.ok ? 'OK' : 'FAILED'}: ${r.message} (${r.durationMs} ms)\n`);
      for (const [i, k] of (r.calls ?? []).entries()) process.stdout.write(`  ${i + 1}. ${callLine(k)}\n`);
      if (!r.ok) process.exitCode = 1;
    }),
  );

  withAdminOptions(
    program
      .command('logs')
      .description('Show the provisioning log of a running host (newest first)')
      .option('-c, --connector <name>', 'only this connector')
      .option('-s, --status <status>', 'success, failure or skipped')
      .option('-a, --action <action>', 'create, replace, update, delete, get, query, import-full, …')
      .option('-o, --object <id>', 'only this object')
      .option('-n, --limit <n>', 'how many', '50')
      .option('--json', 'print JSON'),
  ).action(
    (
      o: AdminOptions & {
        connector?: string;
        status?: string;
        action?: string;
        object?: string;
        limit: string;
        json?: boolean;
      },
    ) =>
      withClient(o, async (c) => {
        const q = new URLSearchParams({ limit: o.limit });
        for (const k of ['connector', 'status', 'action', 'object'] as const) if (o[k]) q.set(k, o[k]!);
        const { records } = await c.json<{
          records: {
            time: string;
            connector: string;
            objectType: string;
            object?: string;
            action: string;
            status: string;
            durationMs: number;
            error?: { code: string; message: string; recommendation?: string };
          }[];
        }>('GET', `/logs?${q}`);
        if (o.json) return void process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        for (const r of records) {
          process.stdout.write(
            `${r.time} ${r.connector} ${r.objectType} ${r.object ?? '-'} ${r.action} ${r.status.toUpperCase()} ${r.durationMs} ms${r.error ? ` — ${r.error.message}${r.error.recommendation ? ` (${r.error.recommendation})` : ''}` : ''}\n`,
          );
        }
        if (records.length === 0) process.stdout.write('No records.\n');
      }),
  );
}
