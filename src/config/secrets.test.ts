import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { parseYaml } from './load-yaml.ts';
import { isSecretReference, resolveSecrets } from './secrets.ts';

test('isSecretReference finds env and file references, alone or embedded', () => {
  assert.equal(isSecretReference('${env:TOKEN}'), true);
  assert.equal(isSecretReference('Bearer ${file:./t.txt}'), true);
  assert.equal(isSecretReference('${other:X}'), false);
  assert.equal(isSecretReference('plain'), false);
  assert.equal(isSecretReference(42), false);
});

test('resolveSecrets replaces every reference in nested values and reports each missing one at its line', () => {
  const S = Type.Object({ a: Type.Array(Type.Object({ v: Type.String() })), b: Type.String() });
  const { value, source } = parseYaml(
    'a:\n  - v: "${env:ONE}-${env:TWO}"\n  - v: "${env:bad name}"\nb: "${env:NONE}"\n',
    'f.yaml',
    S,
  );
  const r = resolveSecrets(value, source, { env: { ONE: '1', TWO: '2' }, baseDir: '/nowhere' });
  assert.equal(value.a[0].v, '1-2');
  assert.deepEqual(r.resolvedPaths, [['a', 0, 'v'], ['a', 1, 'v'], ['b']]);
  assert.deepEqual(
    r.problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`),
    [
      '3:5 a[1].v "${env:bad name}": not a valid environment variable name',
      '4:1 b environment variable NONE is not set',
    ],
  );
});

test('resolved values are not scanned again (a secret may contain "${")', () => {
  const S = Type.Object({ b: Type.String() });
  const { value, source } = parseYaml('b: "${env:X}"\n', 'f.yaml', S);
  resolveSecrets(value, source, { env: { X: '${env:Y}' }, baseDir: '/' });
  assert.equal(value.b, '${env:Y}');
});

test('a token with whitespace or shorter than the minimum is refused; a repetitive one is weak', async () => {
  const { tokenProblem, isWeakToken } = await import('./secrets.ts');
  assert.match(tokenProblem(' '.repeat(12), 12) ?? '', /whitespace/);
  assert.match(tokenProblem('abcdefghijkl ', 12) ?? '', /whitespace/);
  assert.match(tokenProblem('abc\tdefghijkl', 12) ?? '', /whitespace/);
  assert.match(tokenProblem('short', 12) ?? '', /at least 12/);
  assert.equal(tokenProblem('aaaaaaaaaaaa', 12), undefined);
  assert.equal(isWeakToken('aaaaaaaaaaaa'), true);
  assert.equal(isWeakToken('abcabcabcabc'), true);
  assert.equal(isWeakToken('test-token-0123456789abcdef'), false);
  assert.equal(isWeakToken('q7Vd0-xN4pLr_8KzW2mYcT6bHsJ1eAfG9uQo3RiE5nU'), false);
});
