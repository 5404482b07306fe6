import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Prompter } from './prompt.ts';

test('answers line by line; an empty line takes the default; a secret is never echoed', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  const p = new Prompter(input, output);
  try {
    const user = p.ask('user', { fallback: 'SVC' });
    input.write('ALICE\n');
    assert.equal(await user, 'ALICE');
    const kept = p.ask('responsibility', { fallback: 'UMX' });
    input.write('\n');
    assert.equal(await kept, 'UMX');
    const secret = p.ask('password', { secret: true, fallback: 'not-shown' });
    input.write('S3cret-typed\n');
    assert.equal(await secret, 'S3cret-typed');
  } finally {
    p.close();
  }
  assert.match(shown, /user \[SVC\]: /);
  assert.match(shown, /responsibility \[UMX\]: /);
  assert.match(shown, /password: /);
  assert.ok(!shown.includes('S3cret-typed'), 'the typed secret is not echoed');
  assert.ok(!shown.includes('not-shown'), "a secret's default is not shown");
  assert.ok(shown.includes('ALICE'), 'ordinary answers are echoed');
});
