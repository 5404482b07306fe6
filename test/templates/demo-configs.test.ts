// The demo hosts run the templates as `ferry init` writes them: each demo connector is its template's snippet
// (connector-ecma.yaml or connector-scim.yaml) with the demo's own values, on the template's project file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { fillPlaceholders, placeholderNames } from '../../src/cli/fill-placeholders.ts';
import { loadTemplate } from '../../src/cli/template-gallery.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A snippet parsed with every placeholder filled by a marker. */
function snippet(template: string, style: 'ecma' | 'scim'): Record<string, unknown> {
  const text = readFileSync(join(loadTemplate(template).dir, `connector-${style}.yaml`), 'utf8');
  return parse(fillPlaceholders(text, Object.fromEntries(placeholderNames(text).map((n) => [n, `<${n}>`]))));
}

const CASES: [string, string, string, 'ecma' | 'scim'][] = [
  ['sap-ecc', 'examples/sap/ferry.yaml', 'SAPECC', 'ecma'],
  ['oracle-ebs', 'examples/ebs/ferry.yaml', 'EBS', 'ecma'],
  ['oracle-ebs', 'examples/ebs/ferry.yaml', 'EBSSCIM', 'scim'],
];

for (const [template, config, name, style] of CASES) {
  test(`${config} ${name} is the ${template} template's ${style} snippet`, () => {
    const file = join(REPO, config);
    const demo = (
      parse(readFileSync(file, 'utf8'), { merge: true }) as { connectors: Record<string, unknown>[] }
    ).connectors.find((c) => c.name === name)!;
    const mine = snippet(template, style);
    for (const key of ['kind', 'exposure', 'capabilities', 'objectTypes', 'autosyncMinutes'])
      assert.deepEqual(demo[key], mine[key], `${name}.${key}`);
    // The demo leaves the parameters that have defaults (the EBS SOAHeader's) to the project.
    for (const k of Object.keys(demo.parameters as object))
      assert.ok(Object.hasOwn(mine.parameters as object, k), `${name}.parameters.${k} is in the snippet`);
    const project = (demo.connectivity as { project: string }).project;
    assert.equal(resolve(dirname(file), project), join(loadTemplate(template).dir, 'project.yaml'));
  });
}

test("examples/sap/mappings.yaml (ferry demo sap's) has the sap-ecc template's mappings", () => {
  const demo = parse(readFileSync(join(REPO, 'examples/sap/mappings.yaml'), 'utf8'));
  const text = readFileSync(join(loadTemplate('sap-ecc').dir, 'mappings.yaml'), 'utf8');
  const mine = parse(fillPlaceholders(text, { tenantUrl: 'https://x/scim', secretToken: 't' }));
  for (const key of ['mappings', 'actions', 'accidentalDeletions', 'escrow'])
    assert.deepEqual(demo[key], mine[key], key);
  assert.deepEqual({ ...demo.source, file: 'users.csv' }, mine.source);
});
