import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { ConfigError } from './config-error.ts';
import { loadYamlFile, parseYaml } from './load-yaml.ts';

const Schema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    size: Type.Integer({ minimum: 1, default: 10 }),
    nested: Type.Object({ on: Type.Boolean({ default: true }) }, { additionalProperties: false, default: {} }),
    auth: Type.Optional(
      Type.Union([
        Type.Object(
          { user: Type.String(), password: Type.String() },
          { additionalProperties: false, title: '{ user, password }' },
        ),
        Type.Object({ token: Type.String() }, { additionalProperties: false, title: '{ token }' }),
      ]),
    ),
  },
  { additionalProperties: false },
);

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err;
  }
  assert.fail('expected a ConfigError');
}

test('defaults are applied, nested ones included, and the source locates settings', () => {
  const { value, source } = parseYaml('name: x\n', 'a.yaml', Schema);
  assert.deepEqual(value, { name: 'x', size: 10, nested: { on: true } });
  assert.deepEqual(source.locate(['name']), { line: 1, column: 1 });
  assert.deepEqual(source.locate(['nested', 'on']), { line: 1, column: 1 });
  assert.equal(source.problem(['nested', 'on'], 'boom').path, 'nested.on');
});

test('a union reports the errors of the closest form only', () => {
  const e1 = errorOf(() => parseYaml('name: x\nauth:\n  user: u\n', 'a.yaml', Schema));
  assert.equal(e1.message, 'a.yaml:2:1: auth: missing required property "password"');
  const e2 = errorOf(() => parseYaml('name: x\nauth: { token: t, user: u }\n', 'a.yaml', Schema));
  assert.match(e2.message, /^a\.yaml:2:19: auth\.user: unknown property/);
  const e3 = errorOf(() => parseYaml('name: x\nauth: yes\n', 'a.yaml', Schema));
  assert.equal(e3.message, 'a.yaml:2:1: auth: must be { user, password } or { token } (found a string)');
  const e4 = errorOf(() => parseYaml('name: x\nauth: {}\n', 'a.yaml', Schema));
  assert.equal(e4.message, 'a.yaml:2:1: auth: must be { user, password } or { token }');
});

test('an empty document is reported at 1:1', () => {
  assert.equal(
    errorOf(() => parseYaml('', 'a.yaml', Schema)).message,
    'a.yaml:1:1: must be an object (a map of settings) (found nothing)',
  );
});

test('mapping keys that are not identifiers are quoted in paths', () => {
  const S = Type.Object({ m: Type.Record(Type.String(), Type.String()) }, { additionalProperties: false });
  const e = errorOf(() => parseYaml('m:\n  "name.givenName": 3\n', 'a.yaml', S));
  assert.equal(e.message, 'a.yaml:2:3: m["name.givenName"]: must be a string (found an integer)');
});

test('loadYamlFile reads a file, and names a missing one', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-yaml-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'x.yaml');
  writeFileSync(file, 'name: n\nsize: 3\n');
  assert.equal(loadYamlFile(file, Schema).value.size, 3);
  const e = errorOf(() => loadYamlFile(join(dir, 'none.yaml'), Schema));
  assert.equal(e.message, `${join(dir, 'none.yaml')}: cannot read the file (ENOENT)`);
  assert.equal(e.line, 0);
});

test('alias bombs are refused before anything is expanded', () => {
  const names = 'abcdefgh'.split('');
  const lines = names.map((n, i) =>
    i === 0
      ? `${n}: &${n} [x, x, x, x, x, x, x, x, x, x]`
      : `${n}: &${n} [${Array(10)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]`,
  );
  const e = errorOf(() => parseYaml(`${lines.join('\n')}\nname: x\n`, 'a.yaml', Schema));
  assert.match(e.message, /^a\.yaml:1:1: cannot read the YAML: .*alias/i);
});
