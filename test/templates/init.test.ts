// `ferry init --template`: every template of the gallery copies into a configuration folder that validates, in
// both styles, with its parameters filled, secrets in files of their own (mode 0600) and never in ferry.yaml.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, TEMPLATE_FILES, TEMPLATE_STYLES, templateNames } from '../../src/cli/template-gallery.ts';
import { loadCheckedHostConfig } from '../../src/host/check-setup.ts';
import { parseMappingFile } from '../../src/provision/load-mapping-file.ts';
import { runFerryInProcess } from '../../src/test-support/run-ferry-in-process.ts';
import { runFerry } from '../../src/test-support/run-ferry.ts';
import { loadProject } from '../../src/webservice/project/load-project.ts';

const names = templateNames();
let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'ferry-init-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A value for each parameter of a project: secrets get a recognisable secret, the rest plain text. */
function paramFlags(dir: string): { flags: string[]; secrets: string[]; plain: Record<string, string> } {
  const flags: string[] = [];
  const secrets: string[] = [];
  const plain: Record<string, string> = {};
  for (const p of loadProject(join(dir, 'project.yaml')).project.parameters) {
    const value =
      p.type === 'secret'
        ? `Secret-${p.name}-7f3a9c`
        : p.type === 'number'
          ? '42'
          : p.type === 'boolean'
            ? 'true'
            : `value-${p.name}`;
    flags.push('--param', `${p.name}=${value}`);
    if (p.type === 'secret') secrets.push(value);
    else plain[p.name] = value;
  }
  return { flags, secrets, plain };
}

test('the gallery has the SAP ECC and Oracle EBS templates, each with every file, all listed in its README', () => {
  for (const n of ['sap-ecc', 'oracle-ebs']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  const readme = readFileSync(join(loadTemplate('sap-ecc').dir, '..', 'README.md'), 'utf8');
  for (const n of names) {
    const t = loadTemplate(n);
    for (const f of TEMPLATE_FILES) assert.ok(existsSync(join(t.dir, f)), `${n}/${f}`);
    assert.match(readme, new RegExp(`\\[${n}\\]\\(${n}/\\)`), `templates/README.md lists ${n}`);
  }
});

test('ferry init --list names every template with its API', async () => {
  const r = await runFerryInProcess(['init', '--list'], work);
  assert.equal(r.code, 0, r.stderr);
  for (const n of names) {
    const { manifest } = loadTemplate(n);
    assert.ok(
      r.stdout.split('\n').some((l) => l.startsWith(n) && l.trimEnd().endsWith(`  ${manifest.title}`)),
      r.stdout,
    );
    assert.ok(r.stdout.includes(manifest.api));
  }
});

for (const name of names) {
  describe(`template ${name}`, () => {
    for (const style of TEMPLATE_STYLES) {
      test(`${style} style: a folder that validates, parameters filled, secrets in secrets/`, async () => {
        const t = loadTemplate(name);
        const dir = join(work, `${name}-${style}`);
        const { flags, secrets, plain } = paramFlags(t.dir);
        const r = await runFerryInProcess(
          [
            'init',
            '--template',
            t.manifest.name,
            '--dir',
            dir,
            '--style',
            style,
            '--base-url',
            'http://127.0.0.1:9',
            '--name',
            'APPX',
            ...flags,
          ],
          work,
        );
        assert.equal(r.code, 0, r.stderr);
        const config = readFileSync(join(dir, 'ferry.yaml'), 'utf8');
        for (const s of secrets) {
          assert.ok(!config.includes(s), 'a secret parameter is not written in ferry.yaml');
          assert.ok(!r.stdout.includes(s), 'nor printed');
        }
        const token = readFileSync(join(dir, 'secrets', 'connector-token'), 'utf8').trim();
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.ok(r.stdout.includes(token), 'the token to enter in Entra is printed');
        const prefix = style === 'ecma' ? '/ecma2host_APPX/scim' : '/connectors/APPX/scim';
        assert.ok(r.stdout.includes(`:8585${prefix}`), r.stdout);
        assert.equal(statSync(join(dir, 'secrets', 'connector-token')).mode & 0o777, 0o600);
        assert.ok(!config.includes('{{'), 'no placeholder is left');

        const { config: cfg } = await loadCheckedHostConfig(join(dir, 'ferry.yaml'), {});
        const c = cfg.connectors[0];
        assert.equal(c.name, 'APPX');
        assert.equal(c.exposure, style);
        assert.equal(c.secretToken, token);
        assert.equal(c.connectivity.baseUrl, 'http://127.0.0.1:9');
        for (const [k, v] of Object.entries(plain)) assert.equal(String(c.parameters[k]), v, k);
        for (const s of secrets) assert.ok(Object.values(c.parameters).includes(s), 'the secret file is referenced');

        // The mapping file trusts the certificate the host makes on its first start: stand in for it.
        mkdirSync(join(dir, 'data', 'tls'), { recursive: true });
        writeFileSync(join(dir, 'data', 'tls', 'ferry-cert.pem'), 'not read until a cycle runs\n');
        const job = parseMappingFile(readFileSync(join(dir, 'mappings.yaml'), 'utf8'), join(dir, 'mappings.yaml'));
        assert.equal(job.config.target.url, `https://localhost:8585${prefix}`);
        assert.equal(job.config.target.token, token);
        assert.ok(existsSync(join(dir, 'users.csv')) && existsSync(join(dir, 'README.md')));
      });
    }
  });
}

test('a missing parameter without a terminal: nothing is written, the message says how to give it', async () => {
  const dir = join(work, 'missing');
  const r = await runFerryInProcess(['init', '--template', 'sap-ecc', '--dir', dir, '--param', 'user=SVC'], work);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /missing password: give --param password=… or set FERRY_INIT_PASSWORD/);
  assert.ok(!existsSync(dir));
  const env = await runFerryInProcess(['init', '--template', 'sap-ecc', '--dir', dir, '--param', 'user=SVC'], work, {
    FERRY_INIT_PASSWORD: 'from-the-environment',
  });
  assert.equal(env.code, 0, env.stderr);
  assert.equal(readFileSync(join(dir, 'secrets', 'password'), 'utf8'), 'from-the-environment\n');
});

test('refused: an unknown template, an unknown parameter, a folder that is not empty', async () => {
  const unknown = await runFerryInProcess(['init', '--template', 'nosuch'], work);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no template "nosuch" \(there are: .*sap-ecc/);
  const param = await runFerryInProcess(['init', '--template', 'sap-ecc', '--param', 'colour=blue'], work);
  assert.match(param.stderr, /no parameter colour \(it has: baseUrl, user, password\)/);
  const full = join(work, 'full');
  mkdirSync(full);
  writeFileSync(join(full, 'keep.txt'), 'mine');
  const r = await runFerryInProcess(['init', '--template', 'sap-ecc', '--dir', full], work);
  assert.match(r.stderr, /is not empty/);
  assert.equal(readFileSync(join(full, 'keep.txt'), 'utf8'), 'mine');
});

test('the real binary: ferry init, then ferry validate accepts the folder', async () => {
  const dir = join(work, 'spawned');
  const r = await runFerry(['init', '-t', 'sap-ecc', '-d', dir, '-p', 'user=SVC', '-p', 'password=pw-123456'], work);
  assert.equal(r.code, 0, r.stderr);
  const v = await runFerry(['validate', join(dir, 'ferry.yaml')], work);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /valid \(1 connector: SAPECC\)/);
});

test('the templates ship in the npm package, beside dist/ where ferry init looks for them', () => {
  const root = join(loadTemplate('sap-ecc').dir, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
  assert.ok(!pkg.files || pkg.files.some((f) => /^\/?templates\/?$/.test(f)), 'package.json "files" lists templates');
  const ignored = existsSync(join(root, '.npmignore')) ? readFileSync(join(root, '.npmignore'), 'utf8') : '';
  assert.doesNotMatch(ignored, /^\/?templates/m);
});
