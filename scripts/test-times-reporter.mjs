// A node:test reporter for test-shards.mjs: one JSON line per finished test (its file, duration, result), from which
// the runner adds up the totals and each file's time for dealing files to shards next time.
/** Reports each finished test as a JSON line. */
export default async function* timesReporter(source) {
  for await (const e of source) {
    if (e.type !== 'test:pass' && e.type !== 'test:fail') continue;
    const { name, file, nesting, details, skip, todo } = e.data;
    const result = e.type === 'test:fail' ? 'fail' : skip ? 'skipped' : todo ? 'todo' : 'pass';
    const suite = details?.type === 'suite';
    yield `${JSON.stringify({ name, file, nesting, ms: details?.duration_ms ?? 0, result, suite })}\n`;
  }
}
