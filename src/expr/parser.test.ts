import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallNode, ExprNode } from './ast.ts';
import { compileExpression } from './compile.ts';
import { MappingExpressionError, MappingExpressionSyntaxError } from './errors.ts';
import { MAX_EXPRESSION_LENGTH, MAX_NESTING, parseExpression } from './parser.ts';

function parseError(text: string): MappingExpressionSyntaxError {
  try {
    parseExpression(text);
  } catch (e) {
    assert.ok(e instanceof MappingExpressionSyntaxError, `${text}: ${String(e)}`);
    return e;
  }
  assert.fail(`${text}: expected a syntax error`);
}

// Strips positions so trees can be compared by shape.
function shape(n: ExprNode | { kind: 'omitted' }): unknown {
  switch (n.kind) {
    case 'literal':
      return n.value;
    case 'attribute':
      return `[${n.name}]`;
    case 'omitted':
      return '<empty>';
    case 'compare':
      return [n.op, shape(n.left), shape(n.right)];
    default:
      return { [n.name]: n.args.map(shape) };
  }
}

test('function calls, attributes, literals and nesting', () => {
  assert.deepEqual(shape(parseExpression('ToUpper(Word([userPrincipalName], 1, "@"), )')), {
    ToUpper: [{ Word: ['[userPrincipalName]', 1, '@'] }, '<empty>'],
  });
  assert.deepEqual(shape(parseExpression('Guid()')), { Guid: [] });
  assert.deepEqual(
    shape(parseExpression('Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )')),
    {
      Replace: [
        '[BusinessTitle]',
        'Product Developer',
        '<empty>',
        '<empty>',
        'Software Engineer',
        '<empty>',
        '<empty>',
      ],
    },
  );
  assert.deepEqual(shape(parseExpression('F(,)')), { F: ['<empty>', '<empty>'] });
  assert.deepEqual(shape(parseExpression('[givenName]')), '[givenName]', 'a bare attribute is an expression');
  assert.deepEqual(shape(parseExpression('"constant"')), 'constant');
});

test('attribute names: extension attributes, spaces, URNs, trimmed', () => {
  assert.equal(shape(parseExpression('[extension_53c9e2c0e_acmeCostCenter]')), '[extension_53c9e2c0e_acmeCostCenter]');
  assert.equal(shape(parseExpression('[Employee ID]')), '[Employee ID]');
  assert.equal(
    shape(parseExpression('[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department]')),
    '[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department]',
  );
  assert.equal(shape(parseExpression('[ mail ]')), '[mail]');
});

test('string literals: \\" and \\\\ are escapes, other backslashes stay (regex patterns)', () => {
  assert.equal(shape(parseExpression('"Company name: \\"Contoso\\""')), 'Company name: "Contoso"');
  assert.equal(shape(parseExpression('"a\\\\b"')), 'a\\b');
  assert.equal(shape(parseExpression('"\\\\+(?<isdCode>\\\\d* )"')), '\\+(?<isdCode>\\d* )');
  assert.equal(shape(parseExpression('"\\d{10}"')), '\\d{10}');
  assert.equal(shape(parseExpression('""')), '');
  assert.equal(shape(parseExpression('"Zoë 日本 🎉"')), 'Zoë 日本 🎉');
});

test('numbers: decimal, negative, &H hex in any case, True/False and VBA constants', () => {
  assert.deepEqual(shape(parseExpression('F(7, -10, 1.5, 129699324000000000)')), {
    F: [7, -10, 1.5, 129699324000000000],
  });
  assert.deepEqual(shape(parseExpression('BitAnd(&HF, &hf7)')), { BitAnd: [15, 247] });
  assert.deepEqual(shape(parseExpression('F(&H7FFFFFFF, &HFFFFFFFFFFFFF)')), { F: [0x7fffffff, 0xfffffffffffff] });
  assert.deepEqual(shape(parseExpression('F(True, false, TRUE)')), { F: [true, false, true] });
  assert.deepEqual(shape(parseExpression('InStr("repEated","e",3,vbBinaryCompare)')), {
    InStr: ['repEated', 'e', 3, 0],
  });
  assert.deepEqual(shape(parseExpression('F(vbTextCompare)')), { F: [1] });
});

test('comparisons: = <> < <= > >=, as IIF and CBool arguments', () => {
  for (const op of ['=', '<>', '<', '<=', '>', '>=']) {
    assert.deepEqual(shape(parseExpression(`IIF([country]${op}"FR","Bonjour","Hello")`)), {
      IIF: [[op, '[country]', 'FR'], 'Bonjour', 'Hello'],
    });
  }
  assert.deepEqual(shape(parseExpression('CBool([attribute1] = [attribute2])')), {
    CBool: [['=', '[attribute1]', '[attribute2]']],
  });
  assert.deepEqual(shape(parseExpression('IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True")')), {
    IIF: [['>', { DateDiff: ['d', { Now: [] }, { CDate: ['[StatusHireDate]'] }] }, 5], 'False', 'True'],
  });
});

test('whitespace and line breaks anywhere between tokens', () => {
  const text =
    'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")';
  const call = parseExpression(text) as CallNode;
  assert.equal(call.args.length, 6);
  assert.equal(call.args[1].kind, 'omitted');
  assert.deepEqual(shape(parseExpression('\t ToUpper ( [a] )\r\n')), { ToUpper: ['[a]'] });
});

test('positions: nodes know where they are', () => {
  const call = parseExpression('Append([userPrincipalName], ".test")') as CallNode;
  assert.equal(call.pos, 0);
  assert.equal(call.close, 35);
  assert.deepEqual([call.args[0].pos, call.args[0].end], [7, 26]);
  assert.deepEqual([call.args[1].pos, call.args[1].end], [28, 35]);
});

test('malformed input: the 0-based position and what was expected', () => {
  const cases: Array<[string, number, string[]]> = [
    ['ToUpper([a] "x")', 12, ['")"', '","', 'a comparison operator']],
    ['ToUpper([a]', 11, ['")"', '","', 'a comparison operator']],
    ['ToUpper(', 8, ['")"', '","', 'a function call', 'an [attribute]', 'a string', 'a number']],
    ['IIF([a] = , "x", "y")', 10, ['a function call', 'an [attribute]', 'a string', 'a number']],
    ['IIF([a] = [b] = [c], "x", "y")', 14, ['")"', '","']],
    ['ToUpper([a]) extra', 13, ['the end of the expression', 'a comparison operator']],
    ['[a] = [b] = [c]', 10, ['the end of the expression']],
    [')', 0, ['a function call', 'an [attribute]', 'a string', 'a number']],
    ['', 0, ['a function call', 'an [attribute]', 'a string', 'a number']],
    ['   ', 3, ['a function call', 'an [attribute]', 'a string', 'a number']],
    ['Append("abc', 11, ['"\\""']],
    ['Append([abc, "x")', 11, ['"]"']],
    ['Append([abc', 11, ['"]"']],
    ['[a\nb]', 2, ['"]"']],
    ['Append([], "x")', 8, ['an attribute name']],
    ['BitAnd(&G1, 1)', 8, ['"H"']],
    ['BitAnd(&H, 1)', 9, ['a hex digit']],
    ['Left("x", 12ab)', 12, ['a digit']],
    ['userPrincipalName', 17, ['"("']],
    ['ToUpper(userPrincipalName)', 25, ['"("']],
    ['\u201CJohn\u201D', 0, ['"\\""']],
  ];
  for (const [text, position, expected] of cases) {
    const e = parseError(text);
    assert.equal(e.position, position, `${text}: ${e.message}`);
    assert.deepEqual(e.expected, expected, `${text}: ${e.message}`);
    assert.match(e.message, new RegExp(`^at ${position}: `));
  }
});

test('error messages read well', () => {
  assert.equal(
    parseError('ToUpper([a] "x")').message,
    'at 12: expected ")", "," or a comparison operator (found the string "x")',
  );
  assert.equal(parseError('IIF([a] = [b] = [c], "x", "y")').message, 'at 14: expected ")" or "," (found "=")');
  assert.equal(parseError('Append([x], "abc').message, 'at 16: the string starting at 12 is not closed');
  assert.match(parseError('x @ y').message, /^at 2: unexpected character "@"/);
  assert.match(parseError('F(@)').message, /^at 2: unexpected character "@"/);
  assert.match(parseError('F(])').message, /^at 2: unexpected "]"/);
  assert.match(parseError('F(👍)').message, /^at 2: unexpected character "👍"/);
  assert.equal(
    parseError('F([a] [b])').message,
    'at 6: expected ")", "," or a comparison operator (found the attribute [b])',
  );
  assert.equal(parseError('F(1 2)').message, 'at 4: expected ")", "," or a comparison operator (found the number 2)');
});

test('the 10,000-character limit', () => {
  const pad = (n: number): string => `Append("${'x'.repeat(n - 14)}", "")`;
  assert.equal(pad(MAX_EXPRESSION_LENGTH).length, MAX_EXPRESSION_LENGTH);
  assert.doesNotThrow(() => parseExpression(pad(MAX_EXPRESSION_LENGTH)));
  const e = parseError(pad(MAX_EXPRESSION_LENGTH + 1));
  assert.equal(e.position, MAX_EXPRESSION_LENGTH);
  assert.match(e.message, /longer than 10,000 characters \(10,001\)/);
  assert.ok(
    parseError('x'.repeat(1_000_000)).position === MAX_EXPRESSION_LENGTH,
    'a huge input is rejected before reading',
  );
});

test('nesting is bounded (no stack overflow on hostile input)', () => {
  const nested = (depth: number): string => `${'ToUpper('.repeat(depth)}"x"${')'.repeat(depth)}`;
  assert.doesNotThrow(() => parseExpression(nested(MAX_NESTING)));
  assert.match(parseError(nested(MAX_NESTING + 1)).message, /nested deeper than 200 levels/);
  assert.ok(parseError('F('.repeat(3000)) instanceof MappingExpressionSyntaxError);
});

// A deterministic generator, so a failure is reproducible.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  'ToUpper(',
  'Word(',
  'Switch(',
  'IIF(',
  'Join(',
  'Replace(',
  'Mid(',
  'CDate(',
  'DateAdd(',
  'FormatDateTime(',
  'Left(',
  'Coalesce(',
  'IgnoreFlowIfNullOrEmpty(',
  'SelectUniqueValue(',
  'Redact(',
  'NumFromDate(',
  'DateFromNum(',
  'BitAnd(',
  'Item(',
  'Split(',
  'Count(',
  'Not(',
  'CBool(',
  'Now()',
  'Guid()',
  'Foo(',
  '[a]',
  '[userPrincipalName]',
  '[list]',
  '[',
  ']',
  '(',
  ')',
  ',',
  ', ',
  '"',
  '"x"',
  '"\\""',
  '\\',
  '1',
  '-3',
  '0',
  '&HF',
  '&',
  'H',
  '=',
  '<>',
  '<',
  '>=',
  ' ',
  '\n',
  'True',
  'vbTextCompare',
  'x',
  '.',
  '"d"',
  '"yyyy-MM-dd"',
  '"[a-z]+"',
  '"(?<g>\\\\d)"',
  '"g"',
  '😀',
  'é',
];

test('fuzz: thousands of random inputs never crash; errors always carry a position', () => {
  const next = rng(20240521);
  const attributes = { a: 'Zoë', userPrincipalName: 'jo@contoso.com', list: ['b', '', null, 'a'] };
  let compiled = 0;
  for (let k = 0; k < 6000; k++) {
    let text = '';
    const pieces = 1 + Math.floor(next() * 14);
    for (let j = 0; j < pieces; j++) {
      // Mostly grammar pieces, sometimes any character at all.
      text +=
        next() < 0.85 ? PIECES[Math.floor(next() * PIECES.length)] : String.fromCharCode(Math.floor(next() * 0x3000));
    }
    let expr: ReturnType<typeof compileExpression>;
    try {
      expr = compileExpression(text);
    } catch (e) {
      assert.ok(e instanceof MappingExpressionSyntaxError, `${JSON.stringify(text)} threw ${String(e)}`);
      assert.ok(
        Number.isInteger(e.position) && e.position >= 0 && e.position <= text.length,
        `${JSON.stringify(text)}: position ${e.position}`,
      );
      continue;
    }
    compiled++;
    try {
      const r = expr.evaluate({ attributes, now: new Date(0), isTaken: () => false });
      assert.ok(r.kind === 'ignored' || r.kind === 'value');
    } catch (e) {
      assert.ok(e instanceof MappingExpressionError, `${JSON.stringify(text)} evaluation threw ${String(e)}`);
    }
  }
  assert.ok(compiled > 50, `some random inputs are valid expressions (${compiled})`);
});

test('fuzz: mutations of valid expressions', () => {
  const next = rng(7);
  const seeds = [
    'ToUpper(Word([userPrincipalName], 1, "@"), )',
    'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")',
    'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
    'IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True")',
    'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
  ];
  for (let k = 0; k < 3000; k++) {
    let text = seeds[k % seeds.length];
    for (let m = 0; m < 1 + Math.floor(next() * 3); m++) {
      const at = Math.floor(next() * (text.length + 1));
      const r = next();
      if (r < 0.4) text = text.slice(0, at) + text.slice(at + 1);
      else if (r < 0.8) text = text.slice(0, at) + '(),"[]&\\ x1'[Math.floor(next() * 12)] + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5));
    }
    try {
      compileExpression(text).evaluate({
        attributes: { userPrincipalName: 'a@b', StatusHireDate: '2021-01-01' },
        now: new Date(0),
      });
    } catch (e) {
      assert.ok(
        e instanceof MappingExpressionSyntaxError || e instanceof MappingExpressionError,
        `${JSON.stringify(text)} threw ${String(e)}`,
      );
    }
  }
});
