// Real applications from Debian for the test:apps suite: start one with its script (scripts/apps/<app>.sh, which
// installs it when missing), read the KEY=value lines it prints, and start a Ferry host whose two connectors are
// the template's snippets (ECMA and SCIM style) filled in, onto that application.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startTestHost, TOKEN, type TestHost } from '../helpers/test-host.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts the application (idempotent) and returns the KEY=value lines its script printed. */
export function startApp(app: string): Record<string, string> {
  const out = execFileSync('bash', [join(ROOT, 'scripts', 'apps', `${app}.sh`), 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000,
  });
  return Object.fromEntries(
    out
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

/** The SCIM-style connector's name in a template host; the ECMA-style one is `ECMA`. */
export const SCIM = 'SCIM';
/** The ECMA-style connector's name in a template host. */
export const ECMA = 'ECMA';

/** A host with the template's ECMA and SCIM snippets as connectors ECMA and SCIM, onto baseUrl. */
export async function startTemplateHost(
  template: string,
  baseUrl: string,
  params: Record<string, string>,
): Promise<TestHost> {
  const dir = join(ROOT, 'templates', template);
  const snippet = (style: string, name: string) =>
    readFileSync(join(dir, `connector-${style}.yaml`), 'utf8')
      .replace(/\{\{(connector|baseUrl|secretToken|params\.([A-Za-z0-9_]+))\}\}/g, (_, k: string, p?: string) =>
        k === 'connector' ? name : k === 'baseUrl' ? baseUrl : k === 'secretToken' ? TOKEN : (params[p ?? ''] ?? ''),
      )
      .replace(/^(#.*\n)+/, '')
      .split('\n')
      .map((l, i) => (i === 0 || !l ? l : `    ${l}`))
      .join('\n');
  const configText = [
    'host:',
    '  listen: { host: 127.0.0.1, port: 0 }',
    '  dataDir: data',
    'connectors:',
    `  - ${snippet('ecma', ECMA)}`,
    `  - ${snippet('scim', SCIM)}`,
  ].join('\n');
  return startTestHost({ configText, configFile: join(dir, 'ferry.yaml') });
}
