// The token goes where a template wrote the marker, encoded for the place: JSON, form, XML, URL, header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PreparedRequest } from '../types.ts';
import { placeToken } from './token-placeholder.ts';

const TOKEN = 'a"b\\c&d<e> f';

function req(over: Partial<PreparedRequest>): PreparedRequest {
  return { method: 'POST', url: new URL('http://127.0.0.1/api'), headers: {}, deadline: Infinity, ...over };
}

test('a JSON body gets the token in the parsed value, so quotes in it cannot break the JSON', () => {
  const r = req({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'user.get', auth: '$session', params: { note: 'x $session y' } }),
  });
  placeToken(r, '$session', TOKEN);
  assert.deepEqual(JSON.parse(r.body ?? ''), {
    jsonrpc: '2.0',
    method: 'user.get',
    auth: TOKEN,
    params: { note: `x ${TOKEN} y` },
  });
});

test('form, XML, URL and header values get the token encoded for their place', () => {
  const form = req({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'sid=%24session&a=1' });
  placeToken(form, '$session', TOKEN);
  assert.equal(new URLSearchParams(form.body).get('sid'), TOKEN);

  const xml = req({ headers: { 'content-type': 'text/xml' }, body: '<s>$session</s>' });
  placeToken(xml, '$session', TOKEN);
  assert.equal(xml.body, '<s>a&quot;b\\c&amp;d&lt;e&gt; f</s>');

  const url = req({
    url: new URL('http://127.0.0.1/api/$session/users?sid=$session'),
    headers: { 'x-s': 'S $session' },
  });
  placeToken(url, '$session', TOKEN);
  assert.equal(url.url.searchParams.get('sid'), TOKEN);
  assert.equal(decodeURIComponent(url.url.pathname), `/api/${TOKEN}/users`);
  assert.equal(url.headers['x-s'], `S ${TOKEN}`);
});

test('a request without the marker is left as it was', () => {
  const body = JSON.stringify({ a: 'session' });
  const r = req({ headers: { 'content-type': 'application/json' }, body });
  placeToken(r, '$session', TOKEN);
  assert.equal(r.body, body);
  assert.equal(r.url.href, 'http://127.0.0.1/api');
});
