// The fast SOAP response scanner gives exactly the strict parser's tree, and gives up on anything doubtful.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fastParseXml } from './fast-xml.ts';
import { parseXml, type XmlElement } from './xml-parser.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);

function strip(e: XmlElement): unknown {
  return {
    local: e.local,
    ns: e.ns,
    qname: e.qname,
    attrs: e.attrs,
    text: e.text,
    scope: e.scope,
    children: e.children.map(strip),
  };
}

test('same tree as the strict parser on every fixture and on SOAP responses with entities, CDATA and comments', () => {
  const docs: [string, string][] = (readdirSync(FIXTURES, { recursive: true }) as string[])
    .filter((f) => /\.(wsdl|xsd|xml)$/.test(f) && !f.startsWith('hostile') && !f.startsWith('broken'))
    .map((f) => [f, readFileSync(new URL(f, FIXTURES), 'utf8')]);
  docs.push([
    'response',
    `<?xml version="1.0"?>\n<!-- a comment --><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r:X xmlns:r="urn:r" a='1' r:b="&lt;&#x20AC;&#8364;"><NAME>A &amp; B &quot;q&quot; &apos;</NAME><CDATA><![CDATA[<raw> & ]]></CDATA><EMPTY/><xsi xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>Ünïcödé ✓</r:X></s:Body></s:Envelope>`,
  ]);
  assert.ok(docs.length >= 5);
  let fastCount = 0;
  for (const [name, text] of docs) {
    const fast = fastParseXml(text);
    if (fast === undefined) continue; // gave up: the strict parser decides (checked below for the response)
    fastCount++;
    assert.deepEqual(strip(fast), strip(parseXml(text, name)), name);
  }
  assert.ok(fastCount >= 4, `${fastCount} documents took the fast path`);
  assert.ok(fastParseXml(docs[docs.length - 1][1]), 'a plain response takes the fast path');
});

test('gives up (so the strict parser decides) on DOCTYPEs, unknown entities and anything not well-formed', () => {
  for (const bad of [
    '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    '<a>&nbsp;</a>',
    '<a>& b</a>',
    '<a><b></a></b>',
    '<a></a><b></b>',
    '<p:a></p:a>',
    '<a x="1" x="2"/>',
    '<a x="<"/>',
    '<a>',
    'text<a/>',
    '<a>&#0;</a>',
  ]) {
    assert.equal(fastParseXml(bad), undefined, bad);
  }
});

test('depth and size limits are left to the strict parser', () => {
  const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
  assert.equal(fastParseXml(deep), undefined);
  assert.equal(fastParseXml('<a/>', { maxBytes: 1 }), undefined);
});
