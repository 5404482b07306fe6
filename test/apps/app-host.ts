// Real applications from Debian for the test:apps suite: start one with its script (scripts/apps/<app>.sh, which
// installs it when missing), read the KEY=value lines it prints, and start a Ferry host whose two connectors are
// the template's snippets (ECMA and SCIM style) filled in, onto that application.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fillPlaceholders } from '../../src/cli/fill-placeholders.ts';
import { runFerryInProcess } from '../../src/test-support/run-ferry-in-process.ts';
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

/** Runs fn(i) for i from `from` up to `to` (exclusive), `workers` at a time. */
export async function inParallel(from: number, to: number, workers: number, fn: (i: number) => Promise<void>) {
  let next = from;
  const worker = async () => {
    while (next < to) await fn(next++);
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/** A SCIM PATCH request body. */
export const patchOp = (ops: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: ops,
});

/** A core SCIM User with a name and a work e-mail. */
export const scimUser = (login: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: login,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ type: 'work', value: `${login}@example.test`, primary: true }],
  active: true,
  ...extra,
});

/** Creates a user through the SCIM connector, reads it back and finds it by filter; its id. */
export async function createAndFind(t: TestHost, login: string): Promise<string> {
  const created = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser(login) });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as string;
  assert.equal((await t.scim(SCIM, `/Users/${id}`)).body.userName, login);
  const found = await t.scim(SCIM, `/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}`);
  assert.equal(found.body.totalResults, 1);
  assert.equal(found.body.Resources[0].id, id);
  return id;
}

/** How a test reads a group in the application itself. */
export interface AppGroups {
  /** The member ids, sorted. */
  members(gid: string): Promise<string[]>;
  name(gid: string): Promise<string>;
  /** The HTTP status of reading the group (404 once deleted). */
  status(gid: string): Promise<number>;
}

/** Through the SCIM connector: a group with one member, add and remove a member, rename, delete; each change checked in the application. */
export async function groupRoundTrip(t: TestHost, prefix: string, app: AppGroups): Promise<void> {
  const ids = [await createAndFind(t, `${prefix}-m1`), await createAndFind(t, `${prefix}-m2`)];
  const name = `${prefix} Team`;
  const created = await t.scim(SCIM, '/Groups', {
    method: 'POST',
    json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name, members: [{ value: ids[0] }] },
  });
  assert.equal(created.status, 201, created.text);
  const gid = created.body.id as string;
  assert.deepEqual(await app.members(gid), [ids[0]]);

  const patch = (ops: unknown[]) => t.scim(SCIM, `/Groups/${gid}`, { method: 'PATCH', json: patchOp(ops) });
  let r = await patch([{ op: 'add', path: 'members', value: [{ value: ids[1] }] }]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await app.members(gid), [...ids].sort());
  r = await patch([{ op: 'remove', path: `members[value eq "${ids[0]}"]` }]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await app.members(gid), [ids[1]]);
  r = await patch([{ op: 'replace', path: 'displayName', value: `${name} 2` }]);
  assert.equal(r.status, 200, r.text);
  assert.equal(await app.name(gid), `${name} 2`);
  const read = await t.scim(SCIM, `/Groups/${gid}`);
  assert.deepEqual(
    read.body.members.map((m: { value: string }) => m.value),
    [ids[1]],
  );

  assert.equal((await t.scim(SCIM, `/Groups/${gid}`, { method: 'DELETE' })).status, 204);
  assert.equal(await app.status(gid), 404);
}

/**
 * Runs `ferry sync` with the template's Entra mappings (mappings.yaml and its users.csv) against the host's
 * ECMA-style connector, as Entra would provision; the command's output. The host is plain HTTP here, so the
 * mapping file's TLS settings are left out.
 */
export async function syncTemplateMappings(t: TestHost, template: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-apps-sync-'));
  try {
    const src = join(ROOT, 'templates', template);
    copyFileSync(join(src, 'users.csv'), join(dir, 'users.csv'));
    const text = fillPlaceholders(readFileSync(join(src, 'mappings.yaml'), 'utf8'), {
      tenantUrl: `${t.host.baseUrl}/ecma2host_${ECMA}/scim`,
      secretToken: TOKEN,
    }).replace(/^ {2}tls:\n((?: {4}.*)?\n)+/m, '');
    writeFileSync(join(dir, 'mappings.yaml'), text);
    const r = await runFerryInProcess(['sync', '--mappings', join(dir, 'mappings.yaml')], dir);
    assert.equal(r.code ?? 0, 0, r.stdout + r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
