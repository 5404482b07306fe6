import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runFerryInProcess } from '../test-support/run-ferry-in-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `ferry expr ARGS` in a child process: the real binary. */
function spawnFerry(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/ferry.mjs', 'expr', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `ferry expr ARGS` in this process (main(argv)): no process start per case. */
async function ferry(...args: string[]): Promise<Run> {
  const r = await runFerryInProcess(['expr', ...args], root);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

function json(r: Run): unknown {
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one line on stdout');
  return JSON.parse(lines[0]);
}

test('ferry expr: a value, a secret, an ignored attribute', async () => {
  // The first runs the real binary; the others run in this process.
  const [upper, redact, ignored] = await Promise.all([
    spawnFerry(
      'ToUpper(Word([userPrincipalName], 1, "@"), )',
      '--input',
      '{"userPrincipalName": "john.doe@contoso.com", "roles": ["a", null]}',
    ),
    ferry('Redact("Pass@w0rd1")'),
    ferry('IgnoreFlowIfNullOrEmpty([department])', '--input', '{"department": ""}'),
  ]);
  assert.deepEqual(json(upper), { value: 'JOHN.DOE' });
  assert.deepEqual(json(redact), { value: 'Pass@w0rd1', secret: true });
  assert.deepEqual(json(ignored), { ignored: true });
});

test('ferry expr: --now fixes Now(); --existing feeds SelectUniqueValue', async () => {
  const [diff, unique] = await Promise.all([
    ferry(
      'DateDiff("d", Now(), CDate([StatusHireDate]))',
      '--input',
      '{"StatusHireDate": "2012-03-16-07:00"}',
      '--now',
      '2021-08-25T17:41:18Z',
    ),
    ferry(
      'SelectUniqueValue(Join("@", [a], "x.com"), Join("@", Append([a], "1"), "x.com"))',
      '--input',
      '{"a": "jo"}',
      '--existing',
      '["JO@x.com"]',
    ),
  ]);
  assert.deepEqual(json(diff), { value: -3449 });
  assert.deepEqual(json(unique), { value: 'jo1@x.com' });
});

test('ferry expr: a syntax error shows the position and a caret, and exits 2', async () => {
  const r = await ferry('ToUpper([a] "x")');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    'ferry: expression error at 12: expected ")", "," or a comparison operator (found the string "x")\n  ToUpper([a] "x")\n              ^\n',
  );
});

test('ferry expr: bad --input, --now or --existing exits 2; an evaluation error exits 1', async () => {
  const [badJson, nested, badNow, evalFail] = await Promise.all([
    ferry('[a]', '--input', '{"a": '),
    ferry('[a]', '--input', '{"a": {"b": 1}}'),
    ferry('Now()', '--now', 'teatime'),
    ferry('Mid([a], 0, 1)', '--input', '{"a": "abc"}'),
  ]);
  for (const r of [badJson, nested, badNow]) {
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
  }
  assert.match(badJson.stderr, /^ferry: --input is not valid JSON/);
  assert.match(nested.stderr, /attribute "a" must be a string, number, boolean, null or a list of them/);
  assert.match(badNow.stderr, /--now is not a date and time: "teatime"/);
  assert.equal(evalFail.status, 1);
  assert.match(evalFail.stderr, /^ferry: evaluation failed: Mid: start must be 1 or more/);
});
