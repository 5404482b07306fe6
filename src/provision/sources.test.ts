import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSource } from './create-source.ts';
import { csvRecords } from './csv-source.ts';
import { jsonRecords } from './json-source.ts';
import { SourceError } from './source.ts';

test('CSV records: header names the attributes, empty cells are null, the id column is found ignoring case', () => {
  const r = csvRecords('UPN,city,title\r\nada@x,,"Director, R&D"\r\n', { id: 'upn' }, 'u.csv');
  assert.deepEqual(r, [{ id: 'ada@x', attributes: { UPN: 'ada@x', city: null, title: 'Director, R&D' } }]);
});

test('CSV problems name the file and line', () => {
  const err = (text: string, re: RegExp) =>
    assert.throws(
      () => csvRecords(text, { id: 'id' }, 'u.csv'),
      (e: unknown) => e instanceof SourceError && re.test(e.message),
    );
  err('name\nx\n', /^u\.csv:1: no column "id"/);
  err('id,a\n1,x\n1,y\n', /^u\.csv:3: duplicate id "1"/);
  err('id,a\n,x\n', /^u\.csv:2: empty id/);
  err('id,a\n1,x,extra\n', /^u\.csv:2: 3 fields, the header has 2/);
  err('id,a\n1,"x\n', /^u\.csv:2: unterminated quoted field/);
  err('', /^u\.csv: no header row/);
});

test('JSON records: an array or {"value": [...]}, typed values kept, nested objects as JSON text', () => {
  const r = jsonRecords(
    '{"value":[{"upn":"ada@x","accountEnabled":false,"age":36,"tags":["a","b"],"address":{"city":"London"},"empty":""}]}',
    'UPN',
    'u.json',
  );
  assert.deepEqual(r, [
    {
      id: 'ada@x',
      attributes: {
        upn: 'ada@x',
        accountEnabled: false,
        age: 36,
        tags: ['a', 'b'],
        address: '{"city":"London"}',
        empty: null,
      },
    },
  ]);
  assert.equal(jsonRecords('[{"id":7}]', 'id', 'u.json')[0].id, '7');
  assert.throws(() => jsonRecords('{"users": 3}', 'id', 'u.json'), /expected an array of users/);
  assert.throws(() => jsonRecords('[{"id":1},{"id":"1"}]', 'id', 'u.json'), /user 1: duplicate id "1"/);
  assert.throws(() => jsonRecords('[{"x":1}]', 'id', 'u.json'), /user 0 has no id/);
  assert.throws(() => jsonRecords('[', 'id', 'u.json'), /not valid JSON/);
});

test('sources read their files; an unreadable file is a SourceError', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-src-'));
  try {
    writeFileSync(join(dir, 'u.json'), '[{"id":"a","city":"Paris"}]');
    const json = createSource({
      kind: 'json',
      file: join(dir, 'u.json'),
      id: 'id',
      delimiter: ',',
      softDeletedAttribute: 'IsSoftDeleted',
    });
    assert.equal(json.description, 'json u.json');
    assert.deepEqual(await json.readAll(), [{ id: 'a', attributes: { id: 'a', city: 'Paris' } }]);
    writeFileSync(join(dir, 'u.csv'), 'id;city\na;Paris\n');
    const csv = createSource({
      kind: 'csv',
      file: join(dir, 'u.csv'),
      id: 'id',
      delimiter: ';',
      softDeletedAttribute: 'IsSoftDeleted',
    });
    assert.deepEqual(await csv.readAll(), [{ id: 'a', attributes: { id: 'a', city: 'Paris' } }]);
    const missing = createSource({
      kind: 'csv',
      file: join(dir, 'nope.csv'),
      id: 'id',
      delimiter: ',',
      softDeletedAttribute: 'IsSoftDeleted',
    });
    await assert.rejects(
      missing.readAll(),
      (e: unknown) => e instanceof SourceError && /cannot read the file \(ENOENT\)/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
