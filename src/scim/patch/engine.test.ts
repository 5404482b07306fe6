import { test } from 'node:test';
import { RFC_SAMPLES } from '../../test-support/rfc-samples.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ENTERPRISE_USER_SCHEMA_ID } from '../schema/core-schemas.ts';
import { groupSchema, userSchema } from '../../test-support/scim-schemas.ts';
import { applyPatch } from './engine.ts';

// RFC 7644 §3.5.2 samples applied to the RFC 7643 user and group samples.
const samples = RFC_SAMPLES;
type Json = Record<string, unknown>;
const load = (file: string): Json => JSON.parse(readFileSync(new URL(file, samples), 'utf8'));
const ops = (file: string): unknown => load(`rfc7644-${file}.json`).Operations;

const us = userSchema();
const gs = groupSchema();
const user = () => load('rfc7643-8.3-enterprise_user.json');
const group = () => load('rfc7643-8.4-group.json');
type Elem = Record<string, unknown>;
const list = (r: Json, key: string) => r[key] as Elem[];

/** Applies and checks the input was left as it was. */
function patch(resource: Json, operations: unknown, schema = us): Json {
  const before = JSON.stringify(resource);
  const out = applyPatch(resource, operations, schema);
  assert.equal(JSON.stringify(resource), before, 'input not mutated');
  assert.notEqual(out, resource);
  return out;
}

test('every RFC 7644 PATCH sample applies without error and leaves its input untouched', () => {
  const files = readdirSync(samples).filter((f) => f.includes('patch_op'));
  assert.equal(files.length, 10);
  for (const f of files) {
    const body = load(f);
    const isGroup = f.includes('member');
    const out = patch(isGroup ? group() : user(), body.Operations, isGroup ? gs : us);
    assert.ok(Array.isArray(out.schemas), f);
  }
});

test('3.5.2.1 add emails: appends the new address, skips the existing one, sets nickName (any key case)', () => {
  const start = user();
  start.emails = [list(start, 'emails')[0]];
  delete start.nickName;
  const out = patch(start, ops('3.5.2.1-patch_op-add_emails'));
  assert.deepEqual(out.emails, [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ]);
  assert.equal(out.nickName, 'Babs');
  assert.equal('nickname' in out, false, 'stored under the declared name');
  const again = patch(user(), ops('3.5.2.1-patch_op-add_emails'));
  assert.equal(list(again, 'emails').length, 2, 'an equal value is not added twice');
});

test('3.5.2.1 add members: appends a new member; display is read-only and dropped', () => {
  const start = group();
  start.members = [list(start, 'members')[1]];
  const out = patch(start, ops('3.5.2.1-patch_op-add_members'), gs);
  assert.deepEqual(
    list(out, 'members').map((m) => m.value),
    ['902c246b-6245-4190-8e05-00816be7344a', '2819c223-7f76-453a-919d-413861904646'],
  );
  assert.deepEqual(list(out, 'members')[1], {
    $ref: 'https://example.com/v2/Users/2819c223...413861904646',
    value: '2819c223-7f76-453a-919d-413861904646',
  });
  assert.equal(list(patch(group(), ops('3.5.2.1-patch_op-add_members'), gs), 'members').length, 2, 'already a member');
});

test('3.5.2.2 remove all members', () => {
  const out = patch(group(), ops('3.5.2.2-patch_op-remove_all_members'), gs);
  assert.equal('members' in out, false);
  assert.equal(out.displayName, 'Tour Guides');
});

test('3.5.2.2 remove one member by value filter; a filter matching nothing is a no-op', () => {
  const start = group();
  list(start, 'members').push({ value: '2819c223-7f76-...413861904646', display: 'Sample id' });
  const out = patch(start, ops('3.5.2.2-patch_op-remove_one_member'), gs);
  assert.deepEqual(
    list(out, 'members').map((m) => m.value),
    ['2819c223-7f76-453a-919d-413861904646', '902c246b-6245-4190-8e05-00816be7344a'],
  );
  assert.deepEqual(patch(group(), ops('3.5.2.2-patch_op-remove_one_member'), gs).members, group().members);
});

test('3.5.2.2 remove one member and add another in one request (no space before the filter value)', () => {
  const start = group();
  list(start, 'members').push({ value: '2819c223...919d-413861904646' });
  const out = patch(start, ops('3.5.2.2-patch_op-remove_and_add_one_member'), gs);
  assert.deepEqual(
    list(out, 'members').map((m) => m.value),
    ['2819c223-7f76-453a-919d-413861904646', '902c246b-6245-4190-8e05-00816be7344a', '08e1d05d...473d93df9210'],
  );
});

test('3.5.2.2 remove the emails matching a two-condition filter', () => {
  const out = patch(user(), ops('3.5.2.2-patch_op-remove_multi_complex_value'));
  assert.deepEqual(out.emails, [{ value: 'babs@jensen.org', type: 'home' }]);
  const start = user();
  start.emails = [{ value: 'bjensen@example.com', type: 'work' }];
  assert.equal(
    'emails' in patch(start, ops('3.5.2.2-patch_op-remove_multi_complex_value')),
    false,
    'removing the last leaves no attribute',
  );
});

test('3.5.2.3 replace all email values and the nickName', () => {
  const start = user();
  start.emails = [{ value: 'old@example.com', type: 'other' }];
  start.nickName = 'Barbie';
  const out = patch(start, ops('3.5.2.3-patch_op-replace_all_email_values'));
  assert.deepEqual(out.emails, [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ]);
  assert.equal(out.nickName, 'Babs');
});

test('3.5.2.3 replace all members (remove, then add)', () => {
  const out = patch(group(), ops('3.5.2.3-patch_op-replace_all_members'), gs);
  assert.deepEqual(
    list(out, 'members').map((m) => m.value),
    ['2819c223-7f76-453a-919d-413861904646', '08e1d05d-121c-4561-8b96-473d93df9210'],
  );
});

test('3.5.2.3 replace the street address of the work address only', () => {
  const out = patch(user(), ops('3.5.2.3-patch_op-replace_street_address'));
  const [work, home] = list(out, 'addresses');
  assert.equal(work.streetAddress, '1010 Broadway Ave');
  assert.equal(work.locality, 'Hollywood', 'other sub-attributes kept');
  assert.equal(work.primary, true);
  assert.equal(home.streetAddress, '456 Hollywood Blvd');
});

test('3.5.2.3 replace the whole work address', () => {
  const out = patch(user(), ops('3.5.2.3-patch_op-replace_user_work_address'));
  const addresses = list(out, 'addresses');
  assert.equal(addresses.length, 2);
  assert.deepEqual(addresses[0], {
    type: 'work',
    streetAddress: '911 Universal City Plaza',
    locality: 'Hollywood',
    region: 'CA',
    postalCode: '91608',
    country: 'US',
    formatted: '911 Universal City Plaza\nHollywood, CA 91608 US',
    primary: true,
  });
  assert.equal(addresses[1].type, 'home');
  assert.equal(addresses[1].primary, undefined);
});

test('the enterprise extension survives unrelated operations', () => {
  const out = patch(user(), ops('3.5.2.3-patch_op-replace_all_email_values'));
  assert.deepEqual(out[ENTERPRISE_USER_SCHEMA_ID], user()[ENTERPRISE_USER_SCHEMA_ID]);
  assert.deepEqual(out.schemas, user().schemas);
});
