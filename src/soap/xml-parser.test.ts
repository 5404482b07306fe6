// The safe XML parser: namespaces and references are read right, and hostile input (a DOCTYPE, external entities,
// entity expansion, huge or deeply nested documents) is refused quickly with a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XmlParseError, attr, parseXml, resolveQName } from './xml-parser.ts';
import { decodeXml } from './decode-xml.ts';

test('namespaces are resolved, attribute QNames resolve against the scope, references and CDATA are text', () => {
  const root = parseXml(
    '<a:root xmlns:a="urn:a" xmlns="urn:d" x="1 &lt; 2 &#x20AC;&#169;"><child a:y="v">&amp;&quot;<![CDATA[<raw> & ]]></child><inner xmlns="" ref="a:T"/></a:root>',
    't',
  );
  assert.equal(root.ns, 'urn:a');
  assert.equal(root.local, 'root');
  assert.equal(attr(root, 'x'), '1 < 2 €©');
  const [child, inner] = root.children;
  assert.equal(child.ns, 'urn:d', 'the default namespace applies to unprefixed elements');
  assert.equal(attr(child, 'y', 'urn:a'), 'v');
  assert.equal(child.text, '&"<raw> & ');
  assert.equal(inner.ns, '', 'xmlns="" undeclares the default namespace');
  assert.deepEqual(resolveQName(inner, attr(inner, 'ref') as string), { ns: 'urn:a', local: 'T' });
  assert.equal(resolveQName(inner, 'nope:T'), undefined);
});

test('a DOCTYPE is refused before any entity is read: no external file, no expansion', () => {
  const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
  assert.throws(
    () => parseXml(xxe, 'doc.xml'),
    (e: unknown) =>
      e instanceof XmlParseError &&
      /^doc\.xml:1:\d+: a DOCTYPE is not accepted/.test(e.message) &&
      !/root:/.test(e.message),
  );
  const param = '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]><r/>';
  assert.throws(() => parseXml(param, 'p.xml'), /a DOCTYPE is not accepted/);
  assert.throws(() => parseXml('<!DOCTYPE html><html/>', 'h.xml'), /a DOCTYPE is not accepted/);
});

test('billion laughs fails at once (the DOCTYPE is refused before anything expands)', () => {
  const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
  const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${levels}]><r>&l9;</r>`;
  const start = performance.now();
  assert.throws(() => parseXml(xml, 'lol.xml'), /a DOCTYPE is not accepted/);
  assert.ok(performance.now() - start < 2000, 'refused before anything expands');
});

test('an entity that was never declared is an error, not text', () => {
  assert.throws(() => parseXml('<r>&nbsp;</r>', 'e.xml'), /e\.xml:1:\d+: not well-formed XML: undefined entity/);
});

test('not well-formed: mismatched tags, two roots, text after the root, an undeclared prefix, empty input', () => {
  assert.throws(() => parseXml('<a><b></a>', 'm.xml'), /m\.xml:1:\d+: not well-formed XML: unexpected close tag/);
  assert.throws(() => parseXml('<a/><b/>', 'two.xml'), /not well-formed XML: documents may contain only one root/);
  assert.throws(() => parseXml('<x:a/>', 'p.xml'), /not well-formed XML: unbound namespace prefix: "x"/);
  assert.throws(() => parseXml('', 'empty.xml'), /empty\.xml:.*(document must contain a root element|no XML element)/);
  assert.throws(() => parseXml('<a>\u0001</a>', 'c.xml'), /not well-formed XML: disallowed character/);
});

test('size and depth are bounded', () => {
  const big = `<r>${'x'.repeat(2000)}</r>`;
  assert.throws(
    () => parseXml(big, 'big.xml', { maxBytes: 1000 }),
    /big\.xml: the document is 2007 bytes, more than the 1000 accepted/,
  );
  assert.throws(
    () => parseXml(`<r>${'é'.repeat(600)}</r>`, 'utf8.xml', { maxBytes: 1000 }),
    /1207 bytes/,
    'counted in UTF-8 bytes',
  );
  const deep = `${'<a>'.repeat(300)}${'</a>'.repeat(300)}`;
  assert.throws(() => parseXml(deep, 'deep.xml'), /deep\.xml:1:\d+: elements are nested more than 256 deep/);
  assert.equal(parseXml(deep, 'deep.xml', { maxDepth: 400 }).local, 'a');
});

test('a 50 MB response with a million elements parses within the default bounds, quickly', () => {
  const item = '<item><USERNAME>USER</USERNAME><FIRSTNAME>Ann &amp; Bob</FIRSTNAME></item>';
  const xml = `<r>${item.repeat(20000)}</r>`;
  const start = performance.now();
  const root = parseXml(xml, 'list.xml');
  assert.equal(root.children.length, 20000);
  assert.equal(root.children[19999].children[1].text, 'Ann & Bob');
  assert.ok(performance.now() - start < 2000);
});

test('bytes are decoded by BOM, HTTP charset or XML declaration', () => {
  const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r>caf\xe9</r>', 'latin1');
  assert.equal(parseXml(decodeXml(latin1, 'l.xml'), 'l.xml').text, 'café');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<r>ü</r>', 'utf16le')]);
  assert.equal(parseXml(decodeXml(utf16, 'u.xml'), 'u.xml').text, 'ü');
  assert.equal(decodeXml(Buffer.from('<r>é</r>'), 'h.xml', 'text/xml; charset="utf-8"'), '<r>é</r>');
  assert.throws(
    () => decodeXml(Buffer.from([0x3c, 0x72, 0x3e, 0xff, 0x3c]), 'bad.xml'),
    /bad\.xml: the bytes are not valid UTF-8 text/,
  );
  assert.throws(
    () => decodeXml(Buffer.from('<r/>'), 'x.xml', 'text/xml; charset=klingon'),
    /unknown character encoding "klingon"/,
  );
});
