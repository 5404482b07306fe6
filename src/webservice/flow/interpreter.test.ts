// Each activity of the flow language, run by the interpreter against a real HTTP server on loopback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { HttpCaller } from '../http-caller.ts';
import type { ActivityList } from '../project/activity-schema.ts';
import type { Project } from '../project/project-schema.ts';
import { FlowError } from './flow-error.ts';
import { runFlow, type FlowSinks } from './interpreter.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let server: Server;
let base: string;
const seen: Seen[] = [];
const ITEMS = Array.from({ length: 23 }, (_, i) => ({ id: `i${i}`, name: `Item ${i}` }));

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const u = new URL(req.url!, 'http://x');
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      if (u.pathname === '/items') {
        const after = Number(u.searchParams.get('cursor') ?? 0);
        const limit = Number(u.searchParams.get('limit') ?? 10);
        const page = ITEMS.slice(after, after + limit);
        return json(200, { data: page, next: after + limit < ITEMS.length ? String(after + limit) : null });
      }
      if (u.pathname.startsWith('/things/missing')) return json(404, { error: 'no such thing' });
      if (u.pathname === '/fail') return json(409, { error: 'duplicate' });
      if (u.pathname === '/slow') return void setTimeout(() => json(200, { late: true }), 600);
      if (u.pathname === '/garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"data": [1, 2');
      }
      return json(req.method === 'POST' ? 201 : 200, { ok: true, id: 'new-1', path: u.pathname });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function project(): Project {
  return {
    name: 't',
    version: 1,
    parameters: [],
    services: {
      svc: {
        kind: 'rest',
        http: { baseUrl: base } as Project['services'][string]['http'],
        discovery: { operations: { getThing: { method: 'GET', path: '/things/{id}', parameters: [] } } },
      },
    },
    schema: {
      objectTypes: [
        {
          name: 'User',
          anchor: 'id',
          attributes: [
            {
              name: 'id',
              type: 'string',
              multiValued: false,
              required: false,
              readOnly: false,
              writeOnly: false,
              unique: false,
              caseExact: false,
            },
          ],
        },
      ],
    },
    flows: { objectTypes: {} },
  };
}

async function run(list: ActivityList, scope: Record<string, unknown> = {}, sinks: FlowSinks = {}, timeoutMs = 30_000) {
  const caller = new HttpCaller({ baseUrl: base, retry: { maxAttempts: 1 }, timeouts: { requestMs: timeoutMs } });
  try {
    await runFlow(
      list,
      scope,
      { project: project(), callers: new Map([['svc', caller]]), logger: pino({ level: 'silent' }) },
      sinks,
    );
    return scope;
  } finally {
    await caller.close();
  }
}

test('call: path segments and query values escaped, headers, JSON body with undefined left out, result variable', async () => {
  seen.length = 0;
  const s = await run(
    [
      {
        call: 'POST /things/{{ id }}',
        query: { q: '{{ q }}', tags: '{{ tags }}' },
        headers: { 'X-Trace': 't-{{ n }}' },
        body: { a: '{{ n }}', b: '{{ missing }}', c: 'x{{ n }}' },
        as: 'r',
      },
    ],
    { id: 'a/b c', q: 'x&y=z', tags: ['p', 'q'], n: 7 },
  );
  const req = seen[0];
  assert.equal(req.url, '/things/a%2Fb%20c?q=x%26y%3Dz&tags=p&tags=q');
  assert.equal(req.headers['x-trace'], 't-7');
  assert.deepEqual(JSON.parse(req.body), { a: 7, c: 'x7' });
  assert.equal((s.r as { status: number }).status, 201);
  assert.equal((s.r as { body: { id: string } }).body.id, 'new-1');
});

test('call of a discovered operation with a path parameter; notFound: null', async () => {
  seen.length = 0;
  const s = await run(
    [
      { call: 'getThing', path: { id: '{{ x }}' }, as: 'got' },
      { call: 'getThing', path: { id: 'missing' }, notFound: 'null', as: 'none' },
    ],
    { x: 'k1' },
  );
  assert.equal(seen[0].url, '/things/k1');
  assert.equal(s.none, null);
  await assert.rejects(run([{ call: 'getThing', path: { id: 'missing' } }]), (e: FlowError) => e.kind === 'notFound');
});

test('form bodies are URL-encoded', async () => {
  seen.length = 0;
  await run([{ call: 'POST /form', form: { user: '{{ u }}', n: '1' } }], { u: 'a b&c' });
  assert.equal(seen[0].body, 'user=a+b%26c&n=1');
  assert.match(String(seen[0].headers['content-type']), /application\/x-www-form-urlencoded/);
});

test('paged call with each: every record of every page, in order, streamed to emit', async () => {
  const emitted: string[] = [];
  await run(
    [
      {
        call: 'GET /items',
        query: { limit: 5 },
        paginate: { type: 'cursor', param: 'cursor', from: 'next' },
        records: 'data',
        each: { as: 'it', do: [{ emit: { anchor: '{{ it.id }}', attributes: { id: '{{ it.id }}' } } }] },
      },
    ],
    {},
    { emit: (o) => void emitted.push(o.anchor) },
  );
  assert.deepEqual(
    emitted,
    ITEMS.map((i) => i.id),
  );
});

test('collect: one value per record of every page into a new list; undefined values left out; none gives []', async () => {
  const s = await run([
    {
      call: 'GET /items',
      query: { limit: 5 },
      paginate: { type: 'cursor', param: 'cursor', from: 'next' },
      records: 'data',
      collect: { as: 'it', value: '{{ it.id }}', into: 'ids' },
    },
    {
      call: 'GET /items',
      query: { limit: 50 },
      records: 'data',
      collect: { as: 'it', value: "{{ it.id == 'i3' ? it.name : undefined }}", into: 'names' },
    },
    {
      call: 'GET /items',
      query: { limit: 5, cursor: 100 },
      paginate: { type: 'cursor', param: 'cursor', from: 'next' },
      records: 'data',
      collect: { as: 'it', value: '{{ it.id }}', into: 'none' },
    },
  ]);
  assert.deepEqual(
    s.ids,
    ITEMS.map((i) => i.id),
  );
  assert.deepEqual(s.names, ['Item 3']);
  assert.deepEqual(s.none, []);
});

test('a call whose answer lacks its records fails: a list answer without them is not an empty list', async () => {
  const flow: ActivityList = [
    {
      call: 'GET /no-records',
      records: 'data',
      each: { as: 'it', do: [{ emit: { anchor: '{{ it.id }}', attributes: {} } }] },
    },
  ];
  await assert.rejects(run(flow), (e: FlowError) => e instanceof FlowError && /no "data"/.test(e.message));
});

test('difference of large lists is linear (a group of 100,000 members against its previous members)', async () => {
  const before = Array.from({ length: 100_000 }, (_, i) => `acc_${i}`);
  const now = [...before.slice(1), 'acc_new'];
  const s = await run(
    [{ assign: { added: '{{ difference(now, before) }}', removed: '{{ difference(before, now) }}' } }],
    { now, before },
  );
  assert.deepEqual(s.added, ['acc_new']);
  assert.deepEqual(s.removed, ['acc_0']);
});

test('assign, if/else, switch/default, forEach', async () => {
  const s = await run(
    [
      { assign: { list: '{{ [1, 2, 3] }}', total: 0, label: 'none' } },
      { forEach: 'list', as: 'x', do: [{ assign: { total: '{{ total + x }}' } }] },
      { if: 'total > 5', then: [{ assign: { big: true } }], else: [{ assign: { big: false } }] },
      { switch: 'kind', cases: { a: [{ assign: { label: 'is a' } }] }, default: [{ assign: { label: 'other' } }] },
    ],
    { kind: 'zz' },
  );
  assert.equal(s.total, 6);
  assert.equal(s.big, true);
  assert.equal(s.label, 'other');
});

test('while, doWhile, and the guard against endless loops', async () => {
  const s = await run([
    { assign: { i: 0 } },
    { while: 'i < 4', do: [{ assign: { i: '{{ i + 1 }}' } }] },
    { doWhile: 'false', do: [{ assign: { once: '{{ (once ?? 0) + 1 }}' } }] },
  ]);
  assert.equal(s.i, 4);
  assert.equal(s.once, 1);
  await assert.rejects(run([{ while: 'true', max: 10, do: [] }]), /more than 10 rounds/);
});

test('try/catch receives the error; throw sets the kind; an application error keeps its kind', async () => {
  const s = await run([
    {
      try: [{ call: 'POST /fail' }],
      catch: [{ assign: { caught: '{{ error.kind }}', status: '{{ error.status }}' } }],
    },
  ]);
  assert.equal(s.caught, 'uniqueness');
  assert.equal(s.status, 409);
  await assert.rejects(
    run([{ throw: 'nope {{ n }}', kind: 'missingAttribute' }], { n: 1 }),
    (e: FlowError) => e.kind === 'missingAttribute' && e.message === 'nope 1',
  );
});

test('emitDelete, watermark, result and log go to their sinks', async () => {
  const got: unknown[] = [];
  await run(
    [
      { emitDelete: 'gone-{{ n }}' },
      { watermark: '{{ n * 10 }}' },
      { result: { anchor: 'a{{ n }}', attributes: { id: 'a{{ n }}' } } },
      { log: 'hello {{ n }}' },
    ],
    { n: 4 },
    {
      emitDelete: (a) => void got.push(['del', a]),
      watermark: (w) => void got.push(['wm', w]),
      result: (r) => void got.push(['res', r]),
    },
  );
  assert.deepEqual(got, [
    ['del', 'gone-4'],
    ['wm', '40'],
    ['res', { anchor: 'a4', attributes: { id: 'a4' } }],
  ]);
});

test('a header value with a line break is refused, not sent', async () => {
  seen.length = 0;
  await assert.rejects(
    run([{ call: 'GET /x', headers: { 'X-A': '{{ v }}' } }], { v: 'a\r\nX-Injected: 1' }),
    (e: FlowError) => e.kind === 'invalidValue',
  );
  assert.equal(seen.length, 0);
});

test('a slow application times out as unavailable; garbage JSON is refused, never half-read', async () => {
  await assert.rejects(
    run([{ call: 'GET /slow' }], {}, {}, 150),
    (e: FlowError) => e.kind === 'unavailable' && /150 ms|time/i.test(e.message),
  );
  await assert.rejects(
    run([{ call: 'GET /garbage', as: 'g' }]),
    (e: FlowError) => e.kind === 'unavailable' && /JSON/i.test(e.message),
  );
});

test('forEach with concurrency runs items at once, each with its own variables', async () => {
  seen.length = 0;
  const emitted: string[] = [];
  const s = await run(
    [
      {
        forEach: 'ids',
        as: 'id',
        concurrency: 4,
        do: [
          { call: 'GET /slow' },
          { assign: { inner: '{{ id }}' } },
          { emit: { anchor: '{{ id }}', attributes: {} } },
        ],
      },
    ],
    { ids: ['a', 'b', 'c', 'd'] },
    { emit: (o) => void emitted.push(o.anchor) },
  );
  assert.deepEqual(emitted.sort(), ['a', 'b', 'c', 'd']);
  assert.equal(s.inner, undefined, 'assignments stay inside each item');
  assert.equal(seen.length, 4);
});
