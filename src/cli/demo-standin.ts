// What `ferry demo sap` and `ferry demo ebs` share: a stand-in application in its own process (examples/<name>),
// a host from the demo's configuration onto it, their state in DATADIR/<name>/{app,host}, generated tokens, and
// the lines that tell a person what is running and what to try.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Host } from '../host/host.ts';
import { demoSecret } from './demo-secret.ts';
import type { ExampleProcess } from './example-process.ts';
import { fail } from './fail.ts';

/** The secrets of a demo run, each generated unless its environment variable is set. */
export interface DemoSecrets {
  token: { value: string; generated: boolean };
  admin: { value: string; generated: boolean };
  /** The stand-in's service password. */
  app: { value: string; generated: boolean };
}

/** One stand-in demo. */
export interface StandInDemo {
  /** The subcommand and the state folder's name, e.g. "sap". */
  name: string;
  description: string;
  /** The application's name in messages. */
  title: string;
  configFile: string;
  appPort: number;
  seed: number;
  /** The stand-in's service user, and the variables the host configuration reads: its password, user and URL. */
  serviceUser: string;
  env: { password: string; user: string; url: string };
  /** Starts the stand-in with its database in `dataDir`. */
  start(o: {
    port: number;
    dataDir: string;
    user: string;
    password: string;
    extraArgs: string[];
  }): Promise<ExampleProcess>;
  /** What to print: `about` (the stand-in, the tenant URLs) before the tokens, `tryIt` (commands) after them. */
  describe(host: Host, app: ExampleProcess, secrets: DemoSecrets): { about: string[]; tryIt: string[] };
}

/** "(generated; set NAME to choose one)" when a secret was generated. */
export const generatedNote = (s: { generated: boolean }, name: string): string =>
  s.generated ? ` (generated; set ${name} to choose one)` : '';

/** Registers `ferry demo <name>` under `ferry demo`. */
export function registerStandInDemo(demo: Command, d: StandInDemo): void {
  demo
    .command(d.name)
    .description(d.description)
    .option(
      '-d, --data-dir <dir>',
      `data folder (host state in DIR/${d.name}/host, the service in DIR/${d.name}/app)`,
      './.ferry-demo',
    )
    .option('-p, --port <port>', 'port of the host', (v) => Number(v), 8585)
    .option('--app-port <port>', `port of the ${d.title} stand-in`, (v) => Number(v), d.appPort)
    .option('--seed <n>', 'users the stand-in creates on its first start', (v) => Number(v), d.seed)
    .option('--http', 'plain HTTP on 127.0.0.1 instead of HTTPS')
    .action(
      async (o: { dataDir: string; port: number; appPort: number; seed: number; http?: boolean }, cmd: Command) => {
        try {
          // `ferry demo` has the same options; commander gives it the ones written after the subcommand when this
          // command leaves them at their defaults, so take them back.
          const parent = demo.opts() as Record<string, unknown>;
          for (const k of ['dataDir', 'port', 'appPort', 'seed', 'http'] as const) {
            if (demo.getOptionValueSource(k) === 'cli' && cmd.getOptionValueSource(k) !== 'cli')
              (o as Record<string, unknown>)[k] = parent[k];
          }
          const secrets: DemoSecrets = {
            token: demoSecret('FERRY_DEMO_TOKEN'),
            admin: demoSecret('FERRY_ADMIN_TOKEN'),
            app: demoSecret(d.env.password),
          };
          const dataDir = resolve(o.dataDir, d.name);
          process.env[d.env.user] = d.serviceUser;
          const app = await d.start({
            port: o.appPort,
            dataDir: join(dataDir, 'app'),
            user: d.serviceUser,
            password: secrets.app.value,
            extraArgs: ['--seed', String(o.seed)],
          });
          process.env[d.env.url] = app.url;
          // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
          const { certificateLines, runDemoHost } = await import('./run-host.ts');
          await runDemoHost(d.configFile, { dataDir, port: o.port, http: o.http }, app, (host) => {
            const { about, tryIt } = d.describe(host, app, secrets);
            return [
              '',
              `Ferry ${d.title} demo is running (state in ${dataDir}).`,
              certificateLines(host).trimEnd(),
              ...about,
              `Secret token${generatedNote(secrets.token, 'FERRY_DEMO_TOKEN')}: ${secrets.token.value}`,
              `Admin token${generatedNote(secrets.admin, 'FERRY_ADMIN_TOKEN')}: ${secrets.admin.value}   (ferry status / import / logs)`,
              'Try:',
              ...tryIt,
              'Stop with Ctrl+C.',
              '',
            ].join('\n');
          });
        } catch (e) {
          fail(e);
        }
      },
    );
}
