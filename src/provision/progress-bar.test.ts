import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBar } from './progress-bar.ts';

const stream = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => out.push(t) } as unknown as NodeJS.WriteStream };
};

test('draws on a terminal, at the end always, and ends its line', () => {
  const { out, s } = stream(true);
  const bar = new ProgressBar('sync', s, 10);
  bar.update(0, 4);
  bar.update(1, 4);
  bar.update(4, 4);
  bar.done();
  assert.match(out[0], /^\rsync ░{10}\s+0% 0\/4 users/);
  assert.match(out.at(-2)!, /^\rsync █{10}\s+100% 4\/4 users/);
  assert.equal(out.at(-1), '\n');
});

test('writes nothing when stderr is not a terminal', () => {
  const { out, s } = stream(false);
  const bar = new ProgressBar('sync', s);
  bar.update(1, 2);
  bar.done();
  assert.deepEqual(out, []);
});
