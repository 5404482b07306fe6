// fast-check arbitraries of the SCIM surface as clients send it, Entra's dialect mixed in (SPEC §1): filters,
// query parameters, resource bodies, PATCH documents and Bulk requests against the demo connectors APP1 (ECMA
// style) and SCIMAPP (SCIM style). Ids are placeholders (@user3, @group1) that the runner replaces with objects
// it created through the same connector, so most requests reach a real object.
import fc from 'fast-check';

/** The ECMA2Host extension schemas of APP1. */
export const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
export const GEXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** The two demo connectors. */
export type ConnectorName = 'APP1' | 'SCIMAPP';

/** One generated SCIM request; `path` is relative to the connector's SCIM base and may hold placeholders. */
export interface FuzzRequest {
  connector: ConnectorName;
  method: string;
  path: string;
  /** A JSON value, or a raw string sent as the body as is. */
  body?: unknown;
  raw?: boolean;
  headers?: Record<string, string>;
}

/** How many pool objects a placeholder may name (@user0 … @user7). */
export const POOL_SLOTS = 8;

const userRef = fc.nat(POOL_SLOTS - 1).map((n) => `@user${n}`);
const groupRef = fc.nat(POOL_SLOTS - 1).map((n) => `@group${n}`);
const anyId = fc.oneof(
  { weight: 6, arbitrary: userRef },
  { weight: 1, arbitrary: fc.constantFrom('acc_999999', 'nope', '00000000-0000-0000-0000-000000000000', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

// Text people and directories send, and text a hostile client sends.
const text = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z][a-z]{0,10}$/) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', 'a\nb', '"', '\\', '\ud800', 'é', '😀', 'x'.repeat(300)) },
);
const login = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,8}$/), fc.nat(99999))
      .map(([a, n]) => `${a}${n}@fuzz.test`),
  },
  { weight: 1, arbitrary: text },
);
const bool = fc.oneof(
  { weight: 4, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constantFrom('False', 'True', 'false', 'true') },
  { weight: 1, arbitrary: fc.constantFrom('yes', 0, 1, null, [], {}) },
);
const date = fc.oneof(
  fc.constantFrom('9999-12-31', '1990-01-01', '2030-02-29', '2024-02-30', 'not a date', '2025-06-01T00:00:00Z'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
/** Any JSON value, to put where a specific type is expected. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, 42, -1, 1e308, true, [], {}, [[[]]], { value: {} }),
);
/** A value of the right type most of the time, anything otherwise. */
const orJunk = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 8, arbitrary: a as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });

const ECMA_ATTRS = [
  'userName',
  'firstName',
  'lastName',
  'displayName',
  'email',
  'telephoneNumber',
  'mobile',
  'company',
  'department',
  'city',
  'jobTitle',
  'employeeNumber',
  'expirationTime',
  'manager',
  'active',
  'export_password',
];

/** Attribute paths a client may name, per connector (filters, PATCH paths, sortBy, attributes). */
const scimPath = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'userName',
      'name.givenName',
      'name.familyName',
      'displayName',
      'title',
      'active',
      'emails',
      'emails.value',
      'emails[type eq "work"].value',
      'emails[type eq "home"].value',
      'phoneNumbers[type eq "mobile"].value',
      'phoneNumbers[type eq "work"].value',
      'addresses[type eq "work"].locality',
      `${ENT}:department`,
      `${ENT}:employeeNumber`,
      `${ENT}:manager`,
      `${ENT}:manager.value`,
      `${CORE_USER}:userName`,
      'id',
      'externalId',
      'meta.lastModified',
      'members',
      'members.value',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('nope', 'name.nope', 'emails[', 'a..b', '[', '', 'UserName', 'NAME.GIVENNAME'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 15 }) },
);
const ecmaPath = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ECMA_ATTRS).map((a) => `${EXT}:${a}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'userName',
      'active',
      'displayName',
      'emails[type eq "work"].value',
      'roles',
      `${EXT}:roles`,
      `${EXT}:nope`,
      `${EXT.toLowerCase()}:city`,
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 15 }) },
);
const pathFor = (c: ConnectorName) => (c === 'APP1' ? ecmaPath : scimPath);

// ---- filters (RFC 7644 §3.4.2.2) ----

const compareOp = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'EQ', 'Eq', 'Co', 'GT', 'xx');
const literal = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(login, text, fc.constantFrom('@user0')).map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.constantFrom('true', 'false', 'null', '42', '-1.5', '1e400', 'True') },
  { weight: 1, arbitrary: fc.constantFrom('"unterminated', 'bare', '"\\u12"', '"\\"', "'single'") },
);
/** A filter of the SCIM grammar, with mistakes mixed in. */
export const filterFor = (c: ConnectorName): fc.Arbitrary<string> => {
  const path = pathFor(c);
  const tree = fc.letrec<{ f: string }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(path, compareOp, literal).map(([p, o, v]) => `${p} ${o} ${v}`),
      path.map((p) => `${p} pr`),
      fc.tuple(tie('f'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('f')).map(([a, o, b]) => `${a} ${o} ${b}`),
      tie('f').map((a) => `not (${a})`),
      tie('f').map((a) => `(${a})`),
      fc
        .tuple(fc.constantFrom('emails', 'phoneNumbers', 'members', 'addresses'), tie('f'))
        .map(([p, a]) => `${p}[${a}]`),
    ),
  })).f;
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(c === 'APP1' ? `${EXT}:userName` : 'userName', 'userName', 'externalId'), login)
        .map(([p, v]) => `${p} eq ${JSON.stringify(v)}`),
    },
    { weight: 1, arbitrary: fc.uuid().map((u) => `userName eq "${u}"`) },
    { weight: 6, arbitrary: tree },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.nat(300).map((n) => `${'('.repeat(n)}userName pr${')'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.nat(300).map((n) => `${'not ('.repeat(n)}userName pr${')'.repeat(n)}`) },
  );
};

/** Query parameters of a list request. */
const queryFor = (c: ConnectorName): fc.Arbitrary<string> =>
  fc
    .record(
      {
        filter: filterFor(c),
        startIndex: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom('x', '1e3', '99999999999999999999', '')),
        count: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom('x', '-0', '1.5', '')),
        attributes: fc.array(pathFor(c), { maxLength: 3 }).map((a) => a.join(',')),
        excludedAttributes: fc.array(pathFor(c), { maxLength: 3 }).map((a) => a.join(',')),
        sortBy: pathFor(c),
        sortOrder: fc.constantFrom('ascending', 'descending', 'DESCENDING', 'sideways'),
      },
      { requiredKeys: [] },
    )
    .map((q) => {
      const s = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
      return s ? `?${s}` : '';
    });

// ---- resource bodies ----

const email = (kind: string) =>
  fc.record(
    { type: fc.constant(kind), value: orJunk(login), primary: fc.option(fc.boolean(), { nil: undefined }) },
    { requiredKeys: ['type', 'value'] },
  );
const scimUser = fc.record(
  {
    schemas: fc.oneof(
      { weight: 6, arbitrary: fc.constant([CORE_USER, ENT]) },
      { weight: 1, arbitrary: fc.constantFrom([CORE_USER], [], ['urn:nope'], 'x', [CORE_USER.toUpperCase()]) },
    ),
    userName: orJunk(login),
    externalId: orJunk(text),
    name: orJunk(
      fc.record({ givenName: orJunk(text), familyName: orJunk(text), formatted: text }, { requiredKeys: [] }),
    ),
    displayName: orJunk(text),
    title: orJunk(text),
    active: bool,
    emails: orJunk(fc.array(fc.oneof(email('work'), email('home'), email('other'), email('WORK')), { maxLength: 3 })),
    phoneNumbers: orJunk(
      fc.array(
        fc.record({
          type: fc.constantFrom('work', 'mobile', 'fax'),
          value: orJunk(fc.constantFrom('+1 555 0100', '+49 30 1234', 'abc')),
        }),
        { maxLength: 3 },
      ),
    ),
    addresses: orJunk(
      fc.array(fc.record({ type: fc.constantFrom('work', 'home'), locality: orJunk(text) }), { maxLength: 2 }),
    ),
    password: orJunk(fc.constantFrom('Pass@w0rd1', 'short', 'x'.repeat(300))),
    [ENT]: orJunk(
      fc.record(
        {
          department: orJunk(text),
          employeeNumber: orJunk(text),
          organization: orJunk(text),
          manager: orJunk(
            fc.oneof(
              userRef.map((value) => ({ value })),
              userRef,
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    id: fc.constantFrom('client-chosen', '@user1'),
    meta: junk,
  },
  { requiredKeys: ['schemas', 'userName'] },
);
const ecmaValue = (a: string): fc.Arbitrary<unknown> =>
  a === 'active'
    ? bool
    : a === 'expirationTime'
      ? orJunk(date)
      : a === 'manager'
        ? orJunk(userRef)
        : a === 'userName'
          ? orJunk(login)
          : a === 'export_password'
            ? orJunk(fc.constantFrom('Pass@w0rd1', 'Ab1!'.repeat(3), 'short'))
            : orJunk(text);
const ecmaExtension = fc
  .tuple(
    login,
    fc
      .subarray(ECMA_ATTRS.filter((a) => a !== 'userName'))
      .chain((names) => fc.tuple(...names.map((n) => ecmaValue(n).map((v) => [n, v] as const)))),
  )
  .map(([userName, pairs]) => ({ userName, ...Object.fromEntries(pairs) }));
const ecmaUser = fc.record(
  {
    schemas: fc.oneof(
      { weight: 6, arbitrary: fc.constant([CORE_USER, EXT]) },
      { weight: 1, arbitrary: fc.constantFrom([EXT], [CORE_USER], ['urn:nope']) },
    ),
    active: bool,
    externalId: text,
    [EXT]: orJunk(ecmaExtension),
    userName: orJunk(login),
  },
  { requiredKeys: ['schemas', EXT] },
);
const memberList = fc.array(
  fc.oneof({ weight: 8, arbitrary: userRef.map((value) => ({ value })) }, { weight: 1, arbitrary: junk }),
  { maxLength: 5 },
);
const groupBody = (c: ConnectorName) =>
  fc.record(
    {
      schemas: fc.constantFrom([CORE_GROUP], c === 'APP1' ? [CORE_GROUP, GEXT] : [CORE_GROUP], ['urn:nope']),
      displayName: orJunk(fc.tuple(fc.stringMatching(/^[A-Z][a-z]{1,8}$/), fc.nat(9999)).map(([a, n]) => `${a} ${n}`)),
      externalId: text,
      members: orJunk(memberList),
      ...(c === 'APP1' ? { [GEXT]: orJunk(fc.record({ description: text }, { requiredKeys: [] })) } : {}),
    },
    { requiredKeys: ['schemas', 'displayName'] },
  );
/** A body for POST/PUT of a user of the connector. */
const userBody = (c: ConnectorName) => (c === 'APP1' ? ecmaUser : scimUser) as fc.Arbitrary<unknown>;

// ---- PATCH (RFC 7644 §3.5.2, with Entra's shapes) ----

const opName = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'Remove', 'ADD', 'REPLACE', 'REMOVE'),
  },
  { weight: 1, arbitrary: fc.constantFrom('move', '', 'copy', 'delete') },
);
const patchValue = (c: ConnectorName) =>
  fc.oneof(
    orJunk(text),
    bool,
    login,
    userRef,
    fc.constant('["Admin","Reader"]'),
    memberList,
    c === 'APP1' ? ecmaExtension : scimUser,
  );
const patchOperation = (c: ConnectorName, group: boolean): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          op: opName,
          path: group
            ? fc.constantFrom(
                'members',
                'displayName',
                'externalId',
                `${GEXT}:description`,
                'members[value eq "@user1"]',
              )
            : pathFor(c),
          value: patchValue(c),
        },
        { requiredKeys: ['op'] },
      ),
    },
    // Entra: active as the string "False" / "True".
    { weight: 2, arbitrary: fc.record({ op: opName, path: fc.constant('active'), value: bool }) },
    // Entra: replace without a path, the value an object of paths.
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constantFrom('Replace', 'replace', 'Add'),
        value: fc.dictionary(pathFor(c), patchValue(c), { maxKeys: 3 }),
      }),
    },
    // Entra: member removal as path members with a value list, or as a value-filter path.
    { weight: group ? 4 : 0, arbitrary: fc.record({ op: opName, path: fc.constant('members'), value: memberList }) },
    {
      weight: group ? 3 : 0,
      arbitrary: fc.tuple(opName, userRef).map(([op, id]) => ({ op, path: `members[value eq "${id}"]` })),
    },
    // Entra: roles as a JSON string inside value.
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constantFrom('Add', 'Replace'),
        path: fc.constantFrom(`${EXT}:roles`, 'roles'),
        value: fc.constantFrom('["Admin","Reader"]', '[{"value":"Admin","primary":true}]', '[', '"x"'),
      }),
    },
    { weight: 1, arbitrary: junk },
  );
const patchDoc = (c: ConnectorName, group: boolean) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        schemas: fc.constantFrom([PATCH_OP], [], ['urn:nope']),
        Operations: fc.array(patchOperation(c, group), { minLength: 1, maxLength: 4 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ schemas: fc.constant([PATCH_OP]), Operations: orJunk(fc.constant([])) }) },
    { weight: 1, arbitrary: junk },
  );

// ---- Bulk (RFC 7644 §3.7) ----

const bulkOperation = (c: ConnectorName) =>
  fc.oneof(
    fc.tuple(fc.nat(5), userBody(c)).map(([n, data]) => ({ method: 'POST', bulkId: `b${n}`, path: '/Users', data })),
    fc.tuple(fc.nat(5), groupBody(c)).map(([n, data]) => ({ method: 'POST', bulkId: `g${n}`, path: '/Groups', data })),
    fc.tuple(anyId, userBody(c)).map(([id, data]) => ({ method: 'PUT', path: `/Users/${id}`, data })),
    fc
      .tuple(
        fc.oneof(
          anyId,
          fc.nat(5).map((n) => `bulkId:b${n}`),
        ),
        patchDoc(c, false),
      )
      .map(([id, data]) => ({ method: 'PATCH', path: `/Users/${id}`, data })),
    fc.tuple(groupRef, patchDoc(c, true)).map(([id, data]) => ({ method: 'patch', path: `/Groups/${id}`, data })),
    anyId.map((id) => ({ method: 'DELETE', path: `/Users/${id}` })),
    junk,
  );
const bulkBody = (c: ConnectorName) =>
  fc.record(
    {
      schemas: fc.constantFrom([BULK], [], ['urn:nope']),
      failOnErrors: fc.oneof(fc.integer({ min: -1, max: 3 }), junk),
      Operations: fc.oneof(
        { weight: 9, arbitrary: fc.array(bulkOperation(c), { maxLength: 5 }) },
        { weight: 1, arbitrary: junk },
      ),
    },
    { requiredKeys: ['schemas', 'Operations'] },
  );

// ---- bodies that are not what they claim ----

const brokenBody = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"schemas":',
    'null',
    '[]',
    '"x"',
    '{"a":1}}',
    '\u0000',
    '\ufeff{}',
    '{"userName":"\ud800"}',
  ),
  fc.nat(2000).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.nat(2000).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ maxLength: 60, unit: 'binary' }),
);

/** The kinds of request the fuzzers generate, so that a test can hold each to the properties on its own. */
export type RequestFamily = 'query' | 'bodies' | 'patch' | 'bulk' | 'ids';

/** The requests of one family to a connector. */
export const familyFor = (c: ConnectorName, family: RequestFamily): fc.Arbitrary<FuzzRequest> => {
  const r = (method: string, path: string, body?: unknown, raw?: boolean): FuzzRequest => ({
    connector: c,
    method,
    path,
    body,
    raw,
  });
  const q = queryFor(c);
  switch (family) {
    case 'query':
      return fc.oneof(
        { weight: 4, arbitrary: q.map((s) => r('GET', `/Users${s}`)) },
        { weight: 1, arbitrary: q.map((s) => r('GET', `/Groups${s}`)) },
        {
          weight: 1,
          arbitrary: fc
            .record(
              {
                filter: filterFor(c),
                startIndex: fc.integer({ min: -1, max: 5 }),
                count: fc.integer({ min: -1, max: 5 }),
                attributes: fc.array(pathFor(c), { maxLength: 2 }),
              },
              { requiredKeys: [] },
            )
            .map((b) =>
              r('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], ...b }),
            ),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('/ServiceProviderConfig', '/ResourceTypes', '/Schemas', '/Schemas/urn:nope', '/Nope')
            .map((p) => r('GET', p)),
        },
      );
    case 'bodies':
      return fc.oneof(
        { weight: 5, arbitrary: userBody(c).map((b) => r('POST', '/Users', b)) },
        { weight: 3, arbitrary: fc.tuple(userRef, userBody(c)).map(([id, b]) => r('PUT', `/Users/${id}`, b)) },
        { weight: 2, arbitrary: groupBody(c).map((b) => r('POST', '/Groups', b)) },
        { weight: 1, arbitrary: fc.tuple(groupRef, groupBody(c)).map(([id, b]) => r('PUT', `/Groups/${id}`, b)) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(
              fc.constantFrom(
                'POST /Users',
                'PUT /Users/@user0',
                'PATCH /Users/@user0',
                'POST /Bulk',
                'PATCH /Groups/@group0',
              ),
              brokenBody,
            )
            .map(([mp, b]) => {
              const [m, p] = mp.split(' ');
              return r(m, p, b, true);
            }),
        },
      );
    case 'patch':
      return fc.oneof(
        { weight: 2, arbitrary: fc.tuple(userRef, patchDoc(c, false)).map(([id, b]) => r('PATCH', `/Users/${id}`, b)) },
        {
          weight: 1,
          arbitrary: fc.tuple(groupRef, patchDoc(c, true)).map(([id, b]) => r('PATCH', `/Groups/${id}`, b)),
        },
      );
    case 'bulk':
      return bulkBody(c).map((b) => r('POST', '/Bulk', b));
    case 'ids':
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .tuple(anyId, fc.constantFrom('', '?attributes=userName', '?excludedAttributes=emails'))
            .map(([id, s]) => r('GET', `/Users/${id}${s}`)),
        },
        { weight: 2, arbitrary: fc.tuple(anyId, patchDoc(c, false)).map(([id, b]) => r('PATCH', `/Users/${id}`, b)) },
        { weight: 1, arbitrary: fc.tuple(anyId, userBody(c)).map(([id, b]) => r('PUT', `/Users/${id}`, b)) },
        { weight: 1, arbitrary: anyId.map((id) => r('DELETE', `/Users/${id}`)) },
        { weight: 1, arbitrary: groupRef.map((id) => r('DELETE', `/Groups/${id}`)) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('/Users/', '/Users/%', '/Users/..%2F..', '/Users/a/b').map((p) => r('GET', p)),
        },
      );
  }
};

const FAMILIES: RequestFamily[] = ['query', 'bodies', 'patch', 'bulk', 'ids'];

/** Requests of the given families (all by default) to either demo connector. */
export const requestsOf = (families: RequestFamily[] = FAMILIES): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(...families.flatMap((f) => (['APP1', 'SCIMAPP'] as const).map((c) => familyFor(c, f))));
