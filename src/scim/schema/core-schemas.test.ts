import { test } from 'node:test';
import { RFC_SAMPLES } from '../../test-support/rfc-samples.ts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMON_ATTRIBUTES, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './core-schemas.ts';
import type { AttributeDef, SchemaDef } from './types.ts';

const samples = RFC_SAMPLES;

interface SampleAttr {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact?: boolean;
  mutability?: string;
  returned?: string;
  uniqueness?: string;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: SampleAttr[];
}

function sample(file: string): { id: string; name: string; attributes: SampleAttr[] } {
  return JSON.parse(readFileSync(new URL(file, samples), 'utf8'));
}

/** Differences from the RFC sample we make on purpose, as `path.characteristic`. */
const DELIBERATE = new Set(['manager.$ref.required']);

function compare(ours: readonly AttributeDef[], theirs: SampleAttr[], prefix: string, diffs: string[]): void {
  assert.deepEqual(
    ours.map((a) => a.name),
    theirs.map((a) => a.name),
    `attribute names under '${prefix || '(root)'}'`,
  );
  theirs.forEach((t, i) => {
    const o = ours[i];
    const path = prefix ? `${prefix}.${t.name}` : t.name;
    const check = (key: keyof SampleAttr & keyof AttributeDef, expected: unknown) => {
      if (expected === undefined || DELIBERATE.has(`${path}.${key}`)) return;
      if (JSON.stringify(o[key]) !== JSON.stringify(expected))
        diffs.push(`${path}.${key}: ours ${JSON.stringify(o[key])}, RFC ${JSON.stringify(expected)}`);
    };
    check('type', t.type);
    check('multiValued', t.multiValued);
    check('required', t.required);
    check('caseExact', t.caseExact);
    check('mutability', t.mutability);
    check('returned', t.returned);
    check('uniqueness', t.uniqueness);
    check('canonicalValues', t.canonicalValues);
    check('referenceTypes', t.referenceTypes);
    if (t.subAttributes) compare(o.subAttributes ?? [], t.subAttributes, path, diffs);
    else assert.equal(o.subAttributes, undefined, `${path} has no sub-attributes in the RFC`);
  });
}

function matchesSample(ours: SchemaDef, file: string): void {
  const theirs = sample(file);
  assert.equal(ours.id, theirs.id);
  assert.equal(ours.name, theirs.name);
  const diffs: string[] = [];
  compare(ours.attributes, theirs.attributes, '', diffs);
  assert.deepEqual(diffs, []);
}

test('USER_SCHEMA matches RFC 7643 §8.7.1 (names, types and characteristics)', () => {
  matchesSample(USER_SCHEMA, 'rfc7643-8.7.1-schema-user.json');
});

test('GROUP_SCHEMA matches RFC 7643 §8.7.1', () => {
  matchesSample(GROUP_SCHEMA, 'rfc7643-8.7.1-schema-group.json');
});

test('ENTERPRISE_USER_SCHEMA matches RFC 7643 §8.7.1 except manager.$ref, which Entra never sends', () => {
  matchesSample(ENTERPRISE_USER_SCHEMA, 'rfc7643-8.7.1-schema-enterprise_user.json');
  const manager = ENTERPRISE_USER_SCHEMA.attributes.find((a) => a.name === 'manager');
  assert.equal(manager?.subAttributes?.find((s) => s.name === '$ref')?.required, false);
});

test('the key User characteristics the host relies on', () => {
  const byName = new Map(USER_SCHEMA.attributes.map((a) => [a.name, a]));
  assert.equal(byName.get('userName')?.uniqueness, 'server');
  assert.equal(byName.get('userName')?.required, true);
  assert.equal(byName.get('password')?.mutability, 'writeOnly');
  assert.equal(byName.get('password')?.returned, 'never');
  assert.equal(byName.get('groups')?.mutability, 'readOnly');
  assert.equal(byName.get('active')?.type, 'boolean');
  assert.deepEqual(
    byName.get('emails')?.subAttributes?.map((s) => s.name),
    ['value', 'display', 'type', 'primary'],
  );
});

test('COMMON_ATTRIBUTES: id, externalId, meta', () => {
  const [id, externalId, meta] = COMMON_ATTRIBUTES;
  assert.deepEqual(
    COMMON_ATTRIBUTES.map((a) => a.name),
    ['id', 'externalId', 'meta'],
  );
  assert.equal(id.mutability, 'readOnly');
  assert.equal(id.caseExact, true);
  assert.equal(id.returned, 'always');
  assert.equal(externalId.mutability, 'readWrite');
  assert.equal(externalId.caseExact, true);
  assert.equal(meta.mutability, 'readOnly');
  assert.equal(meta.type, 'complex');
  assert.deepEqual(
    meta.subAttributes?.map((s) => s.name),
    ['resourceType', 'created', 'lastModified', 'location', 'version'],
  );
  assert.equal(meta.subAttributes?.find((s) => s.name === 'lastModified')?.type, 'dateTime');
});

test('every attribute carries all required AttributeDef fields', () => {
  const walk = (list: readonly AttributeDef[]) => {
    for (const a of list) {
      for (const k of [
        'name',
        'type',
        'multiValued',
        'required',
        'caseExact',
        'mutability',
        'returned',
        'uniqueness',
      ] as const) {
        assert.notEqual(a[k], undefined, `${a.name}.${k}`);
      }
      assert.equal(a.type === 'complex', Array.isArray(a.subAttributes), `${a.name}: sub-attributes iff complex`);
      if (a.subAttributes) walk(a.subAttributes);
    }
  };
  for (const s of [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA]) walk(s.attributes);
  walk(COMMON_ATTRIBUTES);
});
