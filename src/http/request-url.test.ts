import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestUrl, sameOrigin } from './request-url.ts';
import { encodeBody } from './request-body.ts';

test('paths are appended to the base URL', () => {
  assert.equal(requestUrl('https://app/api/v2', '/users').toString(), 'https://app/api/v2/users');
  assert.equal(requestUrl('https://app/api/v2/', 'users').toString(), 'https://app/api/v2/users');
  assert.equal(requestUrl('https://app', '/users').toString(), 'https://app/users');
  assert.equal(requestUrl('https://app/api', '').toString(), 'https://app/api');
  assert.equal(requestUrl('https://app/api?tenant=1', '/u?x=2').toString(), 'https://app/api/u?tenant=1&x=2');
});

test('absolute URLs are used as they are', () => {
  assert.equal(requestUrl('https://app/api', 'https://other/x?y=1').toString(), 'https://other/x?y=1');
});

test('query values: scalars, booleans, lists, undefined skipped', () => {
  const u = requestUrl('https://app', '/u', { a: 1, b: true, c: ['x', 2], d: undefined, e: 'a b&c' });
  assert.equal(u.search, '?a=1&b=true&c=x&c=2&e=a+b%26c');
});

test('same origin compares scheme, host and port', () => {
  assert.ok(sameOrigin('https://a:443/x', 'https://a/y'));
  assert.ok(!sameOrigin('https://a/x', 'http://a/x'));
  assert.ok(!sameOrigin('https://a/x', 'https://a:8443/x'));
});

test('bodies: JSON, form, text, SOAP 1.1 and 1.2', () => {
  assert.deepEqual(encodeBody({ json: { a: 1 } }), {
    body: '{"a":1}',
    headers: { 'content-type': 'application/json' },
  });
  assert.deepEqual(encodeBody({ form: { a: 'x y', b: '&' } }), {
    body: 'a=x+y&b=%26',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.deepEqual(encodeBody({ text: 'hi', contentType: 'text/plain' }), {
    body: 'hi',
    headers: { 'content-type': 'text/plain' },
  });
  assert.deepEqual(encodeBody({ xml: '<x/>', soapAction: 'urn:Get' }), {
    body: '<x/>',
    headers: { soapaction: '"urn:Get"', 'content-type': 'text/xml; charset=utf-8' },
  });
  assert.deepEqual(
    encodeBody({ xml: '<x/>', soapAction: 'urn:Get', contentType: 'application/soap+xml; charset=utf-8' }),
    {
      body: '<x/>',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8; action="urn:Get"' },
    },
  );
});
