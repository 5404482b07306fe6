// A demo's configuration as a file of the demo's own: the console edits the configuration it was started from,
// and a demo must not change the files shipped in the package. On the first start the example configuration is
// copied into the demo's data folder with each connector's project beside it; later starts reuse the copies, so
// what was changed in the console is still there.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';

/** The demo's own copy of `exampleFile` in `dir` (made on the first start); returns its path. */
export function demoConfigCopy(exampleFile: string, dir: string): string {
  const copy = join(dir, basename(exampleFile));
  if (existsSync(copy)) return copy;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const doc = parseDocument(readFileSync(exampleFile, 'utf8'));
  const connectors = doc.get('connectors');
  if (isSeq(connectors)) {
    for (const c of connectors.items) {
      if (!isMap(c)) continue;
      const project = c.getIn(['connectivity', 'project']);
      if (typeof project !== 'string') continue;
      const source = resolve(dirname(exampleFile), project);
      const target = join(dir, basename(source));
      if (!existsSync(target)) copyFileSync(source, target);
      c.setIn(['connectivity', 'project'], basename(source));
    }
  }
  writeFileSync(copy, doc.toString(), { mode: 0o600 });
  return copy;
}
