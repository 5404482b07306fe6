// Flow expressions and templates: evaluation, safety, load-time checks, escaping by sink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpression } from './check.ts';
import { evaluate } from './evaluate.ts';
import { FlowExpressionSyntaxError, parseExpression } from './parse.ts';
import { parseTemplate, renderTemplate, UnsafeValueError } from './template.ts';

const scope = {
  object: {
    anchor: 'a/b c',
    attributes: {
      login: 'Ann',
      emails: [
        { kind: 'work', address: 'ann@x' },
        { kind: 'home', address: 'a@h' },
      ],
      n: 3,
    },
  },
  params: { apiKey: 'k' },
};
const ev = (s: string) => evaluate(parseExpression(s), scope);

test('member access, functions, operators', () => {
  assert.equal(ev('object.attributes.login'), 'Ann');
  assert.equal(ev('lower(object.attributes.login)'), 'ann');
  assert.equal(ev("find(object.attributes.emails, 'kind', 'home').address"), 'a@h');
  assert.deepEqual(ev("pluck(object.attributes.emails, 'address')"), ['ann@x', 'a@h']);
  assert.equal(ev('object.attributes.n * 2 + 1'), 7);
  assert.equal(ev("object.attributes.missing ?? 'dflt'"), 'dflt');
  assert.equal(ev("object.attributes.login == 'Ann' && !empty(object.attributes.emails)"), true);
  assert.equal(ev('object.attributes.emails[1].kind'), 'home');
  assert.equal(ev("object.attributes.n > 2 ? 'big' : 'small'"), 'big');
  assert.deepEqual(
    ev(
      "compact([entry('kind', 'work', 'address', object.attributes.none), entry('kind', 'home', 'address', 'h')], 'address')",
    ),
    [{ kind: 'home', address: 'h' }],
  );
});

test('no way out of the sandbox: prototypes, constructors and methods are unreachable', () => {
  assert.equal(ev('object.constructor'), undefined);
  assert.equal(ev("object['__proto__']"), undefined);
  assert.equal(ev('object.attributes.login.toUpperCase'), undefined);
  const problems = checkExpression(parseExpression('object.attributes.login.toUpperCase()'), {
    variables: new Set(['object']),
  });
  assert.match(problems.join(), /only named functions/);
  assert.throws(() => parseExpression('a = 1'), FlowExpressionSyntaxError);
  assert.throws(() => parseExpression('a; b'), FlowExpressionSyntaxError);
});

test('load-time checks name unknown variables, functions, arities, attributes and parameters', () => {
  const s = { variables: new Set(['object', 'params']), attributes: new Set(['login']), params: new Set(['apiKey']) };
  assert.deepEqual(checkExpression(parseExpression('object.attributes.login'), s), []);
  assert.match(checkExpression(parseExpression('obj.x'), s)[0], /unknown variable "obj"/);
  assert.match(checkExpression(parseExpression('nope(1)'), s)[0], /unknown function nope/);
  assert.match(checkExpression(parseExpression('lower(1, 2)'), s)[0], /takes 1 arguments, got 2/);
  assert.match(checkExpression(parseExpression('object.attributes.logn'), s)[0], /no such attribute/);
  assert.match(checkExpression(parseExpression('params.token'), s)[0], /no such parameter/);
  assert.match(checkExpression(parseExpression('changed("x")'), s)[0], /no such attribute/);
});

test('templates escape by sink: path segments, headers, XML; JSON keeps types', () => {
  const t = parseTemplate('/users/{{ object.anchor }}/x');
  assert.equal(renderTemplate(t, scope, 'path'), '/users/a%2Fb%20c/x');
  assert.equal(renderTemplate(parseTemplate('{{ object.attributes.n }}'), scope, 'json'), 3);
  assert.deepEqual(
    renderTemplate(parseTemplate('{{ object.attributes.emails }}'), scope, 'json'),
    scope.object.attributes.emails,
  );
  assert.equal(renderTemplate(parseTemplate('n={{ object.attributes.n }}'), scope, 'json'), 'n=3');
  assert.equal(renderTemplate(parseTemplate('<a>{{ v }}</a>'), { v: '<b>&"' }, 'xml'), '<a>&lt;b&gt;&amp;&quot;</a>');
  assert.throws(() => renderTemplate(parseTemplate('{{ v }}'), { v: 'x\r\nInjected: 1' }, 'header'), UnsafeValueError);
  assert.equal(renderTemplate(parseTemplate('Bearer {{ params.apiKey }}'), scope, 'header'), 'Bearer k');
});

test('template syntax errors give the offset', () => {
  assert.throws(
    () => parseTemplate('abc {{ x '),
    (e: FlowExpressionSyntaxError) => e.index === 4,
  );
  assert.throws(
    () => parseTemplate('ab {{ x + }}'),
    (e: FlowExpressionSyntaxError) => e.index > 4,
  );
});

test('compiled expressions give what the tree walker gives', async () => {
  const { compile } = await import('./compile.ts');
  const s2 = { ...scope, n: 3, list: [1, 2], flag: false, nil: null };
  for (const e of [
    'object.attributes.login',
    "object['attributes'].emails[1].kind",
    'lower(object.attributes.login)',
    'n * 2 + 1',
    'n > 2 ? "big" : "small"',
    '!flag && n >= 3',
    'nil ?? "dflt"',
    'flag || "x"',
    'missing == null',
    'n != 3',
    '-n',
    "find(object.attributes.emails, 'kind', 'home').address",
    'object.constructor',
    'len(list) % 2',
    '[n, 1]',
    'undefined',
  ]) {
    const node = parseExpression(e);
    assert.deepEqual(compile(node)(s2), evaluate(node, s2), e);
  }
  assert.equal(compile(parseExpression('changed("x")'))(s2, { changed: (n: string) => n === 'x' }), true);
});

test('extend joins lists (one page of names after another); append keeps a list as one item', () => {
  assert.deepEqual(ev("extend(['a'], ['b', 'c'], [], null, 'd')"), ['a', 'b', 'c', 'd']);
  assert.deepEqual(ev("append(['a'], ['b', 'c'])"), ['a', ['b', 'c']]);
});
